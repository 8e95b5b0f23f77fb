/** The agencies module's public surface: other modules import from here only. */
export { agencies, units } from './agencies.tables.ts';
