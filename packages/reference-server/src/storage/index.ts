/** Storage: records, the storage interface and its SQLite implementation. */
export * from './records.js';
export * from './storage.js';
export { INTERRUPTED_STATES, recoveryPatch } from './recovery.js';
export { encodeCursor, decodeCursor } from './cursor.js';
export { SqliteStorage } from './sqlite/sqlite-storage.js';
export { MIGRATIONS } from './sqlite/migrations.js';
