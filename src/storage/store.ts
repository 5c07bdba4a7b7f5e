import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Low } from 'lowdb';
import { DbFileError } from './errors.js';
import { DurableJSONFile, roundToPage, type JournalLayout, type PendingSnapshot } from './file.js';
import { encodeEntry, Journal, PAGE, parseJournal, type JournalEntry, type JournalOp, type JournalTarget } from './journal.js';
import { FileLock } from './lock.js';
import { COLLECTION_NAMES, type CollectionName, type Collections, type HistoryRecord, type Settings } from './records.js';
import { emptyDb, migrate, SCHEMA_VERSION, SchemaError, validateDb, type DbFile, type Migration } from './schema.js';

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
  close(options?: { checkpoint?: boolean }): Promise<void>;
  stats(): StoreStats;
  /** A consistent plain copy of the whole database, as it would be written to disk. */
  snapshot(): DbFile;
  /** Replaces the whole database with `db` (validated here too); resolves once it is on disk. */
  restore(db: DbFile): Promise<void>;
}

export interface StoreStats {
  file: string;
  seq: number;
  /** Bytes of entries in the journal region of the current db.json. */
  journalBytes: number;
  /** Size of the journal region (entries plus padding). */
  journalRegionBytes: number;
  /** Transactions journalled since open. */
  journalEntries: number;
  /** fdatasync'ed journal flushes since open (each carries one or more transactions). */
  flushes: number;
  /** pwrite calls those flushes took (each inside one page). */
  journalWrites: number;
  /** Flushes that waited for a checkpoint because the region was full. */
  journalStalls: number;
  checkpoints: number;
  /** Journal bytes that checkpoints copied into their new file because they were committed meanwhile. */
  carriedBytes: number;
  lastCheckpointMs: number | null;
  lastCheckpointError: string | null;
  records: Record<string, number>;
}

export interface OpenOptions {
  file: string;
  /** What the lock file says this process is doing ("server", "cli user add", ...). */
  purpose: string;
  /** Rotating backups kept in `<file>.backups/`; 0 disables them. */
  backups?: number;
  /**
   * Largest journal region (bytes of space padding at the end of db.json that appends fill in place).
   * The region is a quarter of the snapshot, at least 1 MiB, capped by this; a checkpoint starts when
   * it is three quarters full.
   */
  checkpointBytes?: number;
  /** Migration steps by source version (tests inject their own; defaults to the schema's list). */
  migrations?: Readonly<Record<number, Migration>>;
  /** Open without taking the lock and refuse writes (for `db check`). */
  readOnly?: boolean;
  /**
   * Take the start-up backup while reads are already served: writes wait until the copy is done, so
   * it is still an exact copy of the file as opened. (The server uses this; copying a 200 MB file would
   * otherwise add about half a second to every start.)
   */
  backupInBackground?: boolean;
  /** Used when the file does not exist yet. */
  initial?: () => DbFile;
}

/**
 * An index bucket: the ids filed under one key. Most keys hold one record (a user name, a token hash,
 * a source URL), so a lone id is kept as a string and only a second one makes an array; at 100k claims
 * this saves hundreds of thousands of Set objects.
 */
type Bucket = string | string[];

class Collection<C extends CollectionName> {
  readonly byId = new Map<string, Rec<C>>();
  private readonly idx: Array<{ name: string; fn: (r: Rec<C>) => string | null; map: Map<string, Bucket> }>;

  constructor(keyFns: Record<string, (r: Rec<C>) => string | null>) {
    this.idx = Object.entries(keyFns).map(([name, fn]) => ({ name, fn, map: new Map<string, Bucket>() }));
  }

  set(record: Rec<C>): Rec<C> | undefined {
    const old = this.byId.get(record.id);
    this.byId.set(record.id, record);
    for (const i of this.idx) {
      const key = i.fn(record);
      const oldKey = old ? i.fn(old) : null;
      // A replaced record usually keeps its keys: leave its place (and the insertion order) alone.
      if (old && oldKey === key) continue;
      if (oldKey !== null) removeFrom(i.map, oldKey, record.id);
      if (key !== null) addTo(i.map, key, record.id);
    }
    return old;
  }

  delete(id: string): Rec<C> | undefined {
    const old = this.byId.get(id);
    if (!old) return undefined;
    for (const i of this.idx) {
      const key = i.fn(old);
      if (key !== null) removeFrom(i.map, key, id);
    }
    this.byId.delete(id);
    return old;
  }

