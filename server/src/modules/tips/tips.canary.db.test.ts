import { ROLES } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoIndex } from '../../../test/authz/demo.ts';
import { newCanary } from '../../../test/canary.ts';
import { canaryHarness } from '../../../test/canary-app.ts';

/**
 * SECURITY.md 27 for tips: a reporter contact carrying a canary is never in a database dump (it is
 * field-encrypted), never in the logs (trace level, every request), never in any tips response — only
 * in GET /tips/{id}/reporter-contact for the roles allowed it.
 */
describe('reporter contact canary', () => {
  const { start, close, call, keep, kept, expectNoLeaks } = canaryHarness();
  const canary = newCanary('REPORTER');
  let demo: DemoIndex;

  beforeAll(async () => {
    ({ demo } = await start());
  }, 60_000);
  afterAll(close);

  it('appears only in the reporter-contact answer for operators and supervisors', async () => {
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
    expect(kept('status')).toContain('"actioned"');

    await expectNoLeaks([canary], '/api/v1/tips');
  }, 60_000);
});
