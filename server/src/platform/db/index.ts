export type { Database, DatabaseHandle, Engine, Executor, Transaction } from './database.ts';
export { openDatabase, openPglite, openPostgres } from './database.ts';
export { type MigrationStatus, migrate, migrationStatus } from './migrate.ts';
export { type RowValue, rowSet } from './row-set.ts';
