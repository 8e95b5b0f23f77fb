/**
 * The cases module's public surface. Today: the case record a tip converts into (issue 5); the cases
 * issue adds teams, plans, tasks and link analysis.
 */
export { cases, caseTips } from './cases.tables.ts';
