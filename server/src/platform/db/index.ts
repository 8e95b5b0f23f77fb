export type { Database, DatabaseHandle, Engine, Executor, Transaction } from './database.ts';
export { openDatabase, openPglite, openPostgres } from './database.ts';
export { migrate, migrationStatus, type MigrationStatus } from './migrate.ts';
