import { jointPartnerSchema, unitMemberSchema } from '@karpear/contracts';
import { and, arrayOverlaps, asc, eq, inArray, ne } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, actorOf, authorize } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { agencies, units } from '../agencies/index.ts';
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

export type JointPartner = z.infer<typeof jointPartnerSchema>;

/** Who may join another agency's case: only as its prosecutor or liaison (cases.team.ts says so too). */
const JOINT_ROLES = ['prosecutor', 'liaison_officer'];

/**
 * `GET /api/v1/joint-partners`: active prosecutors and liaison officers of the OTHER agencies, with
 * their agency, so a case-team manager can add them to a joint case by name. Display names and roles
 * only (no e-mail); not audited, like a unit's members.
 */
export async function listJointPartners(
  deps: Pick<AppContext, 'database'>,
  actor: Actor,
): Promise<JointPartner[]> {
  authorize(actor, 'users.joint_partners');
  const rows = await deps.database.db
    .select({
      id: users.id,
      displayName: users.displayName,
      roles: users.roles,
      agencyId: users.agencyId,
      agencyNameEn: agencies.nameEn,
      agencyNameKm: agencies.nameKm,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        ne(users.agencyId, actor.agencyId),
        eq(users.status, 'active'),
        arrayOverlaps(users.roles, JOINT_ROLES),
      ),
    )
    .orderBy(asc(agencies.nameEn), asc(users.displayName))
    .limit(500);
  return rows.map((r) => ({ ...r, roles: r.roles.filter((role) => JOINT_ROLES.includes(role)) }));
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

    app.get(
      '/joint-partners',
      {
        config: { access: { action: 'users.joint_partners' } },
        schema: {
          tags: ['users'],
          summary: 'Prosecutors and liaison officers of other agencies, who may join a joint case',
          response: { 200: z.array(jointPartnerSchema) },
        },
      },
      async (request) => listJointPartners(ctx, actorOf(request)),
    );
  };
}
