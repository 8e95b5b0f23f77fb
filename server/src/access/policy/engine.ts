import type { Role } from '@karpear/contracts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../actor.ts';
import { ALL_POLICIES } from './policies.ts';
import type { PolicyRule, PolicyTable, Relation, Resource } from './rules.ts';

/**
 * The one policy engine. Deny by default: an action nobody declared is allowed to nobody; a rule
 * allows only when the actor holds one of its roles AND the record stands in the rule's relation.
 * Denials throw `AppError.notFound()` — byte-identical to a missing record.
 */
export class PolicyEngine {
  readonly #table: Map<string, readonly PolicyRule[]>;

  constructor(tables: readonly PolicyTable[]) {
    this.#table = new Map();
    for (const table of tables) {
      for (const [action, rules] of Object.entries(table)) {
        if (this.#table.has(action)) throw new Error(`policy action ${action} is declared twice`);
        if (!/^[a-z_]+(\.[a-z_]+)+$/.test(action))
          throw new Error(`policy action ${action} must look like module.verb`);
        this.#table.set(action, rules);
      }
    }
  }

  get actions(): string[] {
    return [...this.#table.keys()].sort();
  }

  rulesFor(action: string): readonly PolicyRule[] {
    return this.#table.get(action) ?? [];
  }

  /** Route-level check: could any of the actor's roles ever perform this action? */
  canPerformAction(actor: Pick<Actor, 'roles'>, action: string): boolean {
    return this.rulesFor(action).some((r) => hasRole(actor.roles, r.roles));
  }

  /** Record-level check. */
  can(actor: Actor, action: string, resource?: Resource): boolean {
    return rulesAllow(actor, this.rulesFor(action), action, resource);
  }

  /**
   * The relations under which the actor's roles allow the action, for list queries that must filter
   * in SQL rather than record by record: `any` means no filter, `own_agency` means the actor's agency…
   * Empty when no role of the actor has the action.
   */
  relationsFor(actor: Pick<Actor, 'roles'>, action: string): Relation[] {
    const out = new Set<Relation>();
    for (const r of this.rulesFor(action)) if (hasRole(actor.roles, r.roles)) out.add(r.relation);
    return [...out];
  }

  /** Throw 404 unless allowed. Call at the top of every service entry. */
  authorize(actor: Actor, action: string, resource?: Resource): void {
    if (!this.can(actor, action, resource)) throw AppError.notFound();
  }

  /** The actions (from `candidates`) the actor may perform on a record: sent as `abilities` to the UI. */
  abilities(actor: Actor, candidates: readonly string[], resource?: Resource): string[] {
    return candidates.filter((a) => this.can(actor, a, resource));
  }
}

/**
 * Whether any of `rules` allows the actor `action` on the resource: the engine's own test, exported
 * for rule sets that live beside the table (approval kinds name who may decide them this way).
 */
export function rulesAllow(
  actor: Actor,
  rules: readonly PolicyRule[],
  action: string,
  resource?: Resource,
): boolean {
  return rules.some(
    (r) =>
      hasRole(actor.roles, r.roles) &&
      handlingAdmits(r, resource) &&
      relationHolds(actor, r, action, resource),
  );
}

function handlingAdmits(rule: PolicyRule, resource: Resource | undefined): boolean {
  const code = resource?.handling ?? 'normal';
  return code === 'normal' || (rule.handling?.includes(code) ?? false);
}

function hasRole(actorRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return actorRoles.some((r) => allowed.includes(r));
}

function relationHolds(
  actor: Actor,
  rule: PolicyRule,
  action: string,
  resource: Resource | undefined,
): boolean {
  switch (rule.relation) {
    case 'any':
      return true;
    case 'own_agency':
      return resource?.agencyId != null && resource.agencyId === actor.agencyId;
    case 'own_unit':
      return (
        resource?.unitId != null &&
        actor.unitId !== null &&
        resource.unitId === actor.unitId &&
        resource.agencyId === actor.agencyId
      );
    case 'team':
      return resource?.teamUserIds?.includes(actor.userId) ?? false;
    case 'self':
      return resource?.userId != null && resource.userId === actor.userId;
    case 'grant':
      return resource?.grantedActions?.includes(action) ?? false;
  }
}

/** The engine built from every module's `<module>.policy.ts` (listed in policies.ts). */
export const policy = new PolicyEngine(ALL_POLICIES);

export function canPerformAction(actor: Pick<Actor, 'roles'>, action: string): boolean {
  return policy.canPerformAction(actor, action);
}

export function authorize(actor: Actor, action: string, resource?: Resource): void {
  policy.authorize(actor, action, resource);
}

export function can(actor: Actor, action: string, resource?: Resource): boolean {
  return policy.can(actor, action, resource);
}

export function relationsFor(actor: Pick<Actor, 'roles'>, action: string): Relation[] {
  return policy.relationsFor(actor, action);
}

export function abilities(actor: Actor, candidates: readonly string[], resource?: Resource): string[] {
  return policy.abilities(actor, candidates, resource);
}
