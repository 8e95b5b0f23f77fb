import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import type { DemoIndex, DemoUserRef } from '../../../test/authz/demo.ts';
import { blindKeys, normaliseIdentity } from './persons.crypto.ts';
import { attachPersonToCase } from './persons.service.ts';
import { personsTestKit } from './persons.test-helpers.ts';

/**
 * Persons on cases (issue 7 §5–6) through the HTTP API: attach with an encrypted identity and a blind
 * index, list and read with victims by code outside the team, deconfliction across agencies, refusals
 * with clear errors, one audit event per call. Detach, merge and undo are in persons.detach-merge.db.test.ts.
 */
describe('persons on cases', () => {
  const { start, kase, call, attach, auditCount } = personsTestKit();
  let t: TestApp;
  let demo: DemoIndex;
  let inv: DemoUserRef;
  let siemReap: DemoUserRef;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    ({ t, demo, inv, siemReap, mine, theirs } = await start());
  }, 90_000);
  afterAll(async () => t?.close());

  it('attaches a new person: identity encrypted, blind index without plaintext, one audit event', async () => {
    const res = await attach('investigator', mine, {
      person: {
        names: [{ name: 'Marcus Vellacott', primary: true }, { name: 'Mark Vellacot' }],
        dob: '1971-03',
        nationalities: ['gb'],
        passports: [{ country: 'GB', number: '5512-33X' }],
      },
      role: 'suspect',
    });
    expect(res.statusCode).toBe(201);
    const { personId, linkId } = res.json();
    const [row] = await t.database.query<{ identity: string; name_keys: string[]; agency_id: string }>(
      `SELECT encode(identity, 'escape') AS identity, name_keys, agency_id FROM persons WHERE id = $1`,
      [personId],
    );
    expect(row!.agency_id).toBe(inv.agencyId);
    expect(row!.identity.toLowerCase()).not.toContain('vellacott');
    expect(row!.identity).not.toContain('551233X');
    expect(row!.name_keys.some((k) => k.startsWith('n:'))).toBe(true);
    expect(row!.name_keys.filter((k) => k.startsWith('p:'))).toHaveLength(1);
    expect(row!.name_keys.join(' ').toLowerCase()).not.toContain('vellac');
    const events = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'persons.attach' AND object_id = $1`,
      [mine],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ personId, linkId, role: 'suspect', created: true });
    expect(JSON.stringify(events).toLowerCase()).not.toContain('vellac');

    const read = await call('investigator', 'GET', `/persons/${personId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      limited: false,
      displayName: 'Marcus Vellacott',
      dob: '1971-03',
      nationalities: ['GB'],
      passports: [{ country: 'GB', number: '551233X' }],
      victimCode: null,
    });
    expect(await auditCount('persons.read', personId)).toBe(1);
  });

  it('shows a victim by code, never by name, outside the case team; names to the team', async () => {
    const res = await attach('investigator', mine, {
      person: { names: [{ name: 'Channary Keo' }], gender: 'female' },
      role: 'victim_code',
    });
    expect(res.statusCode).toBe(201);
    const victimId: string = res.json().personId;
    const linkId: string = res.json().linkId;

    const team = await call('investigator', 'GET', `/cases/${mine}/persons`);
    expect(team.statusCode).toBe(200);
    const victimRow = team.json().items.find((p: { personId: string }) => p.personId === victimId);
    expect(victimRow).toMatchObject({ displayName: 'Channary Keo', named: true });
    const code: string = victimRow.victimCode;
    // Keyed on the person, not a prefix of its id: a code cannot be matched to an id seen elsewhere.
    expect(code).toMatch(/^V-[0-9A-Z]{6}$/);
    expect(victimId.replaceAll('-', '').toUpperCase()).not.toContain(code.slice(2));

    // Liaison on the team (joint case, other agency) and a supervisor not on the team: code only.
    for (const role of ['liaison_officer', 'unit_supervisor'] as const) {
      const list = await call(role, 'GET', `/cases/${mine}/persons`);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('Channary');
      const row = list.json().items.find((p: { linkId: string }) => p.linkId === linkId);
      // Name and person id withheld (the id would tie the victim to a name on another list).
      expect(row).toMatchObject({ displayName: code, victimCode: code, named: false, personId: null });
      expect(list.body).not.toContain(victimId);
      // Suspects keep their names in the limited view.
      expect(list.body).toContain('Marcus Vellacott');
      const one = await call(role, 'GET', `/persons/${victimId}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toMatchObject({ limited: true, displayName: code, names: [], dob: null });
      expect(one.body).not.toContain('Channary');
    }
    const listEvents = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'persons.list' AND object_id = $1 ORDER BY position`,
      [mine],
    );
    expect(listEvents.map((e) => e.details.view)).toEqual(['full', 'limited', 'limited']);
    // Not readers of the case: 404, like a case that does not exist.
    expect((await call('hotline_operator', 'GET', `/cases/${mine}/persons`)).statusCode).toBe(404);
    expect((await call('prosecutor', 'GET', `/cases/${mine}/persons`)).statusCode).toBe(404);
    expect((await call('prosecutor', 'GET', `/persons/${victimId}`)).statusCode).toBe(404);
  });

  it('never ties a victim code to a name: a victim who is a suspect elsewhere stays unnamed to code-only viewers', async () => {
    const other = await kase(inv.agencyId, inv.unitId, [[inv.id, 'lead']]);
    const v = (
      await attach('investigator', mine, { person: { names: [{ name: 'Kosal Prum' }] }, role: 'victim_code' })
    ).json();
    expect((await attach('investigator', other, { personId: v.personId, role: 'witness' })).statusCode).toBe(
      201,
    );
    // The supervisor (not on the team of `mine`) reads both cases: names on `other`'s list, where the
    // person is a witness; but the person itself, known elsewhere as a victim, stays by code.
    const one = await call('unit_supervisor', 'GET', `/persons/${v.personId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ limited: true, names: [] });
    expect(one.body).not.toContain('Kosal');
    // …and cannot attach it by id to a case of theirs to see its names, nor merge it.
    const sup = await kase(inv.agencyId, inv.unitId, [[demo.byRole.unit_supervisor.id, 'lead']]);
    const reuse = await attach('unit_supervisor', sup, { personId: v.personId, role: 'suspect' });
    expect(reuse.statusCode).toBe(404);
    const s = (
      await attach('unit_supervisor', sup, { person: { names: [{ name: 'Kosal Prum' }] }, role: 'suspect' })
    ).json();
    const merge = await call('unit_supervisor', 'POST', `/persons/${v.personId}/merge`, {
      intoId: s.personId,
      reason: 'x',
    });
    expect(merge.statusCode).toBe(404);
  });

  it('refuses bad identities naming the field, and calls the role may not make', async () => {
    const bad = async (person: object, path: string) => {
      const res = await attach('investigator', mine, { person, role: 'witness' });
      expect(res.statusCode, JSON.stringify(person)).toBe(400);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toContain(path);
    };
    await bad(
      {
        names: [
          { name: 'A B', primary: true },
          { name: 'C D', primary: true },
        ],
      },
      'body.person.names',
    );
    await bad({ names: [{ name: 'Bopha Lim' }], dob: '1990-02-30' }, 'body.person.dob');
    await bad({ names: [{ name: '12345' }] }, 'body.person.names.0.name');
    await bad(
      { names: [{ name: 'Bopha Lim' }], passports: [{ country: 'KH', number: '1' }] },
      'body.person.passports.0.number',
    );
    await bad({ names: [] }, 'body.person.names');
    const both = await attach('investigator', mine, {
      person: { names: [{ name: 'Bopha Lim' }] },
      personId: '00000000-0000-4000-8000-000000000000',
      role: 'witness',
    });
    expect(both.statusCode).toBe(400);
    const extra = await attach('investigator', mine, {
      person: { names: [{ name: 'Bopha Lim' }], x: 1 },
      role: 'witness',
    });
    expect(extra.statusCode).toBe(400);
    expect(
      (await attach('intel_analyst', mine, { person: { names: [{ name: 'Bopha Lim' }] }, role: 'witness' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await attach('investigator', theirs, { person: { names: [{ name: 'Bopha Lim' }] }, role: 'witness' }))
        .statusCode,
    ).toBe(404);
    expect(await auditCount('persons.attach', theirs)).toBe(0);
  });

  it('blind index: the same name in Khmer and Latin script shares name keys', () => {
    const khmer = blindKeys(t.ctx.keyring, normaliseIdentity({ names: [{ name: 'សុខ ដារ៉ា' }] }));
    const latin = blindKeys(t.ctx.keyring, normaliseIdentity({ names: [{ name: 'Sok Dara' }] }));
    const other = blindKeys(t.ctx.keyring, normaliseIdentity({ names: [{ name: 'Chan Vicheka' }] }));
    expect(khmer.filter((k) => latin.includes(k) && k.startsWith('n:')).length).toBeGreaterThanOrEqual(2);
    // …and their token pair, which is what deconfliction looks up.
    expect(khmer.filter((k) => latin.includes(k) && k.startsWith('q:')).length).toBeGreaterThanOrEqual(1);
    expect(other.filter((k) => latin.includes(k))).toEqual([]);
  });

  it('deconflicts: the same person on another agency’s case alerts both holders, naming only the holder', async () => {
    // Siem Reap holds a suspect "Dara SOK" born 1980; another one born 1955 must not match.
    await attachPersonToCase(t.ctx, actorFor(siemReap), theirs, {
      person: { names: [{ name: 'Dara SOK' }], dob: '1980' },
      role: 'suspect',
    });
    const old = await kase(siemReap.agencyId, siemReap.unitId, [[siemReap.id, 'lead']]);
    await attachPersonToCase(t.ctx, actorFor(siemReap), old, {
      person: { names: [{ name: 'Sok Dara' }], dob: '1955-01-01' },
      role: 'suspect',
    });
    // Sharing only the family name is not the same person.
    const third = await kase(siemReap.agencyId, siemReap.unitId, [[siemReap.id, 'lead']]);
    await attachPersonToCase(t.ctx, actorFor(siemReap), third, {
      person: { names: [{ name: 'Sok Vanna' }], dob: '1980' },
      role: 'suspect',
    });
    const res = await attach('investigator', mine, {
      person: { names: [{ name: 'សុខ ដារ៉ា', primary: true }, { name: 'Sok Dara' }], dob: '1980-05-01' },
      role: 'suspect',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().deconfliction).toEqual({ matches: 1, alertsRaised: 2 });
    const alerts = await t.database.query<{ record_id: string; params: Record<string, unknown> }>(
      `SELECT record_id, params FROM alerts WHERE kind = 'deconfliction' AND record_id IN ($1, $2, $3, $4)`,
      [mine, theirs, old, third],
    );
    expect(alerts.map((a) => a.record_id).sort()).toEqual([mine, theirs].sort());
    const toMine = alerts.find((a) => a.record_id === mine)!;
    expect(toMine.params).toMatchObject({ otherAgency: 'KH-PP-SIEMREAP', otherRecordType: 'case' });
    const text = JSON.stringify(alerts).toLowerCase();
    expect(text).not.toContain('dara');
    expect(text).not.toContain('1980');
    expect(await auditCount('persons.attach', mine)).toBeGreaterThanOrEqual(3);
  });
});
