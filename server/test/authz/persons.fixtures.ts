import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { cases } from '../../src/modules/cases/cases.tables.ts';
import { blindKeys, encryptIdentity, normaliseIdentity } from '../../src/modules/entities/persons.crypto.ts';
import { entityMerges, personLinks, persons } from '../../src/modules/entities/persons.tables.ts';
import { caseIn, type FixtureContext } from './fixtures.ts';

/**
 * Persons on cases for the route table (kept apart from fixtures.ts, which other work edits): a case
 * of the relation (see `caseIn`: the caller on its team for `own_agency`) with synthetic persons
 * attached as suspects (encrypted identity and blind index, as the service writes them).
 */
export async function personsOnCaseIn(
  ctx: FixtureContext,
  count = 1,
): Promise<{ caseId: string; persons: Array<{ personId: string; linkId: string }> } | undefined> {
  const c = await caseIn(ctx);
  if (!c) return undefined;
  const [kase] = await ctx.db.select().from(cases).where(eq(cases.id, c.id));
  const out: Array<{ personId: string; linkId: string }> = [];
  for (let i = 0; i < count; i++) {
    const personId = randomUUID();
    const identity = normaliseIdentity({ names: [{ name: `Matrix Person ${ctx.unique()}` }], dob: '1970' });
    await ctx.db.insert(persons).values({
      id: personId,
      agencyId: kase!.agencyId,
      identity: await encryptIdentity(ctx.app, ctx.db, personId, identity),
      nameKeys: blindKeys(ctx.app.keyring, identity),
    });
    const [link] = await ctx.db
      .insert(personLinks)
      .values({
        personId,
        recordType: 'case',
        recordId: c.id,
        role: 'suspect',
        agencyId: kase!.agencyId,
        unitId: kase!.unitId,
      })
      .returning();
    out.push({ personId, linkId: link!.id });
  }
  return { caseId: c.id, persons: out };
}

/** A person merge in force on such a case (the first person's link moved to the second), to undo. */
export async function personMergeIn(ctx: FixtureContext): Promise<string | undefined> {
  const on = await personsOnCaseIn(ctx, 2);
  if (!on) return undefined;
  const [merged, survivor] = on.persons as [{ personId: string; linkId: string }, { personId: string }];
  await ctx.db.update(personLinks).set({ role: 'witness' }).where(eq(personLinks.id, merged.linkId));
  await ctx.db
    .update(personLinks)
    .set({ personId: survivor.personId })
    .where(eq(personLinks.id, merged.linkId));
  await ctx.db.update(persons).set({ mergedInto: survivor.personId }).where(eq(persons.id, merged.personId));
  const [row] = await ctx.db
    .insert(entityMerges)
    .values({
      kind: 'person',
      survivorId: survivor.personId,
      mergedId: merged.personId,
      moved: { links: [merged.linkId], retired: [] },
      reason: 'Fixture duplicate',
      mergedAt: ctx.now,
    })
    .returning();
  return row!.id;
}
