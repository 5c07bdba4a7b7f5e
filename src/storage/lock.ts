import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { isErrno } from './file.js';

/** What a lock file says about its holder. */
export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  purpose: string;
  /** Where a running server listens, so the CLI can point the user (or its requests) at it. */
  url?: string;
}

export class LockedError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The database ${file} is in use by process ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.since}). ` +
        `Only one process may write a claimbench database: stop that process first` +
        (holder.url ? `, or use its API at ${holder.url}/api/v1` : '') +
        '.',
    );
  }
}

/**
 * An exclusive lock on a database file: `<db>.lock`, created with O_EXCL and holding the owner's pid.
 * A lock left by a process that no longer runs (a crash, a SIGKILL) is taken over; one held by a live
 * process is refused with a LockedError naming it.
 */
export class FileLock {
  private held = false;
  private readonly onExit = () => this.release();

  constructor(
    readonly dbFile: string,
    private info: LockInfo,
  ) {}

  get path(): string {
    return `${this.dbFile}.lock`;
  }

  static acquire(dbFile: string, purpose: string): FileLock {
    const lock = new FileLock(dbFile, { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose });
    lock.take();
    return lock;
  }

  /** Reads the current holder, or null when the file is free. */
  static holder(dbFile: string): LockInfo | null {
    try {
      return JSON.parse(readFileSync(`${dbFile}.lock`, 'utf8')) as LockInfo;
    } catch {
      return null;
    }
  }

  /** The holder, when it is a live process (a lock left by a dead process on this host does not count). */
  static liveHolder(dbFile: string): LockInfo | null {
    const holder = FileLock.holder(dbFile);
    if (!holder) return null;
    if (holder.host === hostname() && holder.pid !== process.pid && !alive(holder.pid)) return null;
    return holder;
  }

  private take(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.path, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(this.info));
        } finally {
          closeSync(fd);
        }
        this.held = true;
        process.once('exit', this.onExit);
        return;
      } catch (err) {
        if (!isErrno(err, 'EEXIST')) throw err;
        const holder = FileLock.holder(this.dbFile);
        if (holder && holder.host === this.info.host && holder.pid !== process.pid && !alive(holder.pid)) {
          // Stale lock from a process that died without releasing it.
          try {
            unlinkSync(this.path);
          } catch (e) {
            if (!isErrno(e, 'ENOENT')) throw e;
          }
          continue;
        }
        if (holder) throw new LockedError(this.dbFile, holder);
        // Unreadable lock file: another process is mid-write of it. Try again.
      }
    }
    throw new LockedError(this.dbFile, FileLock.holder(this.dbFile) ?? { pid: 0, host: '?', since: '?', purpose: 'unknown' });
  }

  /** Adds details (such as the server's URL) to the lock file. */
  update(extra: Partial<LockInfo>): void {
    if (!this.held) return;
    this.info = { ...this.info, ...extra };
    const fd = openSync(this.path, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.info));
    } finally {
      closeSync(fd);
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    process.removeListener('exit', this.onExit);
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}
