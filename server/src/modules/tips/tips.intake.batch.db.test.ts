import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReports } from '../../../../bench/generators/cybertip.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoIndex } from '../../../test/authz/demo.ts';
import { MemoryCheckpointSink } from '../../audit/audit.checkpoints.ts';
import { verifyAuditLog, writeCheckpoint } from '../../audit/index.ts';
import { publicKeyId } from '../../platform/crypto/index.ts';
import { parseCyberTipOrThrow } from './cybertip/parse.ts';
import { tipFromReport } from './import/map-tip.ts';
import { insertTips } from './tips.intake.batch.ts';
import { type InsertedTip, insertTip, type NewTip } from './tips.intake.ts';

/**
 * The batched intake files exactly what `insertTip` one by one files: the same generated CyberTipline
 * set (plus hand-made tips for the rarer rules) goes through both paths into two databases prepared
 * alike, and every table the intake writes is compared with ids and clocks normalised away. Covers
 * identifier reuse across and within batches, stop-listed values, extraction from the narrative, a
 * register passport hit, deconfliction with another unit's tip, duplicate source keys (known before and
 * repeated within a batch), an encrypted reporter contact, and a batch with two holders (filed tip by
 * tip). Then the batched database's audit chain must verify.
 */
const REPORTS = 160;
const BATCH = 45;
const audit = { actorId: null, agencyId: null, ip: null, requestId: null };

interface Side {
  app: TestApp;
  intake: { agencyId: string; unitId: string };
  siemReap: { agencyId: string; unitId: string };
  results: InsertedTip[];
}

async function prepare(): Promise<Side> {
  const app = await createTestApp();
  const demo = await seedDemoIndex(app.database);
  const ahtjp = demo.agencyIdByCode['KH-NP-AHTJP']!;
  const hotline = demo.unitsByAgency[ahtjp]!.find((u) => u.code === 'HOTLINE')!.id;
  const sr = demo.agencyIdByCode['KH-PP-SIEMREAP']!;
  const side = {
    app,
    intake: { agencyId: ahtjp, unitId: hotline },
    siemReap: { agencyId: sr, unitId: demo.unitsByAgency[sr]![0]!.id },
    results: [],
  };
  // An active register entry holding passport US:P7654321.
  const [entry] = await app.database.query<{ id: string }>(
    `INSERT INTO register_entries (reference, agency_id, status, basis, legal_basis, risk_level, instructions)
     VALUES ('R-TEST-000001', $1, 'active', 'green_notice', 'Synthetic law 1', 'high', 'Synthetic instruction')
     RETURNING id`,
    [ahtjp],
  );
  await app.database.query(
    `INSERT INTO register_passports (entry_id, country, number) VALUES ($1, 'US', 'P7654321')`,
    [entry!.id],
  );
  return side;
}

/** The same tips for both sides (ids of agencies and units differ between the two databases). */
function tipsFor(side: Side): { before: NewTip[]; batches: NewTip[][] } {
  const now = side.app.clock.now();
  const target = { ...side.intake, receivedAt: now, createdBy: null };
  const generated = Array.from(generateReports(REPORTS, 7), (g) =>
    tipFromReport(parseCyberTipOrThrow(g.text, { file: g.fileName }).report, target),
  );
  const base = { source: 'phone' as const, ...side.intake, receivedAt: now, identifiers: [] };
  // Another unit already holds a tip sharing identifiers with two generated reports: deconfliction.
  const shared = [...generated[3]!.identifiers.slice(0, 2), ...generated[40]!.identifiers.slice(0, 1)];
  const before: NewTip[] = [
    { ...base, ...side.siemReap, narrative: 'Synthetic earlier tip', identifiers: shared },
    { ...base, narrative: 'Synthetic known report', sourceKey: 'test:known' },
  ];
  const special: NewTip[] = [
    {
      ...base,
      narrative: 'Synthetic tip naming syn.person@mailsyn.org and +855 12 555 777',
      identifiers: [{ kind: 'passport', value: 'US:P7654321', role: 'suspect' }],
      reporterContact: 'Synthetic reporter, +85512000111',
      files: [
        { fileName: 'a.jpg', hash: 'ab'.repeat(16), hashKind: 'MD5', viewedByPlatform: true },
        { fileName: 'b.jpg', hash: null, hashKind: null, viewedByPlatform: null },
      ],
      imminentDanger: true,
      childAgeMin: 9,
      childAgeMax: 11,
    },
    { ...base, narrative: 'Synthetic again', sourceKey: 'test:known' },
    { ...base, narrative: 'Synthetic twice A', sourceKey: 'test:twice', identifiers: shared.slice(0, 1) },
    { ...base, narrative: 'Synthetic twice B', sourceKey: 'test:twice' },
    { ...base, narrative: 'Synthetic mention of syn.person@mailsyn.org' },
  ];
  const all = [...generated.slice(0, 50), ...special, ...generated.slice(50)];
  // The second batch repeats a generated report (duplicate across batches).
  all.splice(60, 0, { ...generated[10]! });
  const batches: NewTip[][] = [];
  for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
  // A batch with two holders: filed tip by tip, same outcome.
  batches.push([
    { ...base, narrative: 'Synthetic mixed 1', identifiers: shared.slice(1, 2) },
    { ...base, ...side.siemReap, narrative: 'Synthetic mixed 2', identifiers: shared.slice(1, 2) },
  ]);
  return { before, batches };
}

