import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { CASE_TOTAL_CAP, listCasesPage } from './cases.repo.ts';

/**
 * The case list's two query shapes (cases.repo.ts `listCasesPage`): unfiltered (page walk + count)
 * and filtered (matching cases materialised once, then count and page). Both must give the exact
 * total and the page in activity order (updated_at, id descending), whatever the visibility rule.
 * 130 synthetic cases, 3 with the same updated_at (the id breaks the tie), 10 in another agency.
 * The total is exact up to CASE_TOTAL_CAP and capped beyond (`totalCapped`): 10,050 minimal cases in a
 * third agency, bulk-loaded in one INSERT … SELECT (10,000 open, 50 closed; 10,001 with "grooming").
 */
describe('case list page and total', () => {
  let database: DatabaseHandle;
  let agencyId: string;
  let otherAgencyId: string;
  let bulkAgencyId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [a, b, c] = await database.query<{ id: string }>(
      `INSERT INTO agencies (code, type, name_en, name_km, country)
       VALUES ('T-LIST-A', 'police', 'List A', 'List A', 'KH'), ('T-LIST-B', 'police', 'List B', 'List B', 'KH'),
              ('T-LIST-C', 'police', 'List C', 'List C', 'KH')
       RETURNING id`,
    );
    agencyId = a!.id;
    otherAgencyId = b!.id;
    bulkAgencyId = c!.id;
    await database.query(
      `INSERT INTO cases (agency_id, reference, title, status, offences, created_at, updated_at)
       SELECT CASE WHEN g > 120 THEN $2::uuid ELSE $1::uuid END, 'L-' || g, 'Synthetic list case ' || g,
              (ARRAY['open','under_investigation','closed'])[1 + g % 3],
              CASE WHEN g % 4 = 0 THEN '["grooming"]'::jsonb ELSE '["online_exploitation"]'::jsonb END,
              timestamptz '2026-01-01',
              CASE WHEN g IN (7, 8, 9) THEN timestamptz '2026-03-01' ELSE timestamptz '2026-01-01' + (g * 37 % 120) * interval '1 hour' END
       FROM generate_series(1, 130) g`,
      [agencyId, otherAgencyId],
    );
    await database.query(
      `INSERT INTO cases (agency_id, reference, title, status, offences, created_at, updated_at)
       SELECT $1::uuid, 'BULK-' || g, 'Synthetic bulk case', CASE WHEN g <= 50 THEN 'closed' ELSE 'open' END,
              CASE WHEN g <= 10001 THEN '["grooming"]'::jsonb ELSE '["other"]'::jsonb END,
              timestamptz '2026-01-01', timestamptz '2026-01-01' + g * interval '1 minute'
       FROM generate_series(1, 10050) g`,
      [bulkAgencyId],
    );
  }, 120_000);
  afterAll(async () => database?.close());

  const expected = async (where: string, limit: number, offset: number) => {
    const all = await database.query<{ reference: string }>(
      `SELECT reference FROM cases c WHERE c.agency_id = $1 AND ${where} ORDER BY c.updated_at DESC, c.id DESC`,
      [agencyId],
    );
    return { page: all.slice(offset, offset + limit).map((r) => r.reference), total: all.length };
  };
  const visible = () => sql`c.agency_id = ${agencyId}::uuid`;

  it('pages the unfiltered list in activity order with the exact total', async () => {
    for (const offset of [0, 50, 110]) {
      const got = await listCasesPage(database.db, { visible: visible(), limit: 50, offset });
      const want = await expected('true', 50, offset);
      expect(got.rows.map((r) => r.reference)).toEqual(want.page);
      expect(got.total).toBe(120);
    }
  });

  it('pages a filtered list the same way (status, offence, search), beyond its end too', async () => {
    const cases: Array<[Parameters<typeof listCasesPage>[1], string]> = [
      [{ visible: visible(), statuses: ['open'], limit: 10, offset: 10 }, "c.status = 'open'"],
      [
        { visible: visible(), statuses: ['open', 'closed'], offence: 'grooming', limit: 7, offset: 0 },
        `c.status IN ('open','closed') AND c.offences @> '["grooming"]'`,
      ],
      [{ visible: visible(), q: 'case 1', limit: 5, offset: 3 }, "c.title ILIKE '%case 1%'"],
      [{ visible: visible(), statuses: ['open'], limit: 10, offset: 500 }, "c.status = 'open'"],
    ];
    for (const [filter, where] of cases) {
      const got = await listCasesPage(database.db, filter);
      const want = await expected(where, filter.limit, filter.offset);
      expect(want.total, where).toBeGreaterThan(0);
      expect(
        got.rows.map((r) => r.reference),
        where,
      ).toEqual(want.page);
      expect(got.total, where).toBe(want.total);
    }
  });

  it('answers an empty filtered list with total 0', async () => {
    const got = await listCasesPage(database.db, {
      visible: visible(),
      q: 'no such case',
      limit: 10,
      offset: 0,
    });
    expect(got).toEqual({ rows: [], total: 0, totalCapped: false });
  });

  it('says the total is exact under the cap, on both query shapes', async () => {
    const unfiltered = await listCasesPage(database.db, { visible: visible(), limit: 5, offset: 0 });
    expect([unfiltered.total, unfiltered.totalCapped]).toEqual([120, false]);
    const filtered = await listCasesPage(database.db, {
      visible: visible(),
      statuses: ['open'],
      limit: 5,
      offset: 0,
    });
    expect([filtered.total, filtered.totalCapped]).toEqual([
      (await expected("c.status = 'open'", 5, 0)).total,
      false,
    ]);
  });

  it('caps the total at 10,000 beyond it and still pages exactly', async () => {
    expect(CASE_TOTAL_CAP).toBe(10_000);
    const bulk = sql`c.agency_id = ${bulkAgencyId}::uuid`;
    const page = { visible: bulk, limit: 3, offset: 0 };
    // [filter, total, capped, first references (newest first)]
    const checks: Array<[Partial<Parameters<typeof listCasesPage>[1]>, number, boolean, string[]]> = [
      [{}, 10_000, true, ['BULK-10050', 'BULK-10049', 'BULK-10048']],
      [{ statuses: ['open', 'closed'] }, 10_000, true, ['BULK-10050', 'BULK-10049', 'BULK-10048']],
      // Exactly 10,000 matches is still exact; 10,001 is one too many.
      [{ statuses: ['open'] }, 10_000, false, ['BULK-10050', 'BULK-10049', 'BULK-10048']],
      [{ offence: 'grooming' }, 10_000, true, ['BULK-10001', 'BULK-10000', 'BULK-9999']],
      [{ statuses: ['closed'] }, 50, false, ['BULK-50', 'BULK-49', 'BULK-48']],
    ];
    for (const [filter, total, capped, first] of checks) {
      const label = JSON.stringify(filter);
      const got = await listCasesPage(database.db, { ...page, ...filter });
      expect([got.total, got.totalCapped], label).toEqual([total, capped]);
      expect(
        got.rows.map((r) => r.reference),
        label,
      ).toEqual(first);
    }
    // A page past the cap's count still answers its rows (the count is capped, not the list).
    const deep = await listCasesPage(database.db, { visible: bulk, limit: 3, offset: 10_020 });
    expect(deep.rows.map((r) => r.reference)).toEqual(['BULK-30', 'BULK-29', 'BULK-28']);
    expect(deep.totalCapped).toBe(true);
  });
});
