import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, otherAgencyId, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { linkIdentifiers } from './index.ts';

/**
 * The link chart over HTTP: hops, the node limit, the stop-list, and what a viewer may see (records of
 * others are "held by" dead ends whose identifiers are never walked), audited once per call.
 */
describe('GET /api/v1/graph', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;
  const ids: Record<string, string> = {};
  let otherCode: string;
  // Synthetic identifiers only.
  const phone = '+85512399001';
  const phone2 = '+85512399002';
  const placeholder = 'syn.graph.placeholder@mail.test.kh';
  const hiddenEmail = 'syn.graph.hidden@mail.test.kh';

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    const op = demo.byRole.hotline_operator;
    const other = otherAgencyId(demo, op.agencyId);
    otherCode = demo.agencyCodeById[other]!;
    const tip = async (name: string, agencyId: string, unitId: string | null) => {
      const [row] = await t.database.query<{ id: string }>(
        `INSERT INTO tips (reference, source, agency_id, unit_id, proposed_priority, received_at, narrative)
         VALUES ($1, 'phone', $2, $3, 'P3', now(), 'Synthetic narrative') RETURNING id`,
        [`T-2026-GR${name}`, agencyId, unitId],
      );
      ids[name] = row!.id;
    };
    await tip('1', op.agencyId, op.unitId);
    await tip('2', other, null);
    await tip('3', op.agencyId, op.unitId);
    await tip('4', op.agencyId, op.unitId);
    await tip('5', op.agencyId, op.unitId);
    const now = new Date();
    const link = (
      name: string,
      agencyId: string,
      unitId: string | null,
      items: Parameters<typeof linkIdentifiers>[3],
    ) =>
      t.database.db.transaction((tx) =>
        linkIdentifiers(tx, { type: 'tip', id: ids[name]!, agencyId, unitId }, 'operator', items, { now }),
      );
    await link('1', op.agencyId, op.unitId, [
      { kind: 'phone', value: phone, role: 'suspect' },
      { kind: 'email', value: placeholder, role: 'reported_person', stopListed: 'placeholder' },
    ]);
    await link('2', other, null, [
      { kind: 'phone', value: phone, role: 'reported_person' },
      { kind: 'email', value: hiddenEmail, role: 'victim' },
    ]);
    // Tip 3 shares only the stop-listed e-mail: it must never appear.
    await link('3', op.agencyId, op.unitId, [
      { kind: 'email', value: placeholder, role: 'reported_person', stopListed: 'placeholder' },
    ]);
    await link('4', op.agencyId, op.unitId, [
      { kind: 'phone', value: phone, role: 'suspect' },
      { kind: 'phone', value: phone2, role: 'suspect' },
    ]);
    await link('5', op.agencyId, op.unitId, [{ kind: 'phone', value: phone2, role: 'victim' }]);
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (role: Role, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/graph?${query}`, headers: { cookie: cookies[role] } });
  const labels = (body: { nodes: Array<{ label: string }> }) => body.nodes.map((n) => n.label).sort();

  it('one hop: the root, its identifiers and the records sharing them; stop-listed never joins', async () => {
    const res = await get('hotline_operator', `root=tip:${ids['1']}&hops=1`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(labels(body)).toEqual([phone, 'T-2026-GR1', 'T-2026-GR4', `held by ${otherCode}`].sort());
    expect(body.truncated).toBe(false);
    const text = JSON.stringify(body);
    expect(text).not.toContain(placeholder);
    expect(text).not.toContain('GR3');
    expect(text).not.toContain(ids['2']);
    const hidden = body.nodes.find((n: { visible: boolean }) => !n.visible);
    expect(hidden).toMatchObject({
      type: 'tip',
      holder: { agencyCode: otherCode, unitCode: null },
      depth: 1,
    });
    expect(hidden.status).toBeUndefined();
    // Records are sources, identifiers targets; each link once with its role.
    expect(body.edges).toHaveLength(3);
    expect(body.edges).toContainEqual({
      source: `tip:${ids['1']}`,
      target: expect.stringMatching(/^identifier:/),
      role: 'suspect',
    });
    expect(body.edges).toContainEqual({
      source: hidden.id,
      target: expect.stringMatching(/^identifier:/),
      role: 'reported_person',
    });
  });

  it('two hops reach further; a hidden record is a dead end (its identifiers are its content)', async () => {
    const res = await get('hotline_operator', `root=tip:${ids['1']}&hops=2`);
    const body = res.json();
    expect(labels(body)).toEqual(
      [phone, phone2, 'T-2026-GR1', 'T-2026-GR4', 'T-2026-GR5', `held by ${otherCode}`].sort(),
    );
    expect(JSON.stringify(body)).not.toContain(hiddenEmail);
    expect(body.nodes.find((n: { label: string }) => n.label === 'T-2026-GR5').depth).toBe(2);
  });

  it('the node limit truncates; the call is audited once with counts only', async () => {
    const before = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'entities.graph' AND object_id = $1`,
      [ids['1']],
    );
    const res = await get('hotline_operator', `root=tip:${ids['1']}&hops=3&limit=2`);
    expect(res.json()).toMatchObject({ truncated: true });
    expect(res.json().nodes).toHaveLength(2);
    const events = await t.database.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'entities.graph' AND object_id = $1 ORDER BY position`,
      [ids['1']],
    );
    expect(events.length).toBe(before[0]!.n + 1);
    expect(events.at(-1)!.details).toEqual({
      hops: 3,
      nodes: 2,
      hidden: expect.any(Number),
      edges: expect.any(Number),
      truncated: true,
    });
    expect(JSON.stringify(events)).not.toMatch(/399 ?00[12]|1239900[12]/);
  });

  it('an identifier root walks identifier → records → identifiers', async () => {
    const [row] = await t.database.query<{ id: string }>(
      `SELECT id FROM identifiers WHERE kind = 'phone' AND value = $1`,
      [phone2],
    );
    const body = (await get('intel_analyst', `root=identifier:${row!.id}&hops=1`)).json();
    expect(labels(body)).toEqual([phone, phone2, 'T-2026-GR4', 'T-2026-GR5'].sort());
  });

  it('a root the viewer may not read, unknown or stop-listed roots, and bad queries', async () => {
    expect((await get('hotline_operator', `root=tip:${ids['2']}`)).statusCode).toBe(404);
    expect((await get('hotline_operator', `root=case:${randomUUID()}`)).statusCode).toBe(404);
    expect((await get('ngo_caseworker', `root=tip:${ids['1']}`)).statusCode).toBe(404);
    expect((await get('hotline_operator', `root=tip:${ids['1']}&hops=4`)).statusCode).toBe(400);
    expect((await get('hotline_operator', 'root=shoe:1')).statusCode).toBe(400);
    const [stop] = await t.database.query<{ id: string }>(`SELECT id FROM identifiers WHERE value = $1`, [
      placeholder,
    ]);
    const res = (await get('hotline_operator', `root=identifier:${stop!.id}&hops=2`)).json();
    // A stop-listed identifier is shown alone: it joins nothing.
    expect(res.nodes).toHaveLength(1);
    expect(res.edges).toEqual([]);
  });
});