  find(index: string, key: string): Rec<C>[] {
    const i = this.idx.find((x) => x.name === index);
    if (!i) throw new Error(`no index "${index}"`);
    const bucket = i.map.get(key);
    if (bucket === undefined) return [];
    if (typeof bucket === 'string') return [this.byId.get(bucket)!];
    return bucket.map((id) => this.byId.get(id)!);
  }
}

function addTo(map: Map<string, Bucket>, key: string, id: string): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, id);
  else if (typeof bucket === 'string') {
    if (bucket !== id) map.set(key, [bucket, id]);
  } else bucket.push(id); // set() only adds an id under a key it is not filed under yet
}

function removeFrom(map: Map<string, Bucket>, key: string, id: string): void {
  const bucket = map.get(key);
  if (bucket === undefined) return;
  if (typeof bucket === 'string') {
    if (bucket === id) map.delete(key);
    return;
  }
  const at = bucket.indexOf(id);
  if (at >= 0) bucket.splice(at, 1);
  if (bucket.length === 1) map.set(key, bucket[0]!);
  else if (bucket.length === 0) map.delete(key);
}

type Collections_ = { [C in CollectionName]: Collection<C> };

/** What open() found in the file. */
export interface OpenReport {
  /** The file did not exist and was created. */
  created: boolean;
  sizeBytes: number;
  schemaVersion: number;
  migratedFrom: number | null;
  walSeq: number;
  /** Journal entries applied over the snapshot. */
  replayed: number;
  /** Complete journal lines found (including any already in the snapshot). */
  journalLines: number;
  /** The journal ended in a torn, unacknowledged write, which was dropped. */
  tornTail: boolean;
  layout: JournalLayout | null;
  backup: string | null;
  /** Why the start-up backup failed, when it did (the store stays usable). */
  backupError?: string;
}

const DEFAULT_REGION_CAP = 64 * 1024 * 1024;
const MIN_REGION = 4 * 1024 * 1024;

/** A Low needs some data between writes; the snapshot is only attached while it is written. */
const PLACEHOLDER: DbFile = Object.freeze(emptyDb());

/**
 * The embedded store. All records live in memory with indexes. db.json is one JSON document (read and
 * written through lowdb with the DurableJSONFile adapter) whose last member is a journal string with
 * preallocated space: each committed transaction is appended there in place and fdatasync'ed before
 * it is acknowledged, so db.json itself always parses and holds every acknowledged write. When the
 * region fills up, a checkpoint writes a fresh snapshot beside it, carries over the entries committed
 * meanwhile, and renames it into place.
 */
export class JsonStore implements Store {
  private cols!: Collections_;
  private currentSettings!: Settings;
  private seq: number;
  private lastHash = '';
  private historySeq = 0;
  private journal: Journal | null = null;
  private checkpointing: Promise<void> | null = null;
  private checkpoints = 0;
  private carriedBytes = 0;
  private lastCheckpointMs: number | null = null;
  private lastCheckpointError: string | null = null;
  private closed = false;
  /** While set, writes wait for it: the start-up backup is still copying the file. */
  private writeGate: Promise<void> | null = null;
  report!: OpenReport;

  private constructor(
    readonly file: string,
    private readonly low: Low<DbFile>,
    private readonly adapter: DurableJSONFile,
    private readonly lock: FileLock | null,
    private readonly readOnly: boolean,
    db: DbFile,
  ) {
    this.seq = db.walSeq;
    this.load(db);
  }

