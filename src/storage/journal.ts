import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DbFileError, syncDir } from './file.js';

/** One committed transaction as it is journalled: its sequence number and its operations. */
export interface JournalEntry {
  seq: number;
  ops: JournalOp[];
}
export type JournalOp =
  | ['put', string, { id: string }]
  | ['del', string, string]
  | ['settings', unknown];

interface Waiter {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The write-ahead journal beside db.json: one JSON line per committed transaction, in segment files
 * `<db>.wal-<first seq>`. A transaction is acknowledged once its line is fdatasync'ed. Lines that
 * arrive while a flush is under way are written together by the next flush (group commit), so many
 * concurrent writers cost a few syncs, not one each.
 *
 * Replaying the journal over a snapshot is idempotent (every op puts a whole record or deletes one),
 * which lets a snapshot be written while writes go on.
 */
export class Journal {
  private handle: FileHandle | null = null;
  private queue: Waiter[] = [];
  private running: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private broken: unknown = null;
  /** Bytes in the current segment. */
  size = 0;
  flushes = 0;
  entries = 0;

  private constructor(
    readonly dbFile: string,
    private segmentStart: number,
  ) {}

  /** Reads every journal entry after `afterSeq` and opens a fresh segment for new entries. */
  static async open(dbFile: string, afterSeq: number): Promise<{ journal: Journal; replay: JournalEntry[] }> {
    const replay: JournalEntry[] = [];
    const segments = await listSegments(dbFile);
    for (let s = 0; s < segments.length; s++) {
      const seg = segments[s]!;
      const text = await readFile(seg.path, 'utf8');
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === '') continue;
        let entry: JournalEntry;
        try {
          entry = JSON.parse(line) as JournalEntry;
        } catch {
          // A torn final line is a write that crashed before its sync: it was never acknowledged.
          const isTail = s === segments.length - 1 && lines.slice(i + 1).every((l) => l === '');
          if (isTail) break;
          throw new DbFileError(seg.path, `journal line ${i + 1} is corrupt`);
        }
        if (entry.seq > afterSeq) replay.push(entry);
      }
    }
    replay.sort((a, b) => a.seq - b.seq);
    const last = replay.length ? replay[replay.length - 1]!.seq : afterSeq;
    const journal = new Journal(dbFile, last + 1);
    await journal.openSegment();
    return { journal, replay };
  }

  /** Appends one entry; resolves once it is on disk. */
  append(entry: JournalEntry): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      this.entries++;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        this.exclusive(() => this.flush());
      }
    });
  }

  /** Waits until everything appended so far is on disk. */
  async drain(): Promise<void> {
    await this.exclusive(async () => undefined);
  }

  /**
   * Starts a new segment whose entries follow `nextSeq - 1`; the older segments are kept until
   * `dropSegmentsBefore` is called once a snapshot containing them is safely written.
   */
  async rotate(nextSeq: number): Promise<void> {
    await this.exclusive(async () => {
      await this.flushNow();
      await this.handle?.close();
      this.segmentStart = nextSeq;
      await this.openSegment();
    });
  }

  async dropSegmentsBefore(seq: number): Promise<void> {
    for (const seg of await listSegments(this.dbFile)) {
      if (seg.start < seq) await unlink(seg.path);
    }
    await syncDir(dirname(this.dbFile));
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle?.close();
    this.handle = null;
  }

  private async openSegment(): Promise<void> {
    const path = segmentPath(this.dbFile, this.segmentStart);
    this.handle = await open(path, 'a', 0o600);
    this.size = (await this.handle.stat()).size;
    await syncDir(dirname(this.dbFile));
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    await this.flushNow();
  }

  private async flushNow(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      const data = batch.map((w) => w.line).join('');
      try {
        if (!this.handle) throw new Error('journal is closed');
        await this.handle.write(data);
        await this.handle.datasync();
        this.size += Buffer.byteLength(data);
        this.flushes++;
        for (const w of batch) w.resolve();
      } catch (err) {
        // Once a journal write fails nothing later may be acknowledged: the order of entries matters.
        this.broken = err;
        for (const w of [...batch, ...this.queue.splice(0)]) w.reject(err);
      }
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.running.then(fn);
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function segmentPath(dbFile: string, start: number): string {
  return `${dbFile}.wal-${String(start).padStart(12, '0')}`;
}

async function listSegments(dbFile: string): Promise<Array<{ path: string; start: number }>> {
  const dir = dirname(dbFile);
  const prefix = `${basename(dbFile)}.wal-`;
  const names = await readdir(dir);
  return names
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => ({ path: join(dir, n), start: Number(n.slice(prefix.length)) }))
    .sort((a, b) => a.start - b.start);
}
