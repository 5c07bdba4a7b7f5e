export { JsonStore, verifyHistory, takeBackup, type Store, type Tx, type ReadView, type AuditInput, type StoreStats, type OpenOptions } from './store.js';
export { DbFileError } from './file.js';
export { LockedError, FileLock } from './lock.js';
export { newId } from './ids.js';
export { SCHEMA_VERSION, emptyDb, defaultSettings, validateDb, settingsSchema, type DbFile } from './schema.js';
export * from './records.js';
