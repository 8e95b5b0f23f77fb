import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoIndex, seedDemoIndex } from '../../../test/authz/demo.ts';
import { createTestDatabase } from '../../../test/db.ts';
import type { Actor } from '../../access/index.ts';
import { MemoryCheckpointSink } from '../../audit/audit.checkpoints.ts';
import { verifyAuditLog, writeCheckpoint } from '../../audit/index.ts';
import { systemClock } from '../../platform/clock.ts';
import { publicKeyId } from '../../platform/crypto/index.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { ScreeningService } from './screening.service.ts';
import { addActiveEntry } from './screening.test-helpers.ts';

/**
 * The border check's audit under concurrency: no-hit checks share group commits, a hit keeps its own
 * transaction (hit row, alert and event together); every check is audited exactly once, the chain
 * verifies, and when the audit log cannot be written no check is answered — hit or no hit.
 */
describe('border check audit (group commit)', () => {
  let database: DatabaseHandle;
  let demo: DemoIndex;
  let actor: Actor;
  let service: ScreeningService;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIndex(database);
    await addActiveEntry(
      database.db,
      demo.byRole.unit_supervisor,
      'REG-2026-G0001',
      'Zebulon Fakeperson QUARTERMAINE',
    );
    const officer = demo.byRole.immigration_officer;
    const [agency] = await database.query<{ type: Actor['agencyType'] }>(
      'SELECT type FROM agencies WHERE id = $1',
      [officer.agencyId],
    );
    actor = {
      userId: officer.id,
      agencyId: officer.agencyId,
      agencyType: agency!.type,
      unitId: officer.unitId,
      roles: officer.roles,
      sessionId: 'test-session',
      stepUpAt: new Date(),
      ip: '127.0.0.1',
      requestId: null,
    };
    service = new ScreeningService({ database, clock: systemClock }, { syncIntervalMs: 60_000 });
    await service.warm();
  }, 60_000);
  afterAll(async () => database?.close());

  const innocent = (i: number) => ({ names: [`Quillon Nobodyknows${i} VANTERPOOL`], nationality: 'NZ' });
  const wanted = { names: ['Zebulon Fakeperson Quartermaine'], nationality: 'GB' };
  const counts = async () => {
    const [r] = await database.query<{ checks: number; hits: number; alerts: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log WHERE action = 'screening.check') AS checks,
              (SELECT count(*)::int FROM screening_hits) AS hits,
              (SELECT count(*)::int FROM alerts WHERE kind = 'register_hit') AS alerts`,
    );
    return r!;
  };

  it('audits N concurrent checks once each (no-hits in groups, the hit in its own transaction)', async () => {
    const before = await counts();
    const groupsBefore = service.auditGroupStats.groups;
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => service.check(actor, innocent(i))),
      service.check(actor, wanted),
    ]);
    expect(answers.slice(0, 30).every((a) => a.result === 'no_hit')).toBe(true);
    expect(answers[30]).toMatchObject({ result: 'hit', level: 'hit' });
    expect(await counts()).toEqual({
      checks: before.checks + 31,
      hits: before.hits + 1,
      alerts: before.alerts + 1,
    });
    const groups = service.auditGroupStats.groups - groupsBefore;
    expect(groups).toBeGreaterThanOrEqual(1);
    expect(groups).toBeLessThan(30);

    // The hit's event names its hit row (same transaction); no-hit events carry ids only.
    const events = await database.query<{ object_id: string | null; details: Record<string, unknown> }>(
      "SELECT object_id, details FROM audit_log WHERE action = 'screening.check' ORDER BY position",
    );
    const hitEvents = events.filter((e) => e.details.result === 'hit');
    expect(hitEvents).toHaveLength(1);
    const [hit] = await database.query<{ id: string }>('SELECT id FROM screening_hits');
    expect(hitEvents[0]!.object_id).toBe(hit!.id);
    expect(JSON.stringify(events)).not.toMatch(/Nobodyknows|Quartermaine|VANTERPOOL/i);

    const sink = new MemoryCheckpointSink();
    await writeCheckpoint(database.db, sink, signer, systemClock);
    expect(await verifyAuditLog(database.db, sink, signer.verifyKey)).toMatchObject({
      status: 'ok',
      firstBadPosition: null,
    });
  }, 60_000);

  it('answers no check, hit or no hit, when the audit log cannot be written', async () => {
    const before = await counts();
    await database.query(`CREATE FUNCTION sc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$`);
    await database.query(
      'CREATE TRIGGER sc_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION sc_refuse()',
    );
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await Promise.allSettled([
        ...Array.from({ length: 10 }, (_, i) => service.check(actor, innocent(100 + i))),
        service.check(actor, wanted),
      ]);
    } finally {
      await database.query('DROP TRIGGER sc_refuse ON audit_log');
      await database.query('DROP FUNCTION sc_refuse()');
    }
    expect(outcomes.map((o) => o.status)).toEqual(Array(11).fill('rejected'));
    for (const o of outcomes.slice(0, 10)) {
      const err = (o as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'unavailable' });
      expect(err.message).toMatch(/audit log could not be written/);
    }
    // The hit's row and alert rolled back with its event.
    expect(await counts()).toEqual(before);

    // Checks are answered (and audited) again once the log can be written.
    expect((await service.check(actor, innocent(200))).result).toBe('no_hit');
    expect((await counts()).checks).toBe(before.checks + 1);
  }, 60_000);
});
