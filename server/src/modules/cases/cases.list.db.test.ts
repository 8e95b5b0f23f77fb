import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { listCasesPage } from './cases.repo.ts';

/**
 * The case list's two query shapes (cases.repo.ts `listCasesPage`): unfiltered (page walk + count)
 * and filtered (matching cases materialised once, then count and page). Both must give the exact
 * total and the page in activity order (updated_at, id descending), whatever the visibility rule.
 * 130 synthetic cases, 3 with the same updated_at (the id breaks the tie), 10 in another agency.
 */
describe('case list page and total', () => {
  let database: DatabaseHandle;
  let agencyId: string;
  let otherAgencyId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [a, b] = await database.query<{ id: string }>(
      `INSERT INTO agencies (code, type, name_en, name_km, country)
       VALUES ('T-LIST-A', 'police', 'List A', 'List A', 'KH'), ('T-LIST-B', 'police', 'List B', 'List B', 'KH')
       RETURNING id`,
    );
    agencyId = a!.id;
    otherAgencyId = b!.id;
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
    expect(got).toEqual({ rows: [], total: 0 });
  });
});
