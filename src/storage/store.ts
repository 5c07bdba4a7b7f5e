import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Low } from 'lowdb';
import { DbFileError, DurableJSONFile } from './file.js';
import { Journal, type JournalEntry, type JournalOp } from './journal.js';
import { FileLock } from './lock.js';
import { COLLECTION_NAMES, type CollectionName, type Collections, type HistoryRecord, type Settings } from './records.js';
import { emptyDb, migrate, SCHEMA_VERSION, SchemaError, validateDb, type DbFile } from './schema.js';

type Rec<C extends CollectionName> = Collections[C];

/** Secondary indexes: for each collection, index name -> the key(s) a record is filed under. */
const INDEXES: { [C in CollectionName]?: Record<string, (r: Rec<C>) => string | null> } = {
  users: { name: (r) => r.name },
  tokens: { hash: (r) => r.hash, userId: (r) => r.userId },
  claims: { articleId: (r) => r.articleId },
  reviews: { claimId: (r) => r.claimId, reviewerId: (r) => r.reviewerId },
  sources: { normalizedUrl: (r) => r.normalizedUrl },
  evidence: { claimId: (r) => r.claimId, sourceId: (r) => r.sourceId },
  assignments: { claimId: (r) => r.claimId, userId: (r) => r.userId },
  comments: { claimId: (r) => r.claimId },
  history: { entityId: (r) => r.entityId, actorId: (r) => r.actorId },
  publications: { articleId: (r) => r.articleId },
  matches: { claimId: (r) => r.claimId, matchedClaimId: (r) => r.matchedClaimId },
  savedSearches: { userId: (r) => r.userId },
};

export interface AuditInput {
  actor: { id: string; name: string } | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** Read access to the current committed state. Everything returned is frozen: never mutate it. */
export interface ReadView {
  readonly settings: Settings;
  get<C extends CollectionName>(collection: C, id: string): Rec<C> | undefined;
  all<C extends CollectionName>(collection: C): IterableIterator<Rec<C>>;
  count(collection: CollectionName): number;
  /** Records filed under `key` in a secondary index, in insertion order. */
  find<C extends CollectionName>(collection: C, index: string, key: string): Rec<C>[];
}

/** A transaction: synchronous reads and writes, applied together or not at all. */
export interface Tx extends ReadView {
  insert<C extends CollectionName>(collection: C, record: Rec<C>): Rec<C>;
  /** Replaces a whole record (same id). */
  replace<C extends CollectionName>(collection: C, record: Rec<C>): Rec<C>;
  remove(collection: CollectionName, id: string): void;
  setSettings(settings: Settings): void;
  /** Appends an entry to the tamper-evident history within this transaction. */
  audit(entry: AuditInput): HistoryRecord;
}

/** The storage interface the domain modules use; another engine can implement it. */
export interface Store extends ReadView {
  readonly file: string;
  /**
   * Runs `fn` synchronously against the current state. If it throws nothing changes; otherwise its
   * changes become visible at once and the promise resolves when they are durable on disk.
   */
  transact<T>(fn: (tx: Tx) => T): Promise<T>;
  checkpoint(): Promise<void>;
  close(): Promise<void>;
  stats(): StoreStats;
}

export interface StoreStats {
  file: string;
  seq: number;
  journalBytes: number;
  journalEntries: number;
  flushes: number;
  checkpoints: number;
  records: Record<string, number>;
}

export interface OpenOptions {
  file: string;
  /** What the lock file says this process is doing ("server", "cli user add", ...). */
  purpose: string;
  /** Rotating backups kept in `<file>.backups/`; 0 disables them. */
  backups?: number;
  /** Journal size that triggers writing a fresh snapshot. */
  checkpointBytes?: number;
  /** Open without taking the lock and refuse writes (for `db check`). */
  readOnly?: boolean;
  /** Used when the file does not exist yet. */
  initial?: () => DbFile;
}

class Collection<C extends CollectionName> {
  readonly byId = new Map<string, Rec<C>>();
  readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly keyFns: Record<string, (r: Rec<C>) => string | null>) {
    for (const name of Object.keys(keyFns)) this.indexes.set(name, new Map());
  }