  static async open(options: OpenOptions): Promise<JsonStore> {
    const { file } = options;
    const readOnly = options.readOnly ?? false;
    const keep = options.backups ?? 5;
    const cap = options.checkpointBytes ?? DEFAULT_REGION_CAP;
    const lock = readOnly ? null : FileLock.acquire(file, options.purpose);
    try {
      const adapter = new DurableJSONFile(file, (body) => regionBytes(body, cap));
      const low = new Low<DbFile>(adapter, PLACEHOLDER);
      await low.read();
      const created = adapter.missing;
      const layout = adapter.layout;
      let db: DbFile;
      let migratedFrom: number | null = null;
      let backup: string | null = null;
      let replay: JournalEntry[] = [];
      let tornTail = false;
      let journalLines = 0;
      if (created) {
        if (readOnly) throw new DbFileError(file, 'the file does not exist');
        db = options.initial ? options.initial() : emptyDb();
      } else {
        const raw = low.data as unknown as Record<string, unknown>;
        const version = raw.schemaVersion;
        if (typeof version !== 'number') throw new DbFileError(file, 'it has no schemaVersion, so it is not a claimbench database');
        if (version > SCHEMA_VERSION) {
          throw new DbFileError(file, `it was written by a newer claimbench (schema version ${version}; this version reads up to ${SCHEMA_VERSION})`);
        }
        const walSeq = typeof raw.walSeq === 'number' ? raw.walSeq : 0;
        const journal = parseJournal(file, typeof raw.journal === 'string' ? raw.journal : '', walSeq);
        tornTail = journal.torn;
        journalLines = journal.lines;
        if (version < SCHEMA_VERSION) {
          // Migrations see a file with its journal already applied, in the shape of its own version.
          replayRaw(raw, journal.entries);
          if (!readOnly) backup = await takeBackup(file, Math.max(keep, 1), `before-migration-v${version}`);
          let m: ReturnType<typeof migrate>;
          try {
            m = migrate({ ...raw, journal: '' }, options.migrations);
          } catch (err) {
            if (err instanceof SchemaError) throw new DbFileError(file, `it cannot be migrated (${err.message})`);
            throw err;
          }
          migratedFrom = m.from;
          db = validateOrThrow(file, m.db);
          db.walSeq = walSeq + journal.entries.length;
        } else {
          db = validateOrThrow(file, raw);
          replay = journal.entries;
        }
      }
      delete db.journal;
      const store = new JsonStore(file, low, adapter, lock, readOnly, db);
      low.data = PLACEHOLDER;
      for (const entry of replay) store.apply(entry);
      store.report = {
        created,
        sizeBytes: adapter.sizeBytes,
        schemaVersion: SCHEMA_VERSION,
        migratedFrom,
        walSeq: db.walSeq,
        replayed: replay.length,
        journalLines,
        tornTail,
        layout,
        backup,
      };
      if (readOnly) return store;

      if (!created && migratedFrom === null && keep > 0) {
        const copying = takeBackup(file, keep, 'start').then((b) => {
          store.report.backup = b;
        });
        if (options.backupInBackground) {
          store.writeGate = copying.finally(() => {
            store.writeGate = null;
          });
          // A failed start-up backup must not stop the server; it is reported in store.report.backupError.
          store.writeGate.catch((err: unknown) => {
            store.report.backupError = err instanceof Error ? err.message : String(err);
          });
        } else {
          await copying;
        }
      }
      if (created || migratedFrom !== null || tornTail || layout === null) {
        // The file must be rewritten before anything is appended: it is new, in an old shape, ends in a
        // torn write that new entries would be glued to, or was not laid out by this code.
        await store.checkpoint();
      } else {
        const handle = await open(file, 'r+');
        store.journal = new Journal({ handle, ...layout }, store.hooks());
        // Replayed entries are safe where they are; folding them into the snapshot can wait.
        if (replay.length > 0) store.backgroundCheckpoint();
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
    if (this.writeGate) await this.writeGate.catch(() => undefined);
    if (this.closed) throw new Error('the store is closed');
    if (this.readOnly) throw new Error(`the database ${this.file} is open read-only`);
    const journal = this.journal;
    if (!journal) throw new Error('the store is not open for writing');
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
    let data: Buffer | null = null;
    try {
      result = fn(tx);
      if (result instanceof Promise) throw new Error('transaction functions must be synchronous');
      // Encoding inside the try: a record that cannot be serialised must roll back, not half-commit.
      if (ops.length > 0) data = encodeEntry({ seq: this.seq + 1, ops });
    } catch (err) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      this.historySeq = historyState.seq;
      this.lastHash = historyState.hash;
      throw err;
    }
    if (!data) return result;
    await journal.append(++this.seq, data);
    return result;
  }

  /** Writes a fresh db.json with everything committed, and an empty journal region. */
  checkpoint(): Promise<void> {
    if (this.readOnly) return Promise.reject(new Error(`the database ${this.file} is open read-only`));
    if (!this.checkpointing) {
      this.checkpointing = this.runCheckpoint().finally(() => {
        this.checkpointing = null;
      });
    }
    return this.checkpointing;
  }

  /**
   * Waits for pending writes, folds the journal into a fresh snapshot and releases the file. With
   * `checkpoint: false` it skips the snapshot (the journal already holds every write and the next open
   * replays it), which is quicker for a very large database.
   */
  async close(options: { checkpoint?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writeGate?.catch(() => undefined);
      const journal = this.journal;
      if (journal) {
        while (this.checkpointing) await this.checkpointing.catch(() => undefined);
        const pending = journal.used > 0 || journal.queued > 0;
        if (!journal.failure && pending && options.checkpoint !== false) await this.checkpoint();
        else await journal.drain();
        await journal.close();
      }
    } finally {
      this.lock?.release();
    }
  }

  stats(): StoreStats {
    const records: Record<string, number> = {};
    for (const name of COLLECTION_NAMES) records[name] = this.count(name);
    const j = this.journal;
    return {
      file: this.file,
      seq: this.seq,
      journalBytes: j?.used ?? 0,
      journalRegionBytes: j?.regionSize ?? 0,
      journalEntries: j?.entries ?? 0,
      flushes: j?.flushes ?? 0,
      journalWrites: j?.writes ?? 0,
      journalStalls: j?.stalls ?? 0,
      checkpoints: this.checkpoints,
      carriedBytes: this.carriedBytes,
      lastCheckpointMs: this.lastCheckpointMs,
      lastCheckpointError: this.lastCheckpointError,
      records,
    };
  }

  snapshot(): DbFile {
    const db = { schemaVersion: SCHEMA_VERSION, walSeq: this.seq, settings: this.currentSettings } as Record<string, unknown>;
    // Records are frozen and replaced, never mutated, so these arrays keep the state of this moment.
    for (const name of COLLECTION_NAMES) db[name] = Array.from((this.cols[name] as Collection<CollectionName>).byId.values());
    return db as DbFile;
  }

  async restore(data: DbFile): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    const journal = this.journal;
    if (this.readOnly || !journal) throw new Error(`the database ${this.file} is open read-only`);
    const db = validateOrThrow(`the backup for ${this.file}`, { ...data, walSeq: 0 });
    while (this.checkpointing) await this.checkpointing.catch(() => undefined);
    // Later transactions build on the restored state, so none may reach the old file: they wait in the
    // queue until the checkpoint below has put the restored snapshot in place.
    journal.pause();
    this.load(db);
    this.seq++;
    try {
      await this.checkpoint();
    } catch (err) {
      journal.fail(err);
      throw err;
    }
  }

