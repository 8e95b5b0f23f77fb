import type { PolicyTable } from './rules.ts';

/**
 * Every module's policy table, gathered. Adding a module's `<module>.policy.ts` here is the only
 * wiring it needs; an action declared twice stops start-up.
 */
export const ALL_POLICIES: readonly PolicyTable[] = [];
