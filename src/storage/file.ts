import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { COLLECTION_NAMES } from './records.js';
import type { DbFile } from './schema.js';

/** The database file exists but cannot be used as it is; it is never overwritten in that case. */
export class DbFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `claimbench cannot use the database ${file}: ${problem}. The file has not been modified. ` +
        `Restore a backup with "claimbench db restore <backup-file>" (backups are kept in ${file}.backups/), ` +
        `or point CLAIMBENCH_DB at another file.`,
    );
  }
}

/** Records serialised between two yields to the event loop while writing a snapshot. */
const RECORDS_PER_SLICE = 2000;

/**
 * lowdb adapter for db.json that never leaves a half-written file and never blocks the event loop
 * for long:
 * - read() parses the file, and reports a file that is not JSON as a DbFileError naming the position;
 * - write() serialises one record per line in slices, yielding between slices, writes a temporary
 *   file, fsyncs it, renames it over db.json and fsyncs the directory, so db.json is always either
 *   the old or the new complete file.
 */
export class DurableJSONFile implements Adapter<DbFile> {
  constructor(readonly file: string) {}

  async read(): Promise<DbFile | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
    if (text.trim() === '') throw new DbFileError(this.file, 'the file is empty');
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new DbFileError(this.file, 'the file is JSON but not a claimbench database object');
      }
      return parsed as DbFile;
    } catch (err) {
      if (err instanceof DbFileError) throw err;
      throw new DbFileError(this.file, `it is not valid JSON (${(err as Error).message})`);
    }
  }

  async write(data: DbFile): Promise<void> {
    const parts = await serialise(data);
    await writeDurably(this.file, parts);
  }
}

async function serialise(data: DbFile): Promise<string[]> {
  const parts: string[] = [];
  parts.push(`{\n"schemaVersion": ${JSON.stringify(data.schemaVersion)},\n"walSeq": ${JSON.stringify(data.walSeq)},\n`);
  parts.push(`"settings": ${JSON.stringify(data.settings)}`);
  let sinceYield = 0;
  for (const name of COLLECTION_NAMES) {
    const list: readonly unknown[] = data[name];
    parts.push(`,\n${JSON.stringify(name)}: [`);
    for (let i = 0; i < list.length; i++) {
      parts.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(list[i])}`);
      if (++sinceYield >= RECORDS_PER_SLICE) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    parts.push(list.length ? '\n]' : ']');
  }
  parts.push('\n}\n');
  return parts;
}

/** Writes `parts` to `file` through a temporary file, fsync and rename. */
export async function writeDurably(file: string, parts: readonly string[]): Promise<void> {
  const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    // Join into ~1 MB chunks: one write per record would cost a syscall each.
    let chunk: string[] = [];
    let size = 0;
    for (const p of parts) {
      chunk.push(p);
      size += p.length;
      if (size >= 1 << 20) {
        await handle.write(chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) await handle.write(chunk.join(''));
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

export function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
