import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { DbFileError, isErrno } from './errors.js';
import { escapeJsonString } from './journal.js';
import { COLLECTION_NAMES } from './records.js';
import { readByLines } from './line-reader.js';
import type { DbFile } from './schema.js';

export { DbFileError, isErrno } from './errors.js';

/** The key that opens the journal region; written with a space so no record line can contain it. */
export const JOURNAL_KEY = '"journal": "';
/** What follows the journal region: the closing quote of the string, then the end of the document. */
export const FILE_TAIL = '"\n}\n';

/** Where the journal string sits in the file, in bytes, and how much of it holds entries. */
export interface JournalLayout {
  /** Offset of the first byte inside the journal string. */
  regionStart: number;
  /** Bytes between the opening and closing quote (entries plus space padding). */
  regionSize: number;
  /** Bytes of entries (and any torn tail) before the padding. */
  used: number;
}

/** Chars of JSON collected before they are written out (and the event loop gets a turn). */
const CHUNK_CHARS = 1 << 20;
const SPACES = Buffer.alloc(1 << 20, 0x20);

/**
 * lowdb adapter for db.json, a single JSON document whose last member is the journal string:
 * - read() parses the file (a file that is not JSON is a DbFileError naming the problem) and records
 *   where the journal region is, so appends can continue in place;
 * - write() streams a snapshot (one record per line) to a temporary file in slices that yield to the
 *   event loop, ends it with a journal region of fresh space padding, fsyncs it, and hands it to
 *   `installer`, which by default renames it over db.json and fsyncs the directory. The store swaps
 *   in an installer that first copies journal entries committed while the snapshot was being written.
 */
export class DurableJSONFile implements Adapter<DbFile> {
  /** Layout of the file as last read; null when it was missing or not laid out by this code. */
  layout: JournalLayout | null = null;
  /** Whether the last read found no file. */
  missing = false;
  sizeBytes = 0;
  installer: (tmp: PendingSnapshot) => Promise<void> = (tmp) => tmp.install();

  constructor(
    readonly file: string,
    /** Journal region size for a snapshot whose records take `bodyBytes`. */
    readonly regionBytes: (bodyBytes: number) => number = defaultRegionBytes,
  ) {}

