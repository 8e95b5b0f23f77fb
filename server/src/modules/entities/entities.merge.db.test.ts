import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex } from '../../../test/authz/demo.ts';
import { signInAs } from '../../../test/authz/session.ts';
import type { AppError } from '../../platform/errors.ts';
import { mergeIdentifier, undoIdentifierMerge } from './entities.merge.ts';
import { getEntity, listEntities } from './entities.service.ts';
import { getGraph, linkIdentifiers } from './index.ts';

/**
 * Identifier merge and undo (issue 7 §5): same kind only, links re-pointed with duplicates kept aside,
 * counts right, one audit event in the transaction, exact undo once, other agencies' identifiers 404.
 */
describe('identifier merge and undo', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Partial<Record<Role, string>>;
  let agencyId: string;
  let unitId: string | null;
  let other: string;
  const tipA = randomUUID();
  const tipB = randomUUID();
  const tipC = randomUUID();
  const tipOther = randomUUID();
  let seq = 0;

  const analyst = () => actorFor(demo.byRole.intel_analyst);
  const now = () => t.clock.now();

  /** Link `value` (kind) to a synthetic tip of `agency` in `role`; returns the identifier id. */
  async function link(kind: string, value: string, tip: string, role: string, agency = agencyId) {
    await t.database.db.transaction((tx) =>
      linkIdentifiers(
        tx,
        { type: 'tip', id: tip, agencyId: agency, unitId: agency === agencyId ? unitId : null },
        'operator',
        [{ kind: kind as 'email', value, role }],
        { now: now() },
      ),
    );
    const [row] = await t.database.query<{ id: string }>(
      'SELECT id FROM identifiers WHERE kind = $1 AND value = $2',
      [kind, value],
    );
    return row!.id;
  }
  const counts = async (...ids: string[]) =>
    (
      await t.database.query<{ id: string; record_count: number }>(
        'SELECT id, record_count FROM identifiers WHERE id = ANY($1::uuid[])',
        [ids],
      )
    ).reduce<Record<string, number>>((acc, r) => Object.assign(acc, { [r.id]: Number(r.record_count) }), {});
  const linksOf = async (id: string) =>
    (
      await t.database.query<{ id: string; record_id: string; role: string }>(
        'SELECT id, record_id, role FROM identifier_links WHERE identifier_id = $1 ORDER BY id',
        [id],
      )
    ).map((l) => `${l.id}|${l.record_id}|${l.role}`);
  const auditCount = async (action: string) =>
    Number(
      (
        await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [
          action,
        ])
      )[0]!.n,
    );
  const fresh = (label: string) => `syn.merge.${label}.${++seq}@mail.test.kh`;
  const reason = 'Same person, typo in the domain';
  const refusal = async (p: Promise<unknown>) => {
    const e = (await p.then(
      () => undefined,
      (err: unknown) => err,
    )) as AppError | undefined;
    expect(e, 'expected a refusal').toBeDefined();
    return e!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    agencyId = demo.byRole.intel_analyst.agencyId;
    unitId = demo.byRole.intel_analyst.unitId;
    other = otherAgencyId(demo, agencyId);
    cookies = {
      intel_analyst: await signInAs(t, demo.byRole.intel_analyst.email),
      hotline_operator: await signInAs(t, demo.byRole.hotline_operator.email),
    };
  }, 120_000);
  afterAll(async () => t?.close());

  it('moves every link to the survivor, keeps duplicates aside, recounts, audits ids only — and undoes exactly', async () => {
    const dup = await link('email', fresh('dup'), tipA, 'reported_person');
    await link('email', fresh('dup-extra'), tipA, 'reported_person'); // unrelated, must not move
    const survivorValue = fresh('survivor');
    const survivor = await link('email', survivorValue, tipA, 'reported_person');
    await link('email', survivorValue, tipC, 'victim');
    // dup: tipA (same record and role as the survivor: a duplicate), tipB (moves).
    const dupValue = (
      await t.database.query<{ value: string }>('SELECT value FROM identifiers WHERE id = $1', [dup])
    )[0]!.value;
    await link('email', dupValue, tipB, 'suspect');
    const before = { dup: await linksOf(dup), survivor: await linksOf(survivor) };
    expect(await counts(dup, survivor)).toEqual({ [dup]: 2, [survivor]: 2 });

    const auditsBefore = await auditCount('entities.merge');
    const merge = await mergeIdentifier(t.ctx, analyst(), dup, { intoId: survivor, reason });
    expect(merge).toMatchObject({ survivorId: survivor, mergedId: dup, movedLinks: 1, removedDuplicates: 1 });
    expect(await linksOf(dup)).toEqual([]);
    expect(await linksOf(survivor)).toHaveLength(3);
    // Survivor: tipA, tipB, tipC; the merged one: nothing.
    expect(await counts(dup, survivor)).toEqual({ [dup]: 0, [survivor]: 3 });
    expect(await auditCount('entities.merge')).toBe(auditsBefore + 1);
    const [event] = await t.database.query<{ object_id: string; details: Record<string, unknown> }>(
      `SELECT object_id, details FROM audit_log WHERE action = 'entities.merge' ORDER BY position DESC LIMIT 1`,
    );
    expect(event).toMatchObject({
      object_id: dup,
      details: {
        mergeId: merge.id,
        survivorId: survivor,
        movedLinks: 1,
        removedDuplicates: 1,
        kind: 'email',
      },
    });
    expect(JSON.stringify(event)).not.toContain('syn.merge');
    expect(JSON.stringify(event)).not.toContain('typo');

    // The merged identifier's page links to the survivor; the survivor's lists the merge to undo.
    const page = await getEntity(t.ctx, analyst(), dup);
    expect(page.mergedInto).toMatchObject({ mergeId: merge.id, id: survivor, value: survivorValue });
    const survivorPage = await getEntity(t.ctx, analyst(), survivor);
    expect(survivorPage).toMatchObject({ mergedInto: null, canMerge: true, recordCount: 3 });
    expect(survivorPage.mergedFrom).toEqual([
      expect.objectContaining({ mergeId: merge.id, id: dup, value: dupValue }),
    ]);

    const undone = await undoIdentifierMerge(t.ctx, analyst(), merge.id);
    expect(undone.undoneAt).not.toBeNull();
    expect({ dup: await linksOf(dup), survivor: await linksOf(survivor) }).toEqual(before);
    expect(await counts(dup, survivor)).toEqual({ [dup]: 2, [survivor]: 2 });
    expect((await getEntity(t.ctx, analyst(), survivor)).mergedFrom).toEqual([]);
    expect(await auditCount('entities.merge_undo')).toBeGreaterThan(0);

    const again = await refusal(undoIdentifierMerge(t.ctx, analyst(), merge.id));
    expect(again).toMatchObject({ code: 'conflict', message: 'This merge was already undone' });
  });

  it('refuses different kinds, the same id, an already merged identifier, and another agency’s (404)', async () => {
    const email = await link('email', fresh('kind'), tipA, 'reported_person');
    const phone = await link('phone', `+8551277${String(++seq).padStart(4, '0')}`, tipA, 'reported_person');
    const kinds = await refusal(mergeIdentifier(t.ctx, analyst(), phone, { intoId: email, reason }));
    expect(kinds).toMatchObject({
      code: 'validation_failed',
      message: 'Cannot merge a phone into an e-mail: entities must be of the same kind',
    });
    expect(await counts(phone, email)).toEqual({ [phone]: 1, [email]: 1 });
    const self = await refusal(mergeIdentifier(t.ctx, analyst(), email, { intoId: email, reason }));
    expect(self).toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.intoId' }] });

    const a = await link('email', fresh('a'), tipB, 'suspect');
    const b = await link('email', fresh('b'), tipB, 'victim');
    const c = await link('email', fresh('c'), tipC, 'victim');
    await mergeIdentifier(t.ctx, analyst(), a, { intoId: b, reason });
    const twice = await refusal(mergeIdentifier(t.ctx, analyst(), a, { intoId: c, reason }));
    expect(twice).toMatchObject({ code: 'conflict', issues: [{ path: 'params.id' }] });
    const intoMerged = await refusal(mergeIdentifier(t.ctx, analyst(), c, { intoId: a, reason }));
    expect(intoMerged).toMatchObject({ code: 'conflict', issues: [{ path: 'body.intoId' }] });

    const theirs = await link('email', fresh('theirs'), tipOther, 'suspect', other);
    expect(await refusal(mergeIdentifier(t.ctx, analyst(), theirs, { intoId: c, reason }))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(mergeIdentifier(t.ctx, analyst(), c, { intoId: theirs, reason }))).toMatchObject({
      code: 'not_found',
      issues: [{ path: 'body.intoId' }],
    });
    expect(await linksOf(theirs)).toHaveLength(1);
    // An investigator of another agency may not undo our merge: 404, like a missing one.
    const [m] = await t.database.query<{ id: string }>(
      `SELECT id FROM entity_merges WHERE merged_id = $1 AND undone_at IS NULL`,
      [a],
    );
    // The demo has no analyst elsewhere: the same analyst, as if in the other agency.
    const outsider = { ...demo.byRole.intel_analyst, agencyId: other, unitId: null };
    expect(await refusal(undoIdentifierMerge(t.ctx, actorFor(outsider), m!.id))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(undoIdentifierMerge(t.ctx, analyst(), randomUUID()))).toMatchObject({
      code: 'not_found',
    });
  });

  it('refuses to undo a merge whose survivor was merged since (undo the later one first)', async () => {
    const x = await link('email', fresh('x'), tipA, 'suspect');
    const y = await link('email', fresh('y'), tipB, 'suspect');
    const z = await link('email', fresh('z'), tipC, 'suspect');
    const first = await mergeIdentifier(t.ctx, analyst(), x, { intoId: y, reason });
    const second = await mergeIdentifier(t.ctx, analyst(), y, { intoId: z, reason });
    expect(await counts(x, y, z)).toEqual({ [x]: 0, [y]: 0, [z]: 3 });
    expect(await refusal(undoIdentifierMerge(t.ctx, analyst(), first.id))).toMatchObject({
      code: 'conflict',
    });
    await undoIdentifierMerge(t.ctx, analyst(), second.id);
    await undoIdentifierMerge(t.ctx, analyst(), first.id);
    expect(await counts(x, y, z)).toEqual({ [x]: 1, [y]: 1, [z]: 1 });
  });

  it('leaves nothing merged when the audit write fails (same transaction)', async () => {
    const p = await link('email', fresh('p'), tipA, 'witness');
    const q = await link('email', fresh('q'), tipB, 'witness');
    await t.database.query(`CREATE FUNCTION h2_fail_merge_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'entities.merge' THEN RAISE EXCEPTION 'audit refused (test)'; END IF; RETURN NEW; END $$`);
    await t.database.query(
      `CREATE TRIGGER h2_fail_merge_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION h2_fail_merge_audit()`,
    );
    try {
      await expect(mergeIdentifier(t.ctx, analyst(), p, { intoId: q, reason })).rejects.toThrow(
        /karpear_audit_append/,
      ); // the audit write;
    } finally {
      await t.database.query('DROP TRIGGER h2_fail_merge_audit ON audit_log');
      await t.database.query('DROP FUNCTION h2_fail_merge_audit()');
    }
    expect(await linksOf(p)).toHaveLength(1);
    expect(await counts(p, q)).toEqual({ [p]: 1, [q]: 1 });
    const merges = await t.database.query('SELECT id FROM entity_merges WHERE merged_id = $1', [p]);
    expect(merges).toEqual([]);
  });

  it('search and the link chart no longer show the merged identifier; its value finds the survivor', async () => {
    const gone = fresh('gone');
    const keep = fresh('keep');
    const g = await link('email', gone, tipA, 'associate');
    const k = await link('email', keep, tipB, 'associate');
    await mergeIdentifier(t.ctx, analyst(), g, { intoId: k, reason });
    const typed = await listEntities(t.ctx, analyst(), { q: gone, limit: 20, offset: 0 });
    expect(typed.items.map((i) => i.id)).toEqual([k]);
    const browse = await listEntities(t.ctx, analyst(), { q: 'syn.merge.gone', limit: 100, offset: 0 });
    expect(browse.items.map((i) => i.id)).not.toContain(g);
    const graph = await getGraph(t.ctx, analyst(), { root: `identifier:${k}`, hops: 1, limit: 500 });
    const nodeIds = graph.nodes.map((n) => n.id);
    expect(nodeIds).not.toContain(`identifier:${g}`);
    // Both tips now hang off the survivor.
    expect(graph.edges.filter((e) => e.target === `identifier:${k}`)).toHaveLength(2);
  });

  it('answers over HTTP: 201 merge, 400 naming the kinds, 409 on a second undo, 404 for a reader who may not merge', async () => {
    const m1 = await link('email', fresh('h1'), tipA, 'suspect');
    const m2 = await link('email', fresh('h2'), tipB, 'suspect');
    const ph = await link('phone', `+8551266${String(++seq).padStart(4, '0')}`, tipA, 'suspect');
    const post = (role: Role, url: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url,
        // A bodiless write proves it is no cross-site form with the header (the CSRF rule).
        headers: { cookie: cookies[role]!, 'x-requested-with': 'karpear' },
        ...(payload ? { payload } : {}),
      });
    const bad = await post('intel_analyst', `/api/v1/entities/${ph}/merge`, { intoId: m2, reason });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe(
      'Cannot merge a phone into an e-mail: entities must be of the same kind',
    );
    const short = await post('intel_analyst', `/api/v1/entities/${m1}/merge`, { intoId: m2, reason: 'dup' });
    expect(short.statusCode).toBe(400);
    expect(
      (await post('hotline_operator', `/api/v1/entities/${m1}/merge`, { intoId: m2, reason })).statusCode,
    ).toBe(404);
    const ok = await post('intel_analyst', `/api/v1/entities/${m1}/merge`, { intoId: m2, reason });
    expect(ok.statusCode).toBe(201);
    const undo = await post('intel_analyst', `/api/v1/entities/merges/${ok.json().id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await post('intel_analyst', `/api/v1/entities/merges/${ok.json().id}/undo`)).statusCode).toBe(
      409,
    );
  });
});
