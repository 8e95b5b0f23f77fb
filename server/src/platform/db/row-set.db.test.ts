import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from './database.ts';
import { type RowValue, rowSet } from './row-set.ts';

const SPEC = 'n int, id uuid, t text, b boolean, at timestamptz, d jsonb, big bigint';

/** Rows that test the encoding's edges: empty text vs NULL, separators in text, JSON, Khmer. */
const AWKWARD: Array<Record<string, RowValue>> = [
  {
    n: 1,
    id: '0b6f1e4e-0d5c-4f57-9a55-5d1f0f4a2b11',
    t: 'tab\there, new\nline, back\\slash, "quotes", comma,',
    b: true,
    at: '2026-11-29T06:00:00.000Z',
    d: { k: 'v', nested: [1, 'two', null], ctl: '\u001e\u001f' },
    big: 9_007_199_254_740_991,
  },
  { n: 2, id: null, t: '', b: false, at: null, d: null, big: null },
  { n: 3, t: 'ការពារ — Khmer, emoji 🙂', d: 'a JSON string', big: 0 },
  { n: 4, t: 'NULL', d: [], at: new Date('2026-01-02T03:04:05.678Z') },
];

interface Back {
  n: number;
  id: string | null;
  t: string | null;
  b: boolean | null;
  at: string | null;
  d: unknown;
  big: string | null;
}

async function readBack(db: DatabaseHandle, rows: Array<Record<string, RowValue>>): Promise<Back[]> {
  const result = (await db.db.execute(sql`
    SELECT v.n, v.id::text AS id, v.t, v.b, to_char(v.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at,
           v.d, v.big::text AS big
    FROM ${rowSet('v', SPEC, rows)} ORDER BY v.n`)) as unknown as { rows: Back[] };
  return result.rows;
}

describe('rowSet', () => {
  let db: DatabaseHandle;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('reads back every value as json_to_recordset would, NULL apart from empty text', async () => {
    const back = await readBack(db, AWKWARD);
    const viaJson = (await db.db.execute(sql`
      SELECT v.n, v.id::text AS id, v.t, v.b, to_char(v.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at,
             v.d, v.big::text AS big
      FROM json_to_recordset(${JSON.stringify(AWKWARD)}::json) AS v(${sql.raw(SPEC)}) ORDER BY v.n`)) as unknown as {
      rows: Back[];
    };
    expect(back).toEqual(viaJson.rows);
    expect(back[0]!.t).toBe(AWKWARD[0]!.t);
    expect(back[0]!.d).toEqual(AWKWARD[0]!.d);
    expect(back[1]).toMatchObject({ id: null, t: '', b: false, at: null, d: null, big: null });
    expect(back[2]).toMatchObject({ t: AWKWARD[2]!.t, d: 'a JSON string', big: '0', b: null });
    expect(back[3]).toMatchObject({ t: 'NULL', d: [], at: '2026-01-02T03:04:05.678' });
  });

  it('carries text holding its own separators (sent as JSON instead), and one-column empty text', async () => {
    const rows = [
      { n: 1, t: 'row\u001esep' },
      { n: 2, t: 'field\u001fsep' },
      { n: 3, t: '\u001d' },
    ];
    expect((await readBack(db, rows)).map((r) => r.t)).toEqual(['row\u001esep', 'field\u001fsep', '\u001d']);
    const one = (await db.db.execute(sql`
      SELECT v.t FROM ${rowSet('v', 't text', [{ t: '' }, { t: 'x' }])} ORDER BY v.t`)) as unknown as {
      rows: Array<{ t: string | null }>;
    };
    expect(one.rows).toEqual([{ t: '' }, { t: 'x' }]);
  });

  it('answers no rows for an empty list, and refuses a column type it cannot cast', async () => {
    expect(await readBack(db, [])).toEqual([]);
    expect(() => rowSet('v', 'n numeric(10,2)', [])).toThrow(/unsupported column/);
  });

  it('keeps a thousand rows in order and whole', async () => {
    const rows = Array.from({ length: 1000 }, (_, n) => ({
      n,
      t: `value ${n}\twith tab`,
      big: n * 1_000_003,
    }));
    const back = await readBack(db, rows);
    expect(back.map((r) => [r.n, r.t, r.big])).toEqual(rows.map((r) => [r.n, r.t, String(r.big)]));
  });
});