  set(record: Rec<C>): Rec<C> | undefined {
    const old = this.byId.get(record.id);
    if (old) this.unindex(old);
    this.byId.set(record.id, record);
    for (const [name, fn] of Object.entries(this.keyFns)) {
      const key = fn(record);
      if (key === null) continue;
      const idx = this.indexes.get(name)!;
      let ids = idx.get(key);
      if (!ids) idx.set(key, (ids = new Set()));
      ids.add(record.id);
    }
    return old;
  }

  delete(id: string): Rec<C> | undefined {
    const old = this.byId.get(id);
    if (!old) return undefined;
    this.unindex(old);
    this.byId.delete(id);
    return old;
  }

  find(index: string, key: string): Rec<C>[] {
    const idx = this.indexes.get(index);
    if (!idx) throw new Error(`no index "${index}"`);
    const ids = idx.get(key);
    if (!ids) return [];
    const out: Rec<C>[] = [];
    for (const id of ids) out.push(this.byId.get(id)!);
    return out;
  }

  private unindex(record: Rec<C>): void {
    for (const [name, fn] of Object.entries(this.keyFns)) {
      const key = fn(record);
      if (key === null) continue;
      const ids = this.indexes.get(name)!.get(key);
      ids?.delete(record.id);
      if (ids && ids.size === 0) this.indexes.get(name)!.delete(key);
    }
  }
}

type Collections_ = { [C in CollectionName]: Collection<C> };

/**
 * The embedded store: db.json (a lowdb document written as a whole snapshot) plus a write-ahead journal.
 * All records live in memory with indexes; a transaction is journalled and fsync'ed before it is
 * acknowledged, and snapshots are written in the background when the journal grows.
 */
