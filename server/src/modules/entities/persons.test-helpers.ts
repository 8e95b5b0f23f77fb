import type { Role } from '@karpear/contracts';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, type DemoUserRef, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';

/** Shared setup of the persons db tests (persons.db.test.ts, persons.detach-merge.db.test.ts). */
export interface PersonsTestApp {
  t: TestApp;
  demo: DemoIndex;
  cookies: Record<Role, string>;
  /** The demo investigator, and an investigator of another agency (Siem Reap). */
  inv: DemoUserRef;
  siemReap: DemoUserRef;
  /** A case of the investigator's unit (they lead it, the liaison officer is on it), and one of Siem Reap's. */
  mine: string;
  theirs: string;
}

/**
 * The app and the calls the persons tests make: `kase` (a case straight in the database, numbered per
 * file), `call` as a role, `attach` a person to a case, `auditCount`. Calls read the app started by
 * `start()` (in beforeAll).
 */
export function personsTestKit() {
  let app: PersonsTestApp | undefined;
  let refs = 0;
  const t = () => app!.t;
  const cookies = () => app!.cookies;

  const kase = async (agencyId: string, unitId: string | null, team: Array<[string, string]>) => {
    refs += 1;
    const [row] = await t().database.query<{ id: string }>(
      `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, $3, 'Synthetic case') RETURNING id`,
      [agencyId, unitId, `PRS-2026-${String(refs).padStart(4, '0')}`],
    );
    for (const [userId, role] of team)
      await t().database.query(`INSERT INTO case_members (case_id, user_id, case_role) VALUES ($1, $2, $3)`, [
        row!.id,
        userId,
        role,
      ]);
    return row!.id;
  };
  const call = (role: Role, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookies()[role], 'x-requested-with': 'karpear' },
      payload,
    });
  const attach = (role: Role, caseId: string, body: object) =>
    call(role, 'POST', `/cases/${caseId}/persons`, body);
  const auditCount = async (action: string, objectId: string) =>
    (
      await t().database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND object_id = $2',
        [action, objectId],
      )
    )[0]!.n;

  async function start(): Promise<PersonsTestApp> {
    const started = await createTestApp();
    const demo = await seedDemoIndex(started.database);
    app = { t: started, demo, cookies: await sessionsByRole(started, demo) } as PersonsTestApp;
    const inv = demo.byRole.investigator;
    const siemReap = demo.users.find((u) => u.email !== inv.email && u.roles.includes('investigator'))!;
    expect(siemReap.agencyId).not.toBe(inv.agencyId);
    const mine = await kase(inv.agencyId, inv.unitId, [
      [inv.id, 'lead'],
      [demo.byRole.liaison_officer.id, 'liaison'],
    ]);
    const theirs = await kase(siemReap.agencyId, siemReap.unitId, [[siemReap.id, 'lead']]);
    Object.assign(app, { inv, siemReap, mine, theirs });
    return app;
  }

  return { start, kase, call, attach, auditCount };
}
