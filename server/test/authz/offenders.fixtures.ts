import { eq } from 'drizzle-orm';
import { approvals } from '../../src/access/access.tables.ts';
import type { Actor } from '../../src/access/actor.ts';
import { createBatch, runBatch, screeningBatchJob } from '../../src/modules/offenders/batch/batch.upload.ts';
import {
  guestImports,
  registerEntries,
  registerNames,
  travelNotifications,
} from '../../src/modules/offenders/offenders.tables.ts';
import { JobRegistry } from '../../src/platform/jobs/index.ts';
import { agencyIn, type FixtureContext, unitIn } from './fixtures.ts';

/** Records of the offenders module (register, travel, batch screening, guest registers) in a relation, for the route table. */

/**
 * A finished batch screening of the agency in the relation (its meta and sealed files live in the data
 * folder, not the database), made through the module's own upload and job functions.
 */
export async function screeningBatchIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const actor: Actor = {
    userId: ctx.user.id,
    agencyId,
    agencyType: 'police',
    unitId: null,
    roles: ['immigration_officer'],
    sessionId: 'fixture',
    stepUpAt: ctx.now,
    ip: null,
    requestId: null,
  };
  const csv = 'id,full_name,dob,nationality\nA1,Fixture Arrival Person,1980-01-01,US\n';
  const batch = await createBatch(ctx.app, new JobRegistry([screeningBatchJob(ctx.app)]), actor, {
    name: 'fixture-arrivals.csv',
    content: Buffer.from(csv),
  });
  await runBatch(ctx.app, batch.id);
  return batch.id;
}

/** A guest-register import of the agency in the relation (screening.guest_read). */
export async function guestImportIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const [row] = await ctx.db
    .insert(guestImports)
    .values({ agencyId, fileName: 'fixture-register.csv', createdAt: ctx.now, rows: 0, screened: 0 })
    .returning();
  return row!.id;
}

/**
 * An offender register entry of the agency in the relation, in the state a route needs: `proposed`,
 * `pending` (proposed, with an activation request asked by another user of that agency) or `active`.
 */
export async function registerEntryIn(
  ctx: FixtureContext,
  state: 'proposed' | 'pending' | 'active' = 'proposed',
): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const unitId = await unitIn(ctx);
  const [entry] = await ctx.db
    .insert(registerEntries)
    .values({
      reference: `REG-2026-F${ctx.unique()}`,
      agencyId,
      unitId,
      status: state === 'active' ? 'active' : 'proposed',
      basis: 'deported',
      legalBasis: 'Fixture legal basis',
      riskLevel: 'medium',
      instructions: 'Fixture instructions: call the duty officer',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      activatedAt: state === 'active' ? ctx.now : null,
    })
    .returning();
  await ctx.db
    .insert(registerNames)
    .values({ entryId: entry!.id, name: 'Fixture Person Madeup', isPrimary: true });
  if (state === 'pending') {
    const requester =
      ctx.demo.users.find((u) => u.agencyId === agencyId && u.id !== ctx.user.id) ??
      ctx.demo.users.find((u) => u.id !== ctx.user.id)!;
    const [approval] = await ctx.db
      .insert(approvals)
      .values({
        kind: 'register_entry.activate',
        recordType: 'register_entry',
        recordId: entry!.id,
        agencyId,
        requestedBy: requester.id,
        justification: 'Fixture activation request for the matrix',
        requestedAt: ctx.now,
        expiresAt: new Date(ctx.now.getTime() + 3_600_000),
      })
      .returning();
    await ctx.db
      .update(registerEntries)
      .set({ approvalId: approval!.id })
      .where(eq(registerEntries.id, entry!.id));
  }
  return entry!.id;
}

/** A travel notification received by the agency in the relation (still watching). */
export async function travelNotificationIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const [row] = await ctx.db
    .insert(travelNotifications)
    .values({
      reference: `TN-2026-F${ctx.unique()}`,
      agencyId,
      unitId: await unitIn(ctx),
      partner: 'Fixture partner',
      receivedAt: ctx.now,
      names: ['Fixture Traveller Madeup'],
      travelDate: ctx.now.toISOString().slice(0, 10),
      watchUntil: new Date(ctx.now.getTime() + 30 * 86_400_000),
    })
    .returning();
  return row!.id;
}