export class JsonStore implements Store {
  private readonly cols: Collections_;
  private currentSettings: Settings;
  private seq: number;
  private lastHash = '';
  private historySeq = 0;
  private checkpointing: Promise<void> | null = null;
  private checkpoints = 0;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly low: Low<DbFile>,
    private readonly journal: Journal | null,
    private readonly lock: FileLock | null,
    db: DbFile,
    private readonly checkpointBytes: number,
  ) {
    const cols = {} as Record<CollectionName, Collection<CollectionName>>;
    for (const name of COLLECTION_NAMES) {
      cols[name] = new Collection((INDEXES[name] ?? {}) as Record<string, (r: Rec<CollectionName>) => string | null>);
    }
    this.cols = cols as Collections_;
    this.currentSettings = Object.freeze(db.settings);
    this.seq = db.walSeq;
    for (const name of COLLECTION_NAMES) {
      const col = this.cols[name] as Collection<CollectionName>;
      for (const r of db[name] as Rec<CollectionName>[]) col.set(Object.freeze(r));
    }
    this.refreshHistoryTail();
  }

  static async open(options: OpenOptions): Promise<JsonStore> {
    const { file } = options;
    const lock = options.readOnly ? null : FileLock.acquire(file, options.purpose);
    try {
      const adapter = new DurableJSONFile(file);
      const low = new Low<DbFile>(adapter, emptyDb());
      await low.read();
      const fresh = (await adapter.read()) === null;
      let db: DbFile;
      let migratedFrom: number | null = null;
      if (fresh) {
        db = options.initial ? options.initial() : emptyDb();
      } else {
        const raw = low.data as unknown as Record<string, unknown>;
        const version = raw.schemaVersion;
        if (typeof version !== 'number') throw new DbFileError(file, 'it has no schemaVersion, so it is not a claimbench database');
        if (version > SCHEMA_VERSION) {
          throw new DbFileError(file, `it was written by a newer claimbench (schema version ${version}; this version reads up to ${SCHEMA_VERSION})`);
        }
        if (version < SCHEMA_VERSION && !options.readOnly) {
          await takeBackup(file, options.backups ?? 5, `before-migration-v${version}`);
          const m = migrate(raw);
          migratedFrom = m.from;
          db = validateOrThrow(file, m.db);
        } else {
          db = validateOrThrow(file, raw);
        }
      }
      let journal: Journal | null = null;
      let replay: JournalEntry[] = [];
      if (!options.readOnly) {
        ({ journal, replay } = await Journal.open(file, db.walSeq));
      }
      const store = new JsonStore(file, low, journal, lock, db, options.checkpointBytes ?? 64 * 1024 * 1024);
      for (const entry of replay) store.apply(entry);
      if (fresh || migratedFrom !== null || replay.length > 0) {
        await store.checkpoint();
      } else if ((options.backups ?? 5) > 0 && !options.readOnly) {
        await takeBackup(file, options.backups ?? 5, 'start');
      }
      return store;
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  get settings(): Settings {
    return this.currentSettings;
  }

  get<C extends CollectionName>(collection: C, id: string): Rec<C> | undefined {
    return this.cols[collection].byId.get(id);
  }

  all<C extends CollectionName>(collection: C): IterableIterator<Rec<C>> {
    return this.cols[collection].byId.values();
  }

  count(collection: CollectionName): number {
    return this.cols[collection].byId.size;
  }

  find<C extends CollectionName>(collection: C, index: string, key: string): Rec<C>[] {
    return this.cols[collection].find(index, key);
  }

  async transact<T>(fn: (tx: Tx) => T): Promise<T> {
    if (this.closed) throw new Error('the store is closed');
    if (!this.journal) throw new Error(`the database ${this.file} is open read-only`);
    const ops: JournalOp[] = [];
    const undo: Array<() => void> = [];
    const store = this;
    const historyState = { seq: this.historySeq, hash: this.lastHash };
    const tx: Tx = {
      get settings() {
        return store.currentSettings;
      },
      get: (c, id) => this.get(c, id),
      all: (c) => this.all(c),
      count: (c) => this.count(c),
      find: (c, i, k) => this.find(c, i, k),
      insert: (c, record) => {
        const col = this.cols[c] as Collection<CollectionName>;
        if (col.byId.has(record.id)) throw new Error(`${c} already has a record with id ${record.id}`);
        const frozen = freeze(record);
        col.set(frozen as Rec<CollectionName>);
        undo.push(() => col.delete(record.id));
        ops.push(['put', c, frozen]);
        return frozen;
      },
      replace: (c, record) => {
        const col = this.cols[c] as Collection<CollectionName>;
        const old = col.byId.get(record.id);
        if (!old) throw new Error(`${c} has no record with id ${record.id}`);
        const frozen = freeze(record);
        col.set(frozen as Rec<CollectionName>);
        undo.push(() => col.set(old));
        ops.push(['put', c, frozen]);
        return frozen;
      },
      remove: (c, id) => {
        const col = this.cols[c] as Collection<CollectionName>;
        const old = col.delete(id);
        if (!old) return;
        undo.push(() => col.set(old));
        ops.push(['del', c, id]);
      },
      setSettings: (settings) => {
        const old = this.currentSettings;
        this.currentSettings = Object.freeze(settings);
        undo.push(() => {
          this.currentSettings = old;
        });
        ops.push(['settings', this.currentSettings]);
      },
      audit: (input) => {
        const entry = chainEntry(input, this.historySeq + 1, this.lastHash);
        tx.insert('history', entry);
        this.historySeq = entry.seq;
        this.lastHash = entry.hash;
        return entry;
      },
    };
    let result: T;
    try {
      result = fn(tx);
      if (result instanceof Promise) throw new Error('transaction functions must be synchronous');
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      this.historySeq = historyState.seq;
      this.lastHash = historyState.hash;
      throw err;
    }
    if (ops.length === 0) return result;
    const entry: JournalEntry = { seq: ++this.seq, ops };
    await this.journal.append(entry);
    if (this.journal.size > this.checkpointBytes && !this.checkpointing) {
      void this.checkpoint().catch(() => undefined);
    }
    return result;
  }

  /** Writes a fresh db.json snapshot containing everything committed, then drops the old journal. */
  checkpoint(): Promise<void> {
    if (!this.checkpointing) {
      this.checkpointing = this.writeSnapshot().finally(() => {
        this.checkpointing = null;
      });
    }
    return this.checkpointing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.journal) {
        await this.checkpointing;
        await this.journal.drain();
        if (this.journal.size > 0) await this.writeSnapshot();
        await this.journal.close();
      }
    } finally {
      this.lock?.release();
    }
  }

  stats(): StoreStats {
    const records: Record<string, number> = {};
    for (const name of COLLECTION_NAMES) records[name] = this.count(name);
    return {
      file: this.file,
      seq: this.seq,
      journalBytes: this.journal?.size ?? 0,
      journalEntries: this.journal?.entries ?? 0,
      flushes: this.journal?.flushes ?? 0,
      checkpoints: this.checkpoints,
      records,
    };
  }

  /** A consistent plain copy of the whole database, as it would be written to disk. */
  snapshot(): DbFile {
    const db = { schemaVersion: SCHEMA_VERSION, walSeq: this.seq, settings: this.currentSettings } as Record<string, unknown>;
    // Records are frozen and replaced, never mutated, so these arrays keep the state of this moment.
    for (const name of COLLECTION_NAMES) db[name] = Array.from((this.cols[name] as Collection<CollectionName>).byId.values());
    return db as DbFile;
  }

  updateLock(extra: { url?: string }): void {
    this.lock?.update(extra);
  }

  private async writeSnapshot(): Promise<void> {
    if (!this.journal) throw new Error('read-only store');
    const nextSegment = this.seq + 1;
    await this.journal.rotate(nextSegment);
    this.low.data = this.snapshot();
    try {
      await this.low.write();
    } finally {
      this.low.data = emptyDb();
    }
    await this.journal.dropSegmentsBefore(nextSegment);
    this.checkpoints++;
  }

  private apply(entry: JournalEntry): void {
    for (const op of entry.ops) {
      if (op[0] === 'put') {
        const col = this.cols[op[1] as CollectionName] as Collection<CollectionName> | undefined;
        if (!col) throw new DbFileError(this.file, `journal entry ${entry.seq} names an unknown collection "${op[1]}"`);
        col.set(Object.freeze(op[2]) as Rec<CollectionName>);
      } else if (op[0] === 'del') {
        (this.cols[op[1] as CollectionName] as Collection<CollectionName> | undefined)?.delete(op[2]);
      } else {
        this.currentSettings = Object.freeze(op[1] as Settings);
      }
    }
    this.seq = Math.max(this.seq, entry.seq);
    this.refreshHistoryTail();
  }

  private refreshHistoryTail(): void {
    let last: HistoryRecord | undefined;
    for (const h of this.cols.history.byId.values()) if (!last || h.seq > last.seq) last = h;
    this.historySeq = last?.seq ?? 0;
    this.lastHash = last?.hash ?? '';
  }
}

