import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import type { DemoUserRef } from '../../../test/authz/demo.ts';
import { attachPersonToCase } from './persons.service.ts';
import { personsTestKit } from './persons.test-helpers.ts';

/**
 * Persons on cases (issue 7 §5–6) through the HTTP API: detach (kept as removed), merge and exact undo,
 * merge refusals with clear errors, one audit event per call.
 */
describe('persons on cases', () => {
  const { start, kase, call, attach, auditCount } = personsTestKit();
  let t: TestApp;
  let inv: DemoUserRef;
  let siemReap: DemoUserRef;
  let mine: string;

  beforeAll(async () => {
    ({ t, inv, siemReap, mine } = await start());
  }, 90_000);
  afterAll(async () => t?.close());

  it('detaches a person (kept as removed), audited; a second detach is 404', async () => {
    const res = await attach('investigator', mine, {
      person: { names: [{ name: 'Rotha Meas' }] },
      role: 'witness',
    });
    const { linkId, personId } = res.json();
    // Also on a second case of the unit, so the person stays readable after the detach.
    const second = await kase(inv.agencyId, inv.unitId, [[inv.id, 'lead']]);
    expect((await attach('investigator', second, { personId, role: 'witness' })).statusCode).toBe(201);
    const del = await call('investigator', 'DELETE', `/cases/${mine}/persons/${linkId}`);
    expect(del.statusCode, del.body).toBe(200);
    const list = await call('investigator', 'GET', `/cases/${mine}/persons`);
    expect(list.json().items.map((p: { personId: string }) => p.personId)).not.toContain(personId);
    const [link] = await t.database.query<{ removed_at: Date | null }>(
      'SELECT removed_at FROM person_links WHERE id = $1',
      [linkId],
    );
    expect(link!.removed_at).not.toBeNull();
    expect((await call('investigator', 'DELETE', `/cases/${mine}/persons/${linkId}`)).statusCode).toBe(404);
    expect((await call('liaison_officer', 'DELETE', `/cases/${mine}/persons/${linkId}`)).statusCode).toBe(
      404,
    );
    expect(await auditCount('persons.detach', mine)).toBe(1); // the refused ones wrote nothing
    const events = await t.database.query<{ kind: string; details: Record<string, unknown> }>(
      `SELECT kind, details FROM case_events WHERE case_id = $1 AND kind LIKE 'person_%' ORDER BY at, kind`,
      [second],
    );
    expect(events).toEqual([{ kind: 'person_added', details: { role: 'witness' } }]);
    const removed = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM case_events WHERE case_id = $1 AND kind = 'person_removed'`,
      [mine],
    );
    expect(removed).toEqual([{ details: { role: 'witness' } }]);
    // Attached again by id: the link is revived, not duplicated.
    const again = await attach('investigator', mine, { personId, role: 'witness' });
    expect(again.statusCode).toBe(201);
    expect(again.json().linkId).toBe(linkId);
    // A person whose every link was removed is reachable by nobody: 404 naming the field.
    const lone = (
      await attach('investigator', mine, { person: { names: [{ name: 'Sophal Noun' }] }, role: 'witness' })
    ).json();
    await call('investigator', 'DELETE', `/cases/${mine}/persons/${lone.linkId}`);
    const gone = await attach('investigator', mine, { personId: lone.personId, role: 'witness' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.issues[0].path).toBe('body.personId');
  });

  it('merges a duplicate person and undoes it exactly, once', async () => {
    const other = await kase(inv.agencyId, inv.unitId, [[inv.id, 'lead']]);
    const a = (
      await attach('investigator', mine, {
        person: { names: [{ name: 'Piotr Halvorsen' }] },
        role: 'associate',
      })
    ).json();
    const b1 = (
      await attach('investigator', mine, {
        person: { names: [{ name: 'Peter Halvorsen' }] },
        role: 'associate',
      })
    ).json();
    const b2 = (await attach('investigator', other, { personId: b1.personId, role: 'suspect' })).json();
    const merge = await call('investigator', 'POST', `/persons/${b1.personId}/merge`, {
      intoId: a.personId,
      reason: 'Same passport photo',
    });
    expect(merge.statusCode).toBe(200);
    const { mergeId } = merge.json();
    expect(merge.json()).toMatchObject({ survivorId: a.personId, mergedId: b1.personId, movedLinks: 2 });
    const [row] = await t.database.query<{ kind: string; moved: { links: string[]; retired: string[] } }>(
      'SELECT kind, moved FROM entity_merges WHERE id = $1',
      [mergeId],
    );
    expect(row!.kind).toBe('person');
    // b1's link on `mine` duplicates a's (same case, same role): retired, not moved. b2 moved.
    expect(row!.moved).toEqual({ links: [b2.linkId], retired: [b1.linkId] });
    const links = await t.database.query<{ id: string; person_id: string; removed_at: Date | null }>(
      'SELECT id, person_id, removed_at FROM person_links WHERE id = ANY($1::uuid[])',
      [[b1.linkId, b2.linkId]],
    );
    expect(links.find((l) => l.id === b2.linkId)!.person_id).toBe(a.personId);
    expect(links.find((l) => l.id === b1.linkId)!.removed_at).not.toBeNull();
    expect(await auditCount('persons.merge', b1.personId)).toBe(1);

    const again = await call('investigator', 'POST', `/persons/${b1.personId}/merge`, {
      intoId: a.personId,
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);

    const undo = await call('investigator', 'POST', `/persons/merges/${mergeId}/undo`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toMatchObject({ restoredLinks: 2 });
    const after = await t.database.query<{ id: string; person_id: string; removed_at: Date | null }>(
      'SELECT id, person_id, removed_at FROM person_links WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[b1.linkId, b2.linkId]],
    );
    expect(after.every((l) => l.person_id === b1.personId && l.removed_at === null)).toBe(true);
    const [person] = await t.database.query<{ merged_into: string | null }>(
      'SELECT merged_into FROM persons WHERE id = $1',
      [b1.personId],
    );
    expect(person!.merged_into).toBeNull();
    expect(await auditCount('persons.merge_undo', b1.personId)).toBe(1);
    const twice = await call('investigator', 'POST', `/persons/merges/${mergeId}/undo`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/already undone/);
  });

  it('refuses merges: into itself, into an identifier, across agencies, by a reader who may not edit', async () => {
    const p = (
      await attach('investigator', mine, {
        person: { names: [{ name: 'Yuri Osterman' }] },
        role: 'associate',
      })
    ).json();
    const self = await call('investigator', 'POST', `/persons/${p.personId}/merge`, {
      intoId: p.personId,
      reason: 'x',
    });
    expect(self.statusCode).toBe(400);
    const ident = await call('investigator', 'POST', `/cases/${mine}/identifiers`, {
      kind: 'phone',
      value: '+85512377001',
      role: 'suspect',
    });
    const identifierId: string = ident.json().identifierId;
    const kinds = await call('investigator', 'POST', `/persons/${p.personId}/merge`, {
      intoId: identifierId,
      reason: 'x',
    });
    expect(kinds.statusCode).toBe(400);
    expect(kinds.json().error.message).toMatch(/identifier/);
    expect(kinds.json().error.issues[0].path).toBe('body.intoId');

    // A joint case of Siem Reap with our investigator on its team: readable and editable, other agency.
    const joint = await kase(siemReap.agencyId, siemReap.unitId, [
      [siemReap.id, 'lead'],
      [inv.id, 'member'],
    ]);
    const q = await attachPersonToCase(t.ctx, actorFor(siemReap), joint, {
      person: { names: [{ name: 'Yuri Ostermann' }] },
      role: 'associate',
    });
    const cross = await call('investigator', 'POST', `/persons/${p.personId}/merge`, {
      intoId: q.personId,
      reason: 'x',
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.message).toMatch(/different agencies/);
    // Liaison reads the case but may not edit it.
    const liaison = await call('liaison_officer', 'POST', `/persons/${p.personId}/merge`, {
      intoId: q.personId,
      reason: 'x',
    });
    expect(liaison.statusCode).toBe(404);
    expect(await auditCount('persons.merge', p.personId)).toBe(0);
    // Nothing moved.
    const [row] = await t.database.query<{ merged_into: string | null }>(
      'SELECT merged_into FROM persons WHERE id = $1',
      [p.personId],
    );
    expect(row!.merged_into).toBeNull();
  });
});