  updateLock(extra: { url?: string }): void {
    this.lock?.update(extra);
  }

  private hooks() {
    return {
      nearlyFull: () => this.backgroundCheckpoint(),
      full: () => {
        this.checkpoint().then(
          () => this.journal?.kick(),
          (err: unknown) => this.journal?.fail(err),
        );
      },
    };
  }

  private backgroundCheckpoint(): void {
    if (this.checkpointing || this.closed) return;
    this.checkpoint().catch(() => undefined);
  }

  private async runCheckpoint(): Promise<void> {
    const started = performance.now();
    const s0 = this.seq;
    this.journal?.retainFrom(s0);
    this.adapter.installer = (tmp) => this.installSnapshot(tmp, s0);
    this.low.data = this.snapshot();
    try {
      await this.low.write();
      this.lastCheckpointError = null;
    } catch (err) {
      this.lastCheckpointError = err instanceof Error ? err.message : String(err);
      this.journal?.stopRetaining();
      throw err;
    } finally {
      this.low.data = PLACEHOLDER;
    }
    this.checkpoints++;
    this.lastCheckpointMs = performance.now() - started;
  }

  /**
   * Puts a written snapshot (taken at `s0`) in place. With appends held off, it copies in the entries
   * after s0 that reached the old file meanwhile, so the rename cannot lose an acknowledged write, and
   * points the journal at the new file.
   */
  private async installSnapshot(tmp: PendingSnapshot, s0: number): Promise<void> {
    const journal = this.journal;
    const target = (): JournalTarget => ({ handle: tmp.handle, regionStart: tmp.regionStart, regionSize: tmp.regionSize, used: tmp.used });
    if (!journal) {
      await tmp.install();
      this.journal = new Journal(target(), this.hooks());
      return;
    }
    await journal.exclusive(async () => {
      const { carried, queuedBytes } = journal.backlogAfter(s0);
      await tmp.ensureRoom(carried.length + queuedBytes + PAGE);
      if (carried.length > 0) await tmp.appendJournal(carried);
      this.carriedBytes += carried.length;
      try {
        await tmp.install();
      } catch (err) {
        // Once renamed, the old file is gone: appending to it would lose acknowledged writes.
        if (tmp.renamed) journal.fail(err);
        throw err;
      }
      const old = journal.switchTo(target(), s0);
      await old.close();
    });
    journal.kick();
  }