/** Shallow freeze: records are replaced, never edited in place (snapshots rely on it). */
function freeze<T>(value: T): T {
  Object.freeze(value);
  return value;
}

function validateOrThrow(file: string, raw: unknown): DbFile {
  try {
    return validateDb(raw);
  } catch (err) {
    if (err instanceof SchemaError) throw new DbFileError(file, `it does not match the claimbench schema (${err.message})`);
    throw err;
  }
}

export function hashEntry(e: Omit<HistoryRecord, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify([e.seq, e.at, e.actorId, e.actorName, e.entity, e.entityId, e.action, e.before ?? null, e.after ?? null, e.prevHash]))
    .digest('hex');
}

function chainEntry(input: AuditInput, seq: number, prevHash: string): HistoryRecord {
  const base = {
    id: `his_${seq}`,
    seq,
    at: new Date().toISOString(),
    actorId: input.actor?.id ?? null,
    actorName: input.actor?.name ?? 'system',
    entity: input.entity,
    entityId: input.entityId,
    action: input.action,
    before: input.before ?? null,
    after: input.after ?? null,
    prevHash,
  };
  return { ...base, hash: hashEntry(base) };
}

/** Checks the history chain; returns the first broken entry's seq, or null when intact. */
export function verifyHistory(entries: Iterable<HistoryRecord>): { ok: boolean; checked: number; brokenAt: number | null; reason: string | null } {
  const sorted = Array.from(entries).sort((a, b) => a.seq - b.seq);
  let prev = '';
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (e.seq !== i + 1) return { ok: false, checked: i, brokenAt: e.seq, reason: `entry ${i + 1} is missing` };
    if (e.prevHash !== prev) return { ok: false, checked: i, brokenAt: e.seq, reason: 'prevHash does not match the previous entry' };
    const { hash, ...rest } = e;
    if (hashEntry(rest) !== hash) return { ok: false, checked: i, brokenAt: e.seq, reason: 'entry content does not match its hash' };
    prev = hash;
  }
  return { ok: true, checked: sorted.length, brokenAt: null, reason: null };
}

/** Copies db.json into `<file>.backups/`, keeping the newest `keep` copies. */
export async function takeBackup(file: string, keep: number, label: string): Promise<string | null> {
  if (keep <= 0) return null;
  const dir = `${file}.backups`;
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `${basename(file, '.json')}-${stamp}-${label}.json`);
  await copyFile(file, target);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  for (const old of names.slice(0, Math.max(0, names.length - keep))) await unlink(join(dir, old));
  return target;
}