  async read(): Promise<DbFile | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) {
        this.missing = true;
        this.layout = null;
        return null;
      }
      throw err;
    }
    try {
      this.missing = false;
      this.sizeBytes = (await handle.stat()).size;
      // The usual case: the file as this code writes it, read in chunks without holding it whole.
      const lines = await readByLines(handle, this.sizeBytes);
      if (lines) {
        this.layout = lines.journal;
        return lines.parsed as DbFile;
      }
    } finally {
      await handle.close();
    }
    // Anything else (hand-edited, damaged, not ours) is parsed whole, for a precise error.
    const raw = await readFile(this.file);
    this.sizeBytes = raw.length;
    const text = raw.toString('utf8');
    if (text.trim() === '') throw new DbFileError(this.file, 'the file is empty');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new DbFileError(this.file, `it is not valid JSON (${(err as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new DbFileError(this.file, 'the file is JSON but not a claimbench database object');
    }
    this.layout = locateJournal(raw, parsed as Record<string, unknown>);
    return parsed as DbFile;
  }

  async write(data: DbFile): Promise<void> {
    const tmp = await writeSnapshot(this.file, data, this.regionBytes);
    try {
      await this.installer(tmp);
    } catch (err) {
      await tmp.discard();
      throw err;
    }
  }
}

/** Journal region for a snapshot: a quarter of its size, at least 1 MiB, in whole pages. */
export function defaultRegionBytes(bodyBytes: number): number {
  return roundToPage(Math.max(1024 * 1024, Math.ceil(bodyBytes / 4)));
}

export function roundToPage(n: number): number {
  return Math.ceil(n / 4096) * 4096;
}

/**
 * Finds the journal region in the raw bytes. Journal content is escaped, so every quote inside it is
 * preceded by a backslash and `"journal": "` (quote, colon, space, quote) cannot occur in it; record
 * lines are JSON.stringify output, which has no space after a colon. The last occurrence is the key.
 */
function locateJournal(raw: Buffer, parsed: Record<string, unknown>): JournalLayout | null {
  const keys = Object.keys(parsed);
  if (keys[keys.length - 1] !== 'journal' || typeof parsed.journal !== 'string') return null;
  if (raw.length < FILE_TAIL.length || raw.toString('latin1', raw.length - FILE_TAIL.length) !== FILE_TAIL) return null;
  const at = raw.lastIndexOf(JOURNAL_KEY, raw.length, 'latin1');
  if (at < 0) return null;
  const regionStart = at + JOURNAL_KEY.length;
  const regionEnd = raw.length - FILE_TAIL.length;
  let used = regionEnd;
  while (used > regionStart && raw[used - 1] === 0x20) used--;
  return { regionStart, regionSize: regionEnd - regionStart, used: used - regionStart };
}

/**
 * A snapshot written to a temporary file and fsynced, not yet in place. Its journal region can still
 * take entries (plain writes: the file is not live until install()).
 */
export class PendingSnapshot {
  /** Set once the rename has happened: from then on this file is db.json. */
  renamed = false;

  constructor(
    readonly file: string,
    readonly tmpPath: string,
    readonly handle: FileHandle,
    readonly regionStart: number,
    public regionSize: number,
    public used: number,
  ) {}

  /** Grows the journal region so `bytes` more fit, with room to spare (rare: only for large backlogs). */
  async ensureRoom(bytes: number): Promise<void> {
    if (this.regionSize - this.used >= bytes) return;
    const grown = roundToPage(this.used + bytes + this.regionSize);
    await writePadding(this.handle, this.regionStart + this.regionSize, grown - this.regionSize);
    await writeAll(this.handle, Buffer.from(FILE_TAIL, 'latin1'), this.regionStart + grown);
    this.regionSize = grown;
  }

  async appendJournal(data: Buffer): Promise<void> {
    await this.ensureRoom(data.length);
    await writeAll(this.handle, data, this.regionStart + this.used);
    this.used += data.length;
  }

  /** Makes the snapshot db.json: fdatasync, rename over the old file, fsync the directory. */
  async install(): Promise<void> {
    await this.handle.datasync();
    await rename(this.tmpPath, this.file);
    this.renamed = true;
    await syncDir(dirname(this.file));
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (!this.renamed) await unlink(this.tmpPath).catch(() => undefined);
  }

  /** Closes the handle of a snapshot that is not going to be appended to. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * Streams `data` to `<dir>/.<name>.<pid>.tmp`, one record per line, in ~1 MB writes so the event loop
 * keeps serving requests between them; ends it with the journal region and fsyncs it.
 */
export async function writeSnapshot(file: string, data: DbFile, regionBytes: (bodyBytes: number) => number): Promise<PendingSnapshot> {
  const tmpPath = `${dirname(file)}/.${basename(file)}.${process.pid}.tmp`;
  const handle = await open(tmpPath, 'w', 0o600);
  try {
    let position = 0;
    let chunk: string[] = [];
    let chars = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const buf = Buffer.from(chunk.join(''), 'utf8');
      chunk = [];
      chars = 0;
      await writeAll(handle, buf, position);
      position += buf.length;
    };
    const push = async (s: string) => {
      chunk.push(s);
      chars += s.length;
      if (chars >= CHUNK_CHARS) await flush();
    };
    await push(`{\n"schemaVersion": ${JSON.stringify(data.schemaVersion)},\n"walSeq": ${JSON.stringify(data.walSeq)},\n`);
    await push(`"settings": ${JSON.stringify(data.settings)}`);
    for (const name of COLLECTION_NAMES) {
      const list: readonly unknown[] = data[name] ?? [];
      await push(`,\n${JSON.stringify(name)}: [`);
      for (let i = 0; i < list.length; i++) await push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(list[i])}`);
      await push(list.length ? '\n]' : ']');
    }
    await push(`,\n${JOURNAL_KEY}`);
    await flush();
    const regionStart = position;
    const existing = Buffer.from(escapeJsonString((data.journal ?? '').replace(/ +$/, '')), 'latin1');
    const regionSize = roundToPage(Math.max(regionBytes(regionStart), existing.length * 2));
    await writeAll(handle, existing, regionStart);
    await writePadding(handle, regionStart + existing.length, regionSize - existing.length);
    await writeAll(handle, Buffer.from(FILE_TAIL, 'latin1'), regionStart + regionSize);
    await handle.sync();
    return new PendingSnapshot(file, tmpPath, handle, regionStart, regionSize, existing.length);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmpPath).catch(() => undefined);
    throw err;
  }
}

async function writePadding(handle: FileHandle, position: number, bytes: number): Promise<void> {
  while (bytes > 0) {
    const n = Math.min(bytes, SPACES.length);
    await writeAll(handle, SPACES.subarray(0, n), position);
    position += n;
    bytes -= n;
  }
}

export async function writeAll(handle: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await handle.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

/** Writes `parts` to `file` through a temporary file, fsync and rename. */
export async function writeDurably(file: string, parts: readonly (string | Buffer)[]): Promise<void> {
  const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    let position = 0;
    for (const p of parts) {
      const buf = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
      await writeAll(handle, buf, position);
      position += buf.length;
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(tmp, file);
  await syncDir(dirname(file));
}

/** fsync a directory so a rename or a new file in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
