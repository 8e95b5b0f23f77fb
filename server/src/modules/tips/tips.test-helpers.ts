import type { Role } from '@karpear/contracts';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { signInAs } from '../../../test/authz/session.ts';

/** Shared setup of the tips db tests (tips.db.test.ts, tips.disclosure.db.test.ts). */

export interface TipsTestApp {
  t: TestApp;
  demo: DemoIndex;
  cookies: Record<Role, string>;
  /** A session of the Siem Reap provincial police's investigator (another agency). */
  siemReap: string;
  /** The AHTJP's TCSE unit and its hotline desk (the intake unit). */
  tcse: string;
  hotline: string;
}

/** The app with the demo organisations, a session per role and one of another agency. */
export async function startTipsTestApp(): Promise<TipsTestApp> {
  const t = await createTestApp();
  const demo = await seedDemoIndex(t.database);
  const cookies = await sessionsByRole(t, demo);
  const siemReap = await signInAs(t, 'investigator.siemreap@demo.karpear.test');
  const ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
  const tcse = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'TCSE')!.id;
  const hotline = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'HOTLINE')!.id;
  return { t, demo, cookies, siemReap, tcse, hotline };
}

/**
 * Calls on the app as a role (or a raw cookie), a record's audit events, a tip's row and a tip created
 * over HTTP. `app` is read at call time (the app starts in beforeAll).
 */
export function tipsTestCalls(app: () => TipsTestApp) {
  const call = (who: Role | string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app().t.app.inject({
      method,
      url,
      payload,
      headers: {
        cookie: who in app().cookies ? app().cookies[who as Role] : who,
        ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }),
      },
    });
  const auditOf = (objectId: string) =>
    app().t.database.query<{ action: string; actor_id: string | null; details: Record<string, unknown> }>(
      'SELECT action, actor_id, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );
  const row = async (id: string) =>
    (
      await app().t.database.query<Record<string, unknown>>(
        'SELECT status, priority, proposed_priority, unit_id, assignee_id, version, sla_due_at, case_id FROM tips WHERE id = $1',
        [id],
      )
    )[0]!;
  const create = async (role: Role, body: object) => {
    const res = await call(role, 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'A foreign man seen offering money to children near the market',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string };
  };
  return { call, auditOf, row, create };
}
