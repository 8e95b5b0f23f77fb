import { ROLES, type Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { captureLogs, findCanariesInDatabase, findCanariesInText, newCanary } from '../../../test/canary.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { createFieldCipher, createSecretBox, ephemeralKeyring } from '../../platform/crypto/index.ts';
import { buildApp } from '../../platform/http/app.ts';

/**
 * SECURITY.md 27 / issue 4 item 7 for victims on cases: a victim (`victim_code`) whose names and
 * passport carry canaries is never in a database dump (identity field-encrypted, blind index keyed),
 * never in the logs (trace level, every request), never in any answer to someone outside the case team
 * (victim code instead) — and is in the team investigator's answer (positive control).
 */
describe('victim identity canary', () => {
  const logs = captureLogs();
  const nameCanary = newCanary('VICTIM');
  const aliasCanary = newCanary('VICTIM');
  const passportCanary = `CANARYPP${Date.now().toString(36).toUpperCase()}`;
  const canaries = [nameCanary, aliasCanary, passportCanary];
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  let caseId: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const clock = new ManualClock(new Date('2026-11-28T08:00:00Z'));
    const keyring = ephemeralKeyring();
    const ctx: AppContext = {
      config: loadConfig({ mode: 'test', logLevel: 'trace', port: 0 }, {}),
      database,
      clock,
      logger: logs.logger,
      version: 'test',
      keyring,
      secrets: createSecretBox(keyring.kek),
      fields: createFieldCipher(keyring.keks, { clock }),
    };
    const { app, routes } = await buildApp(ctx);
    await app.ready();
    t = {
      app,
      routes,
      database,
      clock,
      ctx,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
    demo = await seedDemoIndex(database);
    cookies = await sessionsByRole(t, demo);
    const inv = demo.byRole.investigator;
    const [row] = await database.query<{ id: string }>(
      `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, 'CAN-2026-0001', 'Synthetic case') RETURNING id`,
      [inv.agencyId, inv.unitId],
    );
    caseId = row!.id;
    for (const [userId, role] of [
      [inv.id, 'lead'],
      [demo.byRole.liaison_officer.id, 'liaison'],
      [demo.byRole.prosecutor.id, 'prosecutor'],
    ])
      await database.query('INSERT INTO case_members (case_id, user_id, case_role) VALUES ($1, $2, $3)', [
        caseId,
        userId,
        role,
      ]);
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: { cookie: cookies[role], ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }) },
    });

  it('stays out of the database dump, the logs and every answer outside the case team', async () => {
    const bodies: Array<[string, string]> = [];
    const keep = (label: string, res: { body: string }) => bodies.push([label, res.body]);
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
    expect(bodies.find(([l]) => l === 'list as liaison_officer')![1]).toContain('"named":false');

    const inBodies = bodies.flatMap(([label, body]) => findCanariesInText(label, body, canaries));
    expect(inBodies).toEqual([]);
    expect(await findCanariesInDatabase(t.database, canaries)).toEqual([]);
    expect(logs.text()).toContain('/persons'); // the logs did see these requests
    expect(findCanariesInText('logs', logs.text(), canaries)).toEqual([]);
  }, 120_000);
});