  /** Replaces the in-memory state (open, restore). */
  private load(db: DbFile): void {
    const cols = {} as Record<CollectionName, Collection<CollectionName>>;
    for (const name of COLLECTION_NAMES) {
      cols[name] = new Collection((INDEXES[name] ?? {}) as Record<string, (r: Rec<CollectionName>) => string | null>);
    }
    for (const name of COLLECTION_NAMES) {
      const col = cols[name];
      for (const r of db[name] as Rec<CollectionName>[]) col.set(Object.freeze(r));
    }
    this.cols = cols as Collections_;
    this.currentSettings = Object.freeze(db.settings);
    this.refreshHistoryTail();
  }

  private apply(entry: JournalEntry): void {
    for (const op of entry.ops) {
      if (op[0] === 'put') {
        const col = this.cols[op[1] as CollectionName] as Collection<CollectionName> | undefined;
        if (!col) throw new DbFileError(this.file, `journal entry ${entry.seq} names an unknown collection "${op[1]}"`);
        const record = Object.freeze(op[2]) as Rec<CollectionName>;
        col.set(record);
        if (op[1] === 'history') {
          const h = record as HistoryRecord;
          if (h.seq > this.historySeq) {
            this.historySeq = h.seq;
            this.lastHash = h.hash;
          }
        }
      } else if (op[0] === 'del') {
        (this.cols[op[1] as CollectionName] as Collection<CollectionName> | undefined)?.delete(op[2]);
        if (op[1] === 'history') this.refreshHistoryTail();
      } else {
        this.currentSettings = Object.freeze(op[1] as Settings);
      }
    }
    this.seq = Math.max(this.seq, entry.seq);
  }

  private refreshHistoryTail(): void {
    let last: HistoryRecord | undefined;
    for (const h of this.cols.history.byId.values()) if (!last || h.seq > last.seq) last = h;
    this.historySeq = last?.seq ?? 0;
    this.lastHash = last?.hash ?? '';
  }
}

/** Region size for a snapshot of `bodyBytes`: a quarter of it, at least 4 MiB (so a write storm on a small database does not outrun its checkpoints: about 1,500 verdict saves between compactions), at most `cap`. */
function regionBytes(bodyBytes: number, cap: number): number {
  return roundToPage(Math.max(PAGE, Math.min(cap, Math.max(MIN_REGION, Math.ceil(bodyBytes / 4)))));
}

/** Applies journal entries to a parsed file of an older version, before it is migrated. */
function replayRaw(raw: Record<string, unknown>, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    for (const op of entry.ops) {
      if (op[0] === 'settings') {
        raw.settings = op[1];
        continue;
      }
      const list = Array.isArray(raw[op[1]]) ? (raw[op[1]] as Array<{ id?: unknown }>) : (raw[op[1]] = []) as Array<{ id?: unknown }>;
      const id = op[0] === 'put' ? op[2].id : op[2];
      const at = list.findIndex((r) => r.id === id);
      if (op[0] === 'put') {
        if (at >= 0) list[at] = op[2];
        else list.push(op[2]);
      } else if (at >= 0) {
        list.splice(at, 1);
      }
    }
    raw.walSeq = entry.seq;
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

/**
 * Copies db.json into `<file>.backups/`, keeping the newest `keep` copies (never deleting `protect`,
 * the file a restore is reading from).
 */
export async function takeBackup(file: string, keep: number, label: string, protect?: string): Promise<string | null> {
  if (keep <= 0) return null;
  const dir = `${file}.backups`;
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `${basename(file, '.json')}-${stamp}-${label}.json`);
  await copyFile(file, target);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  for (const old of names.slice(0, Math.max(0, names.length - keep))) {
    const path = join(dir, old);
    if (protect !== undefined && resolve(path) === protect) continue;
    await unlink(path);
  }
  return target;
}
