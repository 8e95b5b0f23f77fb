import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { actorFor } from '../../../test/authz/actors.ts';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { rotateKek } from '../../platform/crypto/index.ts';
import { blindKeys, normaliseIdentity, victimCode } from './persons.crypto.ts';
import { attachPersonToCase } from './persons.service.ts';

/**
 * Issues 4 and 7: the persons blind index survives `karpear keys rotate`. A person attached before a
 * KEK rotation is still found as likely-same (deconfliction) for a person attached after it, because
 * the index is keyed by the blind-index key, which a rotation does not change.
 */
describe('persons blind index across a KEK rotation', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let refs = 0;

  const kase = async (agencyId: string, unitId: string | null, leadId: string) => {
    refs += 1;
    const [row] = await t.database.query<{ id: string }>(
      `INSERT INTO cases (agency_id, unit_id, reference, title) VALUES ($1, $2, $3, 'Synthetic case') RETURNING id`,
      [agencyId, unitId, `ROT-2026-${String(refs).padStart(4, '0')}`],
    );
    await t.database.query(`INSERT INTO case_members (case_id, user_id, case_role) VALUES ($1, $2, 'lead')`, [
      row!.id,
      leadId,
    ]);
    return row!.id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
  }, 90_000);
  afterAll(async () => t?.close());

  it('finds a person attached before the rotation as likely-same for one attached after it', async () => {
    const inv = demo.byRole.investigator;
    const other = demo.users.find((u) => u.agencyId !== inv.agencyId && u.roles.includes('investigator'))!;
    const theirs = await kase(other.agencyId, other.unitId, other.id);
    const mine = await kase(inv.agencyId, inv.unitId, inv.id);
    const probe = normaliseIdentity({ names: [{ name: 'Gerrit Vanderholt' }], dob: '1966' });
    const keysBefore = blindKeys(t.ctx.keyring, probe);

    // Person A, held by another agency, attached under the first KEK.
    const a = await attachPersonToCase(t.ctx, actorFor(other), theirs, {
      person: { names: [{ name: 'Gerrit Vanderholt' }], dob: '1966-04-02' },
      role: 'suspect',
    });
    const codeBefore = victimCode(t.ctx.keyring, a.personId);

    // The rotation the CLI runs (`karpear keys rotate`), on the running app's own key set.
    const kekBefore = t.ctx.keyring.keks.currentId;
    const report = await rotateKek(t.database, t.ctx.keyring.keks, randomBytes(32));
    expect(report.previousKekId).toBe(kekBefore);
    expect(t.ctx.keyring.keks.currentId).toBe(report.kekId);
    expect(report.kekId).not.toBe(kekBefore);
    expect(report.dataKeys).toBeGreaterThanOrEqual(1); // A's identity key was re-wrapped

    // Same keys and the same victim code under the new KEK.
    expect(blindKeys(t.ctx.keyring, probe)).toEqual(keysBefore);
    expect(victimCode(t.ctx.keyring, a.personId)).toBe(codeBefore);

    // Person B, a likely-same spelling, attached by another agency after the rotation.
    const b = await attachPersonToCase(t.ctx, actorFor(inv), mine, {
      person: {
        names: [{ name: 'Gerrit VANDERHOLT', primary: true }, { name: 'G. Vanderholt' }],
        dob: '1966',
      },
      role: 'suspect',
    });
    expect(b.personId).not.toBe(a.personId);
    expect(b.deconfliction).toMatchObject({ matches: 1, alertsRaised: 2 });
    const alerts = await t.database.query<{ record_id: string }>(
      `SELECT record_id FROM alerts WHERE kind = 'deconfliction' AND record_id IN ($1, $2)`,
      [mine, theirs],
    );
    expect(alerts.map((r) => r.record_id).sort()).toEqual([mine, theirs].sort());
  });
});
