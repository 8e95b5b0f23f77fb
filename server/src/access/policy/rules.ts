import type { Role } from '@karpear/contracts';

/**
 * How a record relates to the actor. A rule names the relation it requires; the engine checks it
 * against the resource the service loaded.
 * - `any`        no record relation needed (e.g. list own work, screen a passport)
 * - `own_agency` the record belongs to the actor's agency
 * - `own_unit`   the record belongs to the actor's unit (and agency)
 * - `team`       the actor is on the record's team (case team)
 * - `self`       the record is the actor (their own user, their own welfare answers)
 * - `grant`      the actor holds a current need-to-know grant on the record for this action
 */
export type Relation = 'any' | 'own_agency' | 'own_unit' | 'team' | 'self' | 'grant';

/**
 * A record's handling code. `normal` records follow the rules as written; a `restricted` or `secret`
 * record (an undercover operation, a source, a sensitive suspect) is allowed only by rules that name
 * its code in `handling` — so a new rule never opens restricted records by accident.
 */
export const HANDLING_CODES = ['normal', 'restricted', 'secret'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

export interface PolicyRule {
  roles: readonly Role[];
  relation: Relation;
  /** Handling codes beyond `normal` this rule admits; none by default. */
  handling?: readonly Exclude<HandlingCode, 'normal'>[];
}

/** A module's policy: action name (`module.verb`) → the rules, any one of which allows it. */
export type PolicyTable = Readonly<Record<string, readonly PolicyRule[]>>;

/** What the engine needs to know about a record; services fill it from the row they loaded. */
export interface Resource {
  type: string;
  id?: string;
  /** The record's handling code; absent means `normal`. */
  handling?: HandlingCode;
  agencyId?: string | null;
  unitId?: string | null;
  /** For `self`: the user the record is (or belongs to). */
  userId?: string | null;
  /** For `team`: the users on the record's team. */
  teamUserIds?: readonly string[];
  /** For `grant`: the actions the actor holds a current grant for on this record (loaded by the service). */
  grantedActions?: readonly string[];
}

/** Shorthand for tables: `rule(['investigator', 'unit_supervisor'], 'own_agency')`. */
export function rule(
  roles: readonly Role[],
  relation: Relation,
  handling?: readonly Exclude<HandlingCode, 'normal'>[],
): PolicyRule {
  return handling ? { roles, relation, handling } : { roles, relation };
}
