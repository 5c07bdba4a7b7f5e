import { BadRequestError, ForbiddenError } from '../errors.js';
import { validateDb, SCHEMA_VERSION, type DbFile, type Store } from '../storage/index.js';
import { hasRole, type Actor } from '../users/types.js';

/** Parses and checks an uploaded backup; refuses anything that is not a complete claimbench database. */
export function validateBackup(text: string): DbFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('That file is not JSON, so it is not a claimbench backup.', undefined, 'invalid_backup');
  }
  if (parsed === null || typeof parsed !== 'object' || !('schemaVersion' in parsed)) {
    throw new BadRequestError('That file is not a claimbench backup (it has no schemaVersion).', undefined, 'invalid_backup');
  }
  if ((parsed as { schemaVersion: unknown }).schemaVersion !== SCHEMA_VERSION) {
    throw new BadRequestError(`That backup has schema version ${String((parsed as { schemaVersion: unknown }).schemaVersion)}; this claimbench restores version ${SCHEMA_VERSION}.`, undefined, 'invalid_backup');
  }
  try {
    return validateDb(parsed);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BadRequestError(`That backup does not match the claimbench schema: ${reason}`, undefined, 'invalid_backup');
  }
}

export class BackupService {
  constructor(private readonly store: Store) {}

  /** Replaces the whole database with a validated backup, durably, and records who did it. */
  async restore(db: DbFile, actor: Actor): Promise<void> {
    if (!hasRole(actor, 'admin')) throw new ForbiddenError('Only an admin can restore a backup.');
    if (!db.users.some((u) => u.role === 'admin' && u.active)) {
      throw new BadRequestError('That backup has no active admin account; restoring it would lock everyone out.', undefined, 'invalid_backup');
    }
    await this.store.restore(db);
    await this.store.transact((tx) => {
      tx.audit({ actor, entity: 'database', entityId: 'database', action: 'restore', before: null, after: { records: Object.fromEntries(Object.entries(this.store.stats().records)) } });
    });
  }
}


