/** The users module's public surface: other modules import from here only. */
export { users } from './users.tables.ts';
