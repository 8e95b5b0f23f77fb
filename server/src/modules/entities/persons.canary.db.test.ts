import { ROLES } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCanary } from '../../../test/canary.ts';
import { canaryHarness } from '../../../test/canary-app.ts';

/**
 * SECURITY.md 27 / issue 4 item 7 for victims on cases: a victim (`victim_code`) whose names and
 * passport carry canaries is never in a database dump (identity field-encrypted, blind index keyed),
 * never in the logs (trace level, every request), never in any answer to someone outside the case team
 * (victim code instead) — and is in the team investigator's answer (positive control).
 */
describe('victim identity canary', () => {
  const { start, close, call, keep, kept, expectNoLeaks } = canaryHarness();
  const nameCanary = newCanary('VICTIM');
  const aliasCanary = newCanary('VICTIM');
  const passportCanary = `CANARYPP${Date.now().toString(36).toUpperCase()}`;
  const canaries = [nameCanary, aliasCanary, passportCanary];
  let caseId: string;

  beforeAll(async () => {
    const { t, demo } = await start();
    const inv = demo.byRole.investigator;
    const [row] = await t.database.query<{ id: string }>(
      `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, 'CAN-2026-0001', 'Synthetic case') RETURNING id`,
      [inv.agencyId, inv.unitId],
    );
    caseId = row!.id;
    for (const [userId, role] of [
      [inv.id, 'lead'],
      [demo.byRole.liaison_officer.id, 'liaison'],
      [demo.byRole.prosecutor.id, 'prosecutor'],
    ])
      await t.database.query('INSERT INTO case_members (case_id, user_id, case_role) VALUES ($1, $2, $3)', [
        caseId,
        userId,
        role,
      ]);
  }, 60_000);
  afterAll(close);

  it('stays out of the database dump, the logs and every answer outside the case team', async () => {
    const person = {
      names: [{ name: nameCanary, primary: true }, { name: aliasCanary }],
      dob: '2012-04',
      passports: [{ country: 'KH', number: passportCanary }],
    };
    // A refused attach must not echo the names back in its validation error.
    keep(
      'POST persons (400)',
      await call('investigator', 'POST', `/api/v1/cases/${caseId}/persons`, {
        person: { ...person, dob: '2012-13' },
        role: 'victim_code',
      }),
    );
    const created = await call('investigator', 'POST', `/api/v1/cases/${caseId}/persons`, {
      person,
      role: 'victim_code',
    });
    expect(created.statusCode).toBe(201);
    keep('POST persons', created);
    const personId = created.json().personId as string;

    let named = 0;
    for (const role of ROLES) {
      const list = await call(role, 'GET', `/api/v1/cases/${caseId}/persons`);
      const one = await call(role, 'GET', `/api/v1/persons/${personId}`);
      if (role === 'investigator') {
        // The team's investigator sees the names: the canary is really there to be found.
        expect(list.body).toContain(nameCanary);
        expect(one.json().passports).toEqual([{ country: 'KH', number: passportCanary }]);
        named++;
      } else {
        keep(`list as ${role}`, list);
        keep(`person as ${role}`, one);
      }
    }
    expect(named).toBe(1);
    // The liaison officer on the team did get an answer — with the victim code only.
    expect(kept('list as liaison_officer')).toContain('"named":false');

    await expectNoLeaks(canaries, '/persons');
  }, 120_000);
});
