import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, found } from '../errors.js';
import { newId, type Store, type Tx } from '../storage/index.js';
import { STANCES, type EvidenceRecord, type SourceRecord } from '../storage/records.js';
import { hasRole, type Actor } from '../users/types.js';
import { parse } from '../validation.js';
import { httpUrl, normalizeUrl } from './urls.js';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

export const sourceFields = {
  url: httpUrl,
  title: optional(300),
  publisher: optional(160),
  date: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.iso.date().nullable()),
  kind: z
    .enum(['primary', 'secondary', ''])
    .optional()
    .transform((v) => (v ? v : null)),
  reliabilityNote: optional(1000),
};

export const addEvidenceCommand = z.object({
  ...sourceFields,
  stance: z.enum(STANCES, { message: 'Choose whether the source supports, refutes or gives context.' }),
  quote: optional(4000),
  note: optional(2000),
});
export type AddEvidenceCommand = z.input<typeof addEvidenceCommand>;

export const updateSourceCommand = z.object({ version: z.coerce.number().int().positive(), ...sourceFields, title: z.string().trim().min(1).max(300) }).omit({ url: true });

/** Evidence as shown with its source. */
export interface EvidenceView extends EvidenceRecord {
  source: SourceRecord;
}

export class SourcesService {
  constructor(private readonly store: Store) {}

  list(): SourceRecord[] {
    return Array.from(this.store.all('sources')).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): SourceRecord | undefined {
    return this.store.get('sources', id);
  }

  require(id: string): SourceRecord {
    return found(this.get(id), 'Source');
  }

  evidence(id: string): EvidenceRecord {
    return found(this.store.get('evidence', id), 'Evidence');
  }

  byUrl(url: string): SourceRecord | undefined {
    return this.store.find('sources', 'normalizedUrl', normalizeUrl(url))[0];
  }

  evidenceFor(claimId: string): EvidenceView[] {
    return this.store
      .find('evidence', 'claimId', claimId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((e) => ({ ...e, source: this.store.get('sources', e.sourceId)! }));
  }

  /** Claims that use a source, for the source library page. */
  usesOf(sourceId: string): EvidenceRecord[] {
    return this.store.find('evidence', 'sourceId', sourceId);
  }

  /**
   * Attaches a source to a claim as evidence. The source is found by its normalised URL (or created),
   * so the same page cited on many claims stays one source. The same source twice on one claim is refused.
   */
  async addEvidence(claimId: string, input: AddEvidenceCommand, actor: Actor): Promise<EvidenceView> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot add evidence.');
    const cmd = parse(addEvidenceCommand, input);
    const key = normalizeUrl(cmd.url);
    return this.store.transact((tx) => {
      const claim = tx.get('claims', claimId);
      if (!claim) throw new NotFoundError('Claim');
      const source = findOrCreateSource(tx, key, cmd, actor);
      if (tx.find('evidence', 'claimId', claimId).some((e) => e.sourceId === source.id)) {
        throw new ConflictError(`This source (${source.title}) is already attached to this claim.`);
      }
      const now = new Date().toISOString();
      const evidence: EvidenceRecord = {
        id: newId('evd'), claimId, sourceId: source.id, stance: cmd.stance, quote: cmd.quote, note: cmd.note,
        addedBy: actor.id, createdAt: now, updatedAt: now, version: 1,
      };
      tx.insert('evidence', evidence);
      tx.audit({ actor, entity: 'evidence', entityId: evidence.id, action: 'add', before: null, after: { ...evidence, url: source.url } });
      if (claim.status === 'new') {
        tx.replace('claims', { ...claim, status: 'in_review', version: claim.version + 1, updatedAt: now, updatedBy: actor.id });
        tx.audit({ actor, entity: 'claim', entityId: claim.id, action: 'status', before: { status: 'new' }, after: { status: 'in_review' } });
      }
      return { ...evidence, source };
    });
  }

  async removeEvidence(evidenceId: string, actor: Actor): Promise<void> {
    await this.store.transact((tx) => {
      const e = tx.get('evidence', evidenceId);
      if (!e) throw new NotFoundError('Evidence');
      if (e.addedBy !== actor.id && !hasRole(actor, 'editor')) throw new ForbiddenError('Only its author or an editor can remove evidence.');
      tx.remove('evidence', evidenceId);
      tx.audit({ actor, entity: 'evidence', entityId: evidenceId, action: 'remove', before: e, after: null });
    });
  }

  async updateSource(id: string, input: z.input<typeof updateSourceCommand>, actor: Actor): Promise<SourceRecord> {
    if (!hasRole(actor, 'reviewer')) throw new ForbiddenError('Viewers cannot edit sources.');
    const cmd = parse(updateSourceCommand, input);
    return this.store.transact((tx) => {
      const s = tx.get('sources', id);
      if (!s) throw new NotFoundError('Source');
      if (s.version !== cmd.version) throw new ConflictError('This source was changed by someone else since you loaded it.', s);
      const next: SourceRecord = {
        ...s, title: cmd.title, publisher: cmd.publisher, date: cmd.date, kind: cmd.kind, reliabilityNote: cmd.reliabilityNote,
        version: s.version + 1, updatedAt: new Date().toISOString(),
      };
      tx.replace('sources', next);
      tx.audit({ actor, entity: 'source', entityId: id, action: 'update', before: s, after: next });
      return next;
    });
  }
}

function findOrCreateSource(tx: Tx, key: string, cmd: z.output<typeof addEvidenceCommand>, actor: Actor): SourceRecord {
  const existing = tx.find('sources', 'normalizedUrl', key)[0];
  if (existing) return existing;
  const now = new Date().toISOString();
  const source: SourceRecord = {
    id: newId('src'), url: cmd.url, normalizedUrl: key, title: cmd.title ?? new URL(cmd.url).hostname,
    publisher: cmd.publisher, date: cmd.date, kind: cmd.kind, reliabilityNote: cmd.reliabilityNote,
    createdBy: actor.id, createdAt: now, updatedAt: now, version: 1,
  };
  tx.insert('sources', source);
  tx.audit({ actor, entity: 'source', entityId: source.id, action: 'create', before: null, after: source });
  return source;
}
