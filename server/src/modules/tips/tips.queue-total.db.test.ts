import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';

/**
 * The queue's total is exact up to 10,000 matching tips and capped beyond ("10,000+"), and a search
 * whose branches are cut at the page's end still returns the exact page. 10,040 synthetic tips are
 * bulk-loaded in SQL (insertTip one by one would take minutes): 10,010 mention "lantern", 30 "zebra".
 */
describe('tip queue total', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
    const operator = demo.byRole.hotline_operator;
    await t.database.query(
      `INSERT INTO tips (reference, source, agency_id, unit_id, status, proposed_priority, triage_reasons,
                         received_at, sla_due_at, narrative, province, created_at, updated_at)
       SELECT 'T-Q-' || g, 'phone', $1::uuid, $2::uuid, 'new', 'P3', '[]'::jsonb,
              timestamptz '2026-01-01' + (g || ' minutes')::interval,
              timestamptz '2026-12-01' + (((g * 7919) % 10040) || ' minutes')::interval,
              CASE WHEN g <= 10010 THEN 'synthetic lantern tip ' || g ELSE 'synthetic zebra tip ' || g END,
              CASE WHEN g % 500 = 0 THEN 'KH-12' END, now(), now()
       FROM generate_series(1, 10040) g`,
      [operator.agencyId, operator.unitId],
    );
    // Tips without an SLA, open and closed: the time-left queue puts them last, oldest first. In KH-12
    // with 20 of the tips above, so that a page spans both.
    await t.database.query(
      `INSERT INTO tips (reference, source, agency_id, unit_id, status, proposed_priority, triage_reasons,
                         received_at, narrative, province, created_at, updated_at)
       SELECT 'T-N-' || g, 'phone', $1::uuid, $2::uuid, CASE WHEN g % 3 = 0 THEN 'new' ELSE 'closed_no_action' END,
              'P4', '[]'::jsonb, timestamptz '2025-06-01' + ((g * 37 % 60) || ' hours')::interval,
              'synthetic plain tip', 'KH-12', now(), now()
       FROM generate_series(1, 60) g`,
      [operator.agencyId, operator.unitId],
    );
    // Locked files on the two newest zebra tips and one KH-12 tip (plus an unlocked one): the queue
    // shows the count of locked files in every path.
    await t.database.query(
      `INSERT INTO tip_files (tip_id, file_name, viewed_by_platform, locked)
       SELECT id, 'f.bin', false, reference <> 'T-Q-9500' FROM tips
       WHERE reference IN ('T-Q-10040', 'T-Q-10039', 'T-Q-10000', 'T-Q-9500')`,
    );
  }, 120_000);
  afterAll(async () => t?.close());

  const list = async (query: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tips?${query}`,
      headers: { cookie: cookies.hotline_operator },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: Array<{ id: string; reference: string; lockedFiles: number; slaDueAt: string | null }>;
      total: number;
      totalCapped?: boolean;
    };
  };

  it('caps the total at 10,000 when more tips match, and says so', async () => {
    const page = await list('status=new&limit=5');
    expect(page.total).toBe(10_000);
    expect(page.totalCapped).toBe(true);
    expect(page.items).toHaveLength(5);
  });

  it('counts exactly below the cap, with and without a search', async () => {
    const zebra = await list('q=zebra');
    expect(zebra).toMatchObject({ total: 30, totalCapped: false });
    const lanterns = await list('q=lantern&limit=1');
    expect(lanterns).toMatchObject({ total: 10_000, totalCapped: true });
    const none = await list('q=nosuchwordanywhere');
    expect(none).toMatchObject({ total: 0, totalCapped: false, items: [] });
  });

  it('merges the time-left branches (per status, with and without an SLA) into the exact page', async () => {
    for (const offset of [0, 50]) {
      const expected = (
        await t.database.query<{ reference: string }>(
          `SELECT reference FROM tips WHERE province = 'KH-12' AND handling = 'normal'
           ORDER BY sla_due_at ASC NULLS LAST, received_at ASC, id ASC LIMIT 50 OFFSET ${offset}`,
        )
      ).map((r) => r.reference);
      expect(expected.filter((r) => r.startsWith('T-N-')).length).toBeGreaterThan(20);
      const page = await list(`province=KH-12&limit=50&offset=${offset}`);
      expect(page.items.map((i) => i.reference)).toEqual(expected);
    }
  });

  const expected = async (where: string, order: string, limit: number, offset: number) =>
    (
      await t.database.query<{ reference: string }>(
        `SELECT reference FROM tips WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      )
    ).map((r) => r.reference);

  it('orders a search page exactly, in every sort, when at most 10,000 tips match', async () => {
    const zebra = "narrative LIKE '%zebra%'";
    const orders = {
      time_left: 'sla_due_at ASC NULLS LAST, received_at ASC, id ASC',
      received_desc: 'received_at DESC, id DESC',
      received_asc: 'received_at ASC, id ASC',
      priority: 'coalesce(priority, proposed_priority) ASC, sla_due_at ASC NULLS LAST, id ASC',
    };
    for (const [sort, order] of Object.entries(orders)) {
      const page = await list(`q=zebra&limit=10&offset=10&sort=${sort}`);
      expect(page).toMatchObject({ total: 30, totalCapped: false });
      expect(
        page.items.map((i) => i.reference),
        sort,
      ).toEqual(await expected(zebra, order, 10, 10));
    }
    const beyond = await list('q=zebra&limit=10&offset=40');
    expect(beyond).toMatchObject({ total: 30, totalCapped: false, items: [] });
  });

  it('orders a capped time-left search among its first 10,001 candidates: sorted, matching, disjoint', async () => {
    const first = await list('q=lantern&limit=50&offset=0');
    const second = await list('q=lantern&limit=50&offset=50');
    expect(second).toMatchObject({ total: 10_000, totalCapped: true });
    const items = [...first.items, ...second.items];
    expect(items).toHaveLength(100);
    expect(new Set(items.map((i) => i.id)).size).toBe(100);
    // Time left: due dates never go down across the two pages.
    const due = items.map((i) => Date.parse(i.slaDueAt!));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const narratives = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tips WHERE id = ANY($1::uuid[]) AND narrative LIKE '%lantern%'`,
      [items.map((i) => i.id)],
    );
    expect(narratives[0]!.n).toBe(100);
  });

  it('keeps newest- and oldest-first pages of a capped search exact', async () => {
    const lantern = "narrative LIKE '%lantern%'";
    const newest = await list('q=lantern&limit=20&offset=60&sort=received_desc');
    expect(newest).toMatchObject({ total: 10_000, totalCapped: true });
    expect(newest.items.map((i) => i.reference)).toEqual(
      await expected(lantern, 'received_at DESC, id DESC', 20, 60),
    );
    const oldest = await list('q=lantern&limit=20&offset=20&sort=received_asc');
    expect(oldest.items.map((i) => i.reference)).toEqual(
      await expected(lantern, 'received_at ASC, id ASC', 20, 20),
    );
  });

  it('shows locked files in the search, newest-first and time-left queues', async () => {
    const locked = (items: Array<{ reference: string; lockedFiles: number }>) =>
      items
        .filter((i) => i.lockedFiles > 0)
        .map((i) => `${i.reference}:${i.lockedFiles}`)
        .sort();
    const want = ['T-Q-10039:1', 'T-Q-10040:1'];
    expect(locked((await list('q=zebra&limit=100')).items)).toEqual(want);
    expect(locked((await list('q=zebra&limit=100&sort=received_desc')).items)).toEqual(want);
    const newest = await list(
      `status=new&unit=${demo.byRole.hotline_operator.unitId}&sort=received_desc&limit=100`,
    );
    expect(locked(newest.items)).toEqual(['T-Q-10000:1', ...want]);
    const timeLeft = await list('province=KH-12&limit=100');
    expect(timeLeft.items.map((i) => i.reference)).toContain('T-Q-9500');
    expect(locked(timeLeft.items)).toEqual(['T-Q-10000:1']);
  });
});