async function snapshot(side: Side) {
  const q = <T = Record<string, unknown>>(sql: string) => side.app.database.query<T>(sql);
  const tipRows = await q(
    'SELECT t.*, a.code AS agency_code, u.code AS unit_code FROM tips t JOIN agencies a ON a.id = t.agency_id LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.reference',
  );
  const refOf = new Map(tipRows.map((t) => [String(t.id), String(t.reference)]));
  const agencyCode = new Map(
    (await q<{ id: string; code: string }>('SELECT id, code FROM agencies')).map((a) => [a.id, a.code]),
  );
  const names = (v: unknown) =>
    JSON.parse(
      JSON.stringify(v ?? null).replace(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
        (id) => refOf.get(id) ?? agencyCode.get(id) ?? 'some-id',
      ),
    );
  const tips: Array<Record<string, unknown>> = tipRows.map(
    ({ id, agency_id, unit_id, reporter_contact, created_at, updated_at, ...rest }) => ({
      ...rest,
      hasContact: reporter_contact !== null,
    }),
  );
  return {
    tips,
    identifiers: await q(
      'SELECT kind, value, stop_listed, record_count FROM identifiers ORDER BY kind, value',
    ),
    links:
      await q(`SELECT i.kind, i.value, t.reference, l.record_type, l.role, l.source, a.code AS agency, u.code AS unit
      FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id JOIN tips t ON t.id = l.record_id
      JOIN agencies a ON a.id = l.agency_id LEFT JOIN units u ON u.id = l.unit_id
      ORDER BY t.reference, i.kind, i.value, l.role`),
    files: await q(`SELECT t.reference, f.file_name, f.hash, f.hash_kind, f.viewed_by_platform, f.locked
      FROM tip_files f JOIN tips t ON t.id = f.tip_id ORDER BY t.reference, f.file_name`),
    events: await q(`SELECT t.reference, e.kind, e.to_status, e.details, e.actor_id
      FROM tip_events e JOIN tips t ON t.id = e.tip_id ORDER BY t.reference, e.kind`),
    // Ids become references; a pair key's two records are ordered by id (random), so sorted here.
    alerts: (
      names(
        await q(`SELECT kind, record_type, record_id, reference, params, dedupe_key, recipient_unit_id, recipient_user_id, agency_id
          FROM alerts`),
      ) as Array<{ dedupe_key: string }>
    )
      .map((r) => {
        const [pair, to] = r.dedupe_key.replace('deconfliction:', '').split('>');
        return { ...r, dedupe_key: `${pair!.split('|').sort().join('|')}>${to}` };
      })
      .sort((x, y) => (x.dedupe_key < y.dedupe_key ? -1 : x.dedupe_key > y.dedupe_key ? 1 : 0)),
    audit: names(
      await q(`SELECT position, action, object_type, object_id, outcome, details, actor_id, agency_id
        FROM audit_log ORDER BY position`),
    ),
  };
}

describe('insertTips (batched intake) against insertTip one by one', () => {
  let seq: Side;
  let bat: Side;
  const fallbacks: string[] = [];

  beforeAll(async () => {
    [seq, bat] = await Promise.all([prepare(), prepare()]);
    for (const side of [seq, bat]) {
      const { before } = tipsFor(side);
      for (const tip of before)
        await side.app.database.db.transaction((tx) => insertTip(side.app.ctx, tx, tip, audit));
    }
    const one = tipsFor(seq).batches;
    for (const batch of one) {
      await seq.app.database.db.transaction(async (tx) => {
        for (const tip of batch) seq.results.push(await insertTip(seq.app.ctx, tx, tip, audit));
      });
    }
    for (const batch of tipsFor(bat).batches) {
      const filed = await bat.app.database.db.transaction((tx) =>
        insertTips(bat.app.ctx, tx, batch, audit, { fellBack: (reason) => fallbacks.push(reason) }),
      );
      bat.results.push(...filed);
    }
  }, 240_000);
  afterAll(async () => Promise.all([seq?.app.close(), bat?.app.close()]));

  it('answers the same references and duplicates, in order', () => {
    // Only the two-holder batch is filed tip by tip; every other batch took the batched path.
    expect(fallbacks).toEqual(['holders']);
    const shape = (r: InsertedTip) => [r.reference, r.duplicate];
    expect(bat.results.map(shape)).toEqual(seq.results.map(shape));
    expect(seq.results.filter((r) => r.duplicate)).toHaveLength(3);
  });

  it('files the same tips, links, identifiers, files, events, alerts and audit events', async () => {
    const [a, b] = await Promise.all([snapshot(seq), snapshot(bat)]);
    // The set exercises what it claims to.
    expect(a.tips.length).toBeGreaterThan(REPORTS);
    const fired = (rule: string) =>
      a.tips.filter((t) => (t.triage_reasons as Array<{ rule: string }>).some((r) => r.rule === rule)).length;
    expect(fired('register_hit')).toBe(1);
    expect(fired('repeat_identifier')).toBeGreaterThan(5);
    expect(a.links.some((l) => l.source === 'extracted')).toBe(true);
    expect(a.identifiers.some((i) => i.stop_listed !== null)).toBe(true);
    expect((a.alerts as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect(a.files.length).toBeGreaterThan(2);

    expect(b.tips).toEqual(a.tips);
    expect(b.identifiers).toEqual(a.identifiers);
    expect(b.links).toEqual(a.links);
    expect(b.files).toEqual(a.files);
    expect(b.events).toEqual(a.events);
    expect(b.alerts).toEqual(a.alerts);
    expect(b.audit).toEqual(a.audit);
  });

  it('leaves an audit log that verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
    const sink = new MemoryCheckpointSink();
    await writeCheckpoint(bat.app.database.db, sink, signer, bat.app.clock);
    const verified = await verifyAuditLog(bat.app.database.db, sink, publicKey);
    expect(verified.status).toBe('ok');
    expect(verified.events).toBeGreaterThan(REPORTS);
  });
});
