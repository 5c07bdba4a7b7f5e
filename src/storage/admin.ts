import { copyFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DbFileError, isErrno } from './errors.js';
import { syncDir } from './file.js';
import { FileLock, type LockInfo } from './lock.js';
import { JsonStore, takeBackup, verifyHistory } from './store.js';
import { SCHEMA_VERSION } from './schema.js';

export interface CheckReport {
  file: string;
  /** No problems: the file can be opened as it is (a torn tail is expected after a crash and is no problem). */
  ok: boolean;
  problems: string[];
  /** Things worth knowing that need no action. */
  notes: string[];
  sizeBytes: number | null;
  schemaVersion: number | null;
  /** The file is from an older schema version and will be migrated (after a backup) when next opened. */
  needsMigration: boolean;
  walSeq: number | null;
  /** Sequence number after the journal is applied. */
  seq: number | null;
  journal: { lines: number; replayed: number; tornTail: boolean; regionBytes: number | null; usedBytes: number | null } | null;
  records: Record<string, number>;
  history: { ok: boolean; checked: number; brokenAt: number | null; reason: string | null } | null;
  /** The live process that holds the database, if any. */
  lockedBy: LockInfo | null;
}

/**
 * Checks a database without changing it (no lock taken, nothing written): it parses, matches the
 * schema, its journal replays, and the history chain verifies.
 */
export async function checkDatabase(file: string): Promise<CheckReport> {
  const lockedBy = FileLock.liveHolder(file);
  // A server appending while the file is read can be caught between two page writes; a second read sees
  // a settled journal.
  let report = await checkOnce(file, lockedBy);
  for (let attempt = 0; attempt < 3 && !report.ok && lockedBy; attempt++) report = await checkOnce(file, lockedBy);
  return report;
}

async function checkOnce(file: string, lockedBy: LockInfo | null): Promise<CheckReport> {
  const report: CheckReport = {
    file,
    ok: false,
    problems: [],
    notes: [],
    sizeBytes: null,
    schemaVersion: null,
    needsMigration: false,
    walSeq: null,
    seq: null,
    journal: null,
    records: {},
    history: null,
    lockedBy,
  };
  if (lockedBy) report.notes.push(`process ${lockedBy.pid} on ${lockedBy.host} (${lockedBy.purpose}) has the database open; this check read it as it was at one moment`);
  let store: JsonStore;
  try {
    store = await JsonStore.open({ file, purpose: 'claimbench db check', readOnly: true });
  } catch (err) {
    if (err instanceof DbFileError) {
      report.problems.push(err.problem);
      return report;
    }
    throw err;
  }
  const opened = store.report;
  const stats = store.stats();
  report.sizeBytes = opened.sizeBytes;
  report.schemaVersion = opened.migratedFrom ?? SCHEMA_VERSION;
  report.needsMigration = opened.migratedFrom !== null;
  report.walSeq = opened.walSeq;
  report.seq = stats.seq;
  report.journal = {
    lines: opened.journalLines,
    replayed: opened.replayed,
    tornTail: opened.tornTail,
    regionBytes: opened.layout?.regionSize ?? null,
    usedBytes: opened.layout?.used ?? null,
  };
  report.records = stats.records;
  report.history = verifyHistory(store.all('history'));
  await store.close();
  if (report.needsMigration) report.notes.push(`schema version ${opened.migratedFrom} will be migrated to ${SCHEMA_VERSION} (after a backup) when the database is next opened for writing`);
  if (opened.tornTail) report.notes.push('the journal ends in a write that was cut short before it was acknowledged; it is dropped on open');
  if (opened.layout === null) report.notes.push('the file was not laid out by claimbench (no journal region at its end); it is rewritten, after a backup, on open');
  if (!report.history.ok) report.problems.push(`the history chain is broken at entry ${report.history.brokenAt}: ${report.history.reason}`);
  report.ok = report.problems.length === 0;
  return report;
}

export interface BackupResult {
  file: string;
  backup: string;
  bytes: number;
  /** A live process held the database, so the file was copied as it is. */
  live: boolean;
  message: string;
  check: CheckReport;
}

/**
 * A consistent copy of the database. When a server holds it, the file is copied as it is: db.json is
 * always a complete JSON document whose journal holds every acknowledged write, and the copy is checked
 * (and taken again if it caught a write half-way). Otherwise the lock is taken for the copy, so nothing
 * writes meanwhile.
 */
export async function backupDatabase(file: string, dest?: string): Promise<BackupResult> {
  const target = dest ?? join(`${file}.backups`, `${basename(file, '.json')}-${stamp()}-manual.json`);
  await mkdir(dirname(resolve(target)), { recursive: true });
  const holder = FileLock.liveHolder(file);
  const lock = holder ? null : FileLock.acquire(file, 'claimbench db backup');
  try {
    let check: CheckReport | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      check = await copyChecked(file, target);
      if (check.ok) break;
      if (!holder) break;
    }
    if (!check || !check.ok) {
      throw new DbFileError(file, `the copy at ${target} does not check out (${check?.problems.join('; ') ?? 'no report'})`);
    }
    const bytes = (await stat(target)).size;
    const message = holder
      ? `Process ${holder.pid} (${holder.purpose}) has ${file} open, so the file was copied as it is: it is always complete JSON, and its journal holds every write acknowledged before the copy.`
      : `Copied ${file} while holding its lock, so nothing wrote to it during the copy.`;
    return { file, backup: target, bytes, live: holder !== null, message, check: { ...check, file: target } };
  } finally {
    lock?.release();
  }
}

async function copyChecked(file: string, target: string): Promise<CheckReport> {
  const tmp = `${target}.${process.pid}.tmp`;
  await copyFile(file, tmp);
  const check = await checkDatabase(tmp);
  if (!check.ok) {
    await unlink(tmp).catch(() => undefined);
    return check;
  }
  await fsyncFile(tmp);
  await rename(tmp, target);
  await syncDir(dirname(resolve(target)));
  return check;
}

export interface RestoreResult {
  file: string;
  restoredFrom: string;
  /** Where the replaced database was kept, or null when there was none. */
  previous: string | null;
  check: CheckReport;
}

/**
 * Replaces the database with a backup. Refused while a live process holds the database. The backup is
 * checked fully first; the current file is kept in the backups folder; the replacement is a rename, so
 * db.json is at every moment either the old or the new file.
 */
export async function restoreDatabase(file: string, backupFile: string, options: { backups?: number } = {}): Promise<RestoreResult> {
  const lock = FileLock.acquire(file, 'claimbench db restore');
  try {
    const check = await checkDatabase(backupFile);
    if (!check.ok) throw new DbFileError(backupFile, `it cannot be restored (${check.problems.join('; ')})`);
    const tmp = `${dirname(file)}/.${basename(file)}.${process.pid}.restore.tmp`;
    await copyFile(backupFile, tmp);
    await fsyncFile(tmp);
    let previous: string | null = null;
    try {
      previous = await takeBackup(file, Math.max(options.backups ?? 5, 1), 'before-restore', resolve(backupFile));
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
    }
    await rename(tmp, file);
    await syncDir(dirname(resolve(file)));
    return { file, restoredFrom: backupFile, previous, check };
  } finally {
    lock.release();
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
