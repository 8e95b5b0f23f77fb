import type { Role } from '@karpear/contracts';
import { agencyIn, type Relation, type RouteFixture, unitIn } from '../fixtures.ts';

/** The shape of an entry of the route table (see route-table.ts for what each field means). */
export interface Allow {
  roles: readonly Role[];
  relation: Relation;
}

export type RouteExpectation =
  | { public: string; fixture?: RouteFixture }
  | (Allow & {
      also?: readonly Allow[];
      relations?: readonly Relation[];
      fixture?: RouteFixture;
      status?: number;
      freshSession?: boolean;
    });

/** A part of the route table: one module's routes. */
export type RouteTable = Record<string, RouteExpectation>;

export const onAgency: RouteFixture = (ctx) => {
  const id = agencyIn(ctx);
  return id ? { params: { id } } : undefined;
};
export const onUnit: RouteFixture = async (ctx) => {
  const id = await unitIn(ctx);
  return id ? { params: { id } } : undefined;
};

/**
 * Another user of the agency in the relation (never a system administrator), else the caller
 * themself in their own agency, so a call always exists (and carries its body).
 */
export const onUser = (ctx: Parameters<RouteFixture>[0]) => {
  const agencyId = agencyIn(ctx);
  const user =
    ctx.demo.users.find(
      (u) => u.agencyId === agencyId && u.id !== ctx.user.id && !u.roles.includes('system_admin'),
    ) ?? (ctx.relation === 'own_agency' ? ctx.user : undefined);
  return user ? { params: { id: user.id } } : undefined;
};

/** A call on a record id (undefined when the relation could not be built), with an optional body. */
export function onRecord(id: string | undefined, body?: object) {
  return id ? { params: { id }, ...(body ? { body } : {}) } : undefined;
}
