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

export function isErrno(err: unknown, code: string): boolean {
  // No instanceof: errors from Node's fs can come from another realm (Jest's VM modules, workers).
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}
