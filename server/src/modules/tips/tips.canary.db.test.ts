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
 * SECURITY.md 27 for tips: a reporter contact carrying a canary is never in a database dump (it is
 * field-encrypted), never in the logs (trace level, every request), never in any tips response — only
 * in GET /tips/{id}/reporter-contact for the roles allowed it.
 */
describe('reporter contact canary', () => {
  const logs = captureLogs();
  const canary = newCanary('REPORTER');
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

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
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      payload,
      headers: { cookie: cookies[role], ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }) },
    });

  it('appears only in the reporter-contact answer for operators and supervisors', async () => {
    const bodies: Array<[string, string]> = [];
    const keep = (label: string, res: { body: string }) => bodies.push([label, res.body]);

    // A refused intake must not echo the contact back in its validation error.
    keep(
      'POST /tips (400)',
      await call('hotline_operator', 'POST', '/api/v1/tips', {
        source: 'phone',
        narrative: 'x',
        province: 'nowhere',
        reporterContact: canary,
      }),
    );
    const created = await call('hotline_operator', 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'A foreign man seen offering money to children near the market',
      reporterContact: canary,
      identifiers: [{ kind: 'phone', value: '+855 12 600 700' }],
    });
    expect(created.statusCode).toBe(201);
    keep('POST /tips', created);
    const id = created.json().id as string;
    const tcse = demo.unitsByAgency[demo.agencyIdByCode['KH-NP-AHTJP']!]!.find((u) => u.code === 'TCSE')!.id;
    keep(
      'triage',
      await call('hotline_operator', 'POST', `/api/v1/tips/${id}/triage`, { priority: 'P4', version: 1 }),
    );
    keep('assign', await call('hotline_operator', 'POST', `/api/v1/tips/${id}/assign`, { unitId: tcse }));

    let disclosed = 0;
    for (const role of ROLES) {
      keep(`list as ${role}`, await call(role, 'GET', '/api/v1/tips?limit=100'));
      keep(`search as ${role}`, await call(role, 'GET', `/api/v1/tips?q=${encodeURIComponent(canary)}`));
      keep(`detail as ${role}`, await call(role, 'GET', `/api/v1/tips/${id}`));
      const contact = await call(role, 'GET', `/api/v1/tips/${id}/reporter-contact`);
      if (role === 'hotline_operator' || role === 'unit_supervisor') {
        expect(contact.json(), role).toEqual({ reporterContact: canary });
        disclosed++;
      } else {
        expect(contact.statusCode, role).toBe(404);
        keep(`reporter-contact as ${role}`, contact);
      }
    }
    expect(disclosed).toBe(2);
    keep(
      'status',
      await call('investigator', 'POST', `/api/v1/tips/${id}/status`, {
        status: 'actioned',
        reason: 'Visited',
        version: 3,
      }),
    );
    expect(bodies.find(([l]) => l === 'status')![1]).toContain('"actioned"');

    const inBodies = bodies.flatMap(([label, body]) => findCanariesInText(label, body, [canary]));
    expect(inBodies).toEqual([]);
    expect(await findCanariesInDatabase(t.database, [canary])).toEqual([]);
    expect(logs.text()).toContain('/api/v1/tips'); // the logs did see these requests
    expect(findCanariesInText('logs', logs.text(), [canary])).toEqual([]);
  }, 60_000);
});
