import { and, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { TipListFilter, TipListPage } from './tips.queue.repo.ts';
import { lockedFilesOf, queueColumns, queueRowFromRaw } from './tips.queue.rows.ts';

/**
 * A search (`q`) page and its total in ONE statement over one set of candidates: the first `cap + 1`
 * matching tips of each search branch (full text, fuzzy name, identifier), found in index order — a
 * branch stops there instead of reading every match. The total counts the candidates; the page is the
 * requested order applied to them.
 *
 * Semantics: when at most `cap` tips match, the candidates are every match, so total and page are
 * exact (as for any other view). When more match, the total says `cap`+; newest- and oldest-first
 * pages stay exact (`arrivalPage`), while the time-left and priority orders are applied to the
 * candidates only — the first matches found, not necessarily the most urgent of all: the user narrows
 * the search (status, province, …; the filters apply inside each branch) to get an exact order. Measured at 1,000,000 tips (bench/tips-queue.ts): a common word matched 170,000 tips,
 * and sorting them all read every matching row (≈ 450 ms), while the GIN scan alone costs ≈ 65 ms —
 * so the search runs it once, not once for the total and again for the page.
 */
export async function searchPage(
  db: Executor,
  f: TipListFilter,
  base: SQL | undefined,
  conditions: readonly SQL[],
  cap: number,
): Promise<TipListPage> {
  const branches = conditions.map(
    (cond) => sql`(SELECT tips.id, tips.sla_due_at, tips.received_at,
        coalesce(tips.priority, tips.proposed_priority) AS effective_priority
      FROM tips WHERE ${and(base, cond)} LIMIT ${cap + 1})`,
  );
  // MATERIALIZED: the candidates feed both the count and the page; without it PostgreSQL may inline
  // the CTE and run the branches twice.
  const result = (await db.execute(sql`
    WITH candidates AS MATERIALIZED (${sql.join(branches, sql` UNION `)}),
    page AS (
      SELECT c.id FROM candidates c
      ORDER BY ${order(f.sort, 'c', sql`c.effective_priority`)} LIMIT ${f.limit} OFFSET ${f.offset}
    )
    SELECT n.total, p.* FROM (SELECT count(*)::int AS total FROM candidates) n
    LEFT JOIN LATERAL (
      SELECT ${queueColumns}, ${lockedFilesOf('tips')} AS locked_files
      FROM page JOIN tips ON tips.id = page.id
    ) p ON true
    ORDER BY ${order(f.sort, 'p', sql`coalesce(p.priority, p.proposed_priority)`)}`)) as unknown as {
    rows: Array<Record<string, unknown>>;
  };
  const n = Number(result.rows[0]?.total ?? 0);
  const capped = n > cap;
  const rows =
    capped && (f.sort === 'received_desc' || f.sort === 'received_asc')
      ? await arrivalPage(db, f, base, conditions)
      : result.rows.filter((r) => r.id != null).map(queueRowFromRaw);
  return { rows, total: Math.min(n, cap), totalCapped: capped };
}

/**
 * The exact newest- (or oldest-) first page of a search with more matches than the cap: each branch
 * read in `received_at` order and cut at the page's end (the first n of the union are among the first
 * n of each branch). Many matches means dense ones, so walking `tips_received_idx` finds them quickly
 * (measured: ≈ 60 ms for a word in 17% of 1,000,000 tips); no such walk exists for the time-left and
 * priority orders, which stay on the candidates.
 */
async function arrivalPage(
  db: Executor,
  f: TipListFilter,
  base: SQL | undefined,
  conditions: readonly SQL[],
) {
  const byArrival = order(f.sort, 'tips', sql``);
  const branches = conditions.map(
    (cond) =>
      sql`(SELECT tips.id FROM tips WHERE ${and(base, cond)} ORDER BY ${byArrival} LIMIT ${f.offset + f.limit})`,
  );
  const result = (await db.execute(sql`
    SELECT ${queueColumns}, ${lockedFilesOf('tips')} AS locked_files FROM tips
    WHERE tips.id IN (${sql.join(branches, sql` UNION `)})
    ORDER BY ${byArrival} LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as {
    rows: Array<Record<string, unknown>>;
  };
  return result.rows.map(queueRowFromRaw);
}

/**
 * The queue's sort orders (the same keys as the other views) over `alias`: the candidates to cut the
 * page (a top-N sort), then the page's rows.
 */
function order(sort: TipListFilter['sort'], alias: 'c' | 'p' | 'tips', effectivePriority: SQL): SQL {
  const a = sql.raw(alias);
  switch (sort) {
    case 'received_desc':
      return sql`${a}.received_at DESC, ${a}.id DESC`;
    case 'received_asc':
      return sql`${a}.received_at ASC, ${a}.id ASC`;
    case 'priority':
      return sql`${effectivePriority} ASC, ${a}.sla_due_at ASC NULLS LAST, ${a}.id ASC`;
    default:
      return sql`${a}.sla_due_at ASC NULLS LAST, ${a}.received_at ASC, ${a}.id ASC`;
  }
}
