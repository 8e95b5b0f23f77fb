import { unitMemberSchema } from '@karpear/contracts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, actorOf, authorize } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { units } from '../agencies/index.ts';
import { users } from './users.tables.ts';

/**
 * `GET /api/v1/units/:id/members`: the active and invited members of a unit as {id, displayName,
 * roles}, for the tip assignment dialog and case-team management. Not audited: colleagues' names in
 * one's own agency, no personal data beyond the display name.
 */
export type UnitMember = z.infer<typeof unitMemberSchema>;

export async function listUnitMembers(
  deps: Pick<AppContext, 'database'>,
  actor: Actor,
  unitId: string,
): Promise<UnitMember[]> {
  const db = deps.database.db;
  const [unit] = await db
    .select({ id: units.id, agencyId: units.agencyId })
    .from(units)
    .where(eq(units.id, unitId));
  if (!unit) throw AppError.notFound();
  authorize(actor, 'users.unit_members', {
    type: 'unit',
    id: unit.id,
    agencyId: unit.agencyId,
    unitId: unit.id,
  });
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, roles: users.roles })
    .from(users)
    .where(and(eq(users.unitId, unitId), inArray(users.status, ['active', 'invited'])))
    .orderBy(asc(users.displayName));
  return rows.map((r) => ({ id: r.id, displayName: r.displayName, roles: [...r.roles] }));
}

export function unitMembersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/units/:id/members',
      {
        config: { access: { action: 'users.unit_members' } },
        schema: {
          tags: ['users'],
          summary: "A unit's members (id, display name, roles) for assignment and case teams",
          params: z.object({ id: z.uuid() }),
          response: { 200: z.array(unitMemberSchema) },
        },
      },
      async (request) => listUnitMembers(ctx, actorOf(request), request.params.id),
    );
  };
}
