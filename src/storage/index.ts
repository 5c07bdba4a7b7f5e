export { JsonStore, verifyHistory, takeBackup, type Store, type Tx, type ReadView, type AuditInput, type StoreStats, type OpenOptions, type OpenReport } from './store.js';
export { checkDatabase, backupDatabase, restoreDatabase, type CheckReport, type BackupResult, type RestoreResult } from './admin.js';
export { DbFileError } from './errors.js';
export { DurableJSONFile, writeSnapshot } from './file.js';
export { LockedError, FileLock, type LockInfo } from './lock.js';
export { newId } from './ids.js';
export { SCHEMA_VERSION, emptyDb, defaultSettings, validateDb, settingsSchema, MIGRATIONS, type DbFile, type Migration } from './schema.js';
export * from './records.js';
