import { TIP_CLOSED_STATUSES, TIP_STATUSES } from '@karpear/contracts';
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { lockedFilesOf, queueColumns, queueRowFromRaw } from './tips.queue.rows.ts';
import { searchPage } from './tips.queue.search.ts';
import { tips } from './tips.tables.ts';

/**
 * Tips queue SQL (split out of tips.repo.ts to keep files small): visibility conditions, the filters,
 * the search branches, the capped total and the time-left merge. No rules here: the service decides.
 * Other code imports these through tips.repo.ts.
 */

export interface TipListFilter {
  /** Visibility in SQL (from the policy); undefined = no restriction. */
  scope?: SQL;
  statuses?: readonly string[];
  priorities?: readonly string[];
  province?: string;
  source?: string;
  /** A user id, or null for "unassigned". */
  assigneeId?: string | null;
  unitId?: string;
  sla?: 'ok' | 'due_soon' | 'breached' | 'none';
  q?: string;
  sort: 'time_left' | 'received_desc' | 'received_asc' | 'priority';
  now: Date;
  /** Due-soon windows per priority, in milliseconds. */
  dueSoonMs: Record<'P1' | 'P2' | 'P3' | 'P4', number>;
  limit: number;
  offset: number;
}

export interface TipListRow {
  id: string;
  reference: string;
  source: string;
  status: string;
  priority: string | null;
  proposedPriority: string;
  receivedAt: Date;
  slaDueAt: Date | null;
  province: string | null;
  unitId: string | null;
  assigneeId: string | null;
  excerpt: string;
  lockedFiles: number;
}

const effectivePriority = sql`coalesce(${tips.priority}, ${tips.proposedPriority})`;

/** Visibility for one policy rule: its relation and the handling codes it admits. */
export function scopeCondition(
  relation: string,
  handling: readonly string[],
  actor: { agencyId: string; unitId: string | null },
): SQL | undefined {
  const codes = ['normal', ...handling];
  const handled = inArray(tips.handling, codes);
  switch (relation) {
    case 'any':
      return handled;
    case 'own_agency':
      return and(eq(tips.agencyId, actor.agencyId), handled);
    case 'own_unit':
      return actor.unitId === null
        ? undefined
        : and(eq(tips.agencyId, actor.agencyId), eq(tips.unitId, actor.unitId), handled);
    default:
      return undefined;
  }
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Folded the way `suspect_names` is stored (lower case, Latin accents removed). */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .trim();
}

/** Every condition but the search (`q`): each search branch repeats these (tips.queue.search.ts). */
function listWhere(f: TipListFilter): SQL | undefined {
  const conds: Array<SQL | undefined> = [f.scope];
  if (f.statuses?.length) conds.push(inArray(tips.status, [...f.statuses]));
  // Every status (the table's check constraint allows no other), so that an SLA filter without a
  // status filter reads the (status, sla_due_at) ranges of `tips_queue_idx` instead of scanning the
  // table: "breached SLA" counted its first 10,001 tips by a sequential scan (≈ 150 ms at 1,000,000).
  else if (f.sla && f.sla !== 'none') conds.push(inArray(tips.status, [...TIP_STATUSES]));
  if (f.priorities?.length)
    conds.push(
      or(
        inArray(tips.priority, [...f.priorities]),
        and(isNull(tips.priority), inArray(tips.proposedPriority, [...f.priorities])),
      ),
    );
  if (f.province) conds.push(eq(tips.province, f.province));
  if (f.source) conds.push(eq(tips.source, f.source));
  if (f.assigneeId === null) conds.push(isNull(tips.assigneeId));
  else if (f.assigneeId) conds.push(eq(tips.assigneeId, f.assigneeId));
  if (f.unitId) conds.push(eq(tips.unitId, f.unitId));
  if (f.sla) {
    const now = f.now.toISOString();
    const soon = sql`(${tips.slaDueAt} - ${now}::timestamptz) <= CASE ${effectivePriority}
      WHEN 'P1' THEN ${f.dueSoonMs.P1}::bigint WHEN 'P2' THEN ${f.dueSoonMs.P2}::bigint
      WHEN 'P3' THEN ${f.dueSoonMs.P3}::bigint ELSE ${f.dueSoonMs.P4}::bigint END * interval '1 millisecond'`;
    if (f.sla === 'none') conds.push(isNull(tips.slaDueAt));
    else if (f.sla === 'breached') conds.push(sql`${tips.slaDueAt} <= ${now}::timestamptz`);
    else if (f.sla === 'due_soon') conds.push(sql`${tips.slaDueAt} > ${now}::timestamptz AND ${soon}`);
    else conds.push(sql`${tips.slaDueAt} > ${now}::timestamptz AND NOT (${soon})`);
  }
  return and(...conds.filter((c): c is SQL => c !== undefined));
}

function listOrder(sort: TipListFilter['sort']): SQL[] {
  switch (sort) {
    case 'received_desc':
      return [desc(tips.receivedAt), desc(tips.id)];
    case 'received_asc':
      return [asc(tips.receivedAt), asc(tips.id)];
    case 'priority':
      return [asc(effectivePriority), sql`${tips.slaDueAt} ASC NULLS LAST`, asc(tips.id)];
    default:
      return [sql`${tips.slaDueAt} ASC NULLS LAST`, asc(tips.receivedAt), asc(tips.id)];
  }
}

/**
 * The queue's total is exact up to this many matching tips and "10,000+" beyond: an exact count(*) at
 * 1,000,000 tips reads every matching row (seconds), while nobody pages past 10,000 tips.
 */
export const TIP_TOTAL_CAP = 10_000;

export interface TipListPage {
  rows: TipListRow[];
  /** Exact when `totalCapped` is false; TIP_TOTAL_CAP when more tips match. */
  total: number;
  totalCapped: boolean;
}

/**
 * The three ways a search matches, each served by its own index: full text over the narrative (GIN on
 * to_tsvector('simple', narrative)); word similarity over folded suspect names (`<%`, trigram GIN); a
 * substring of a non-stop-listed linked identifier (ILIKE, trigram GIN on identifiers.value). They are
 * separate branches because an OR across them makes the planner scan every row.
 */
function searchConditions(q: string): SQL[] {
  const like = `%${escapeLike(q.toLowerCase())}%`;
  return [
    sql`to_tsvector('simple', ${tips.narrative}) @@ plainto_tsquery('simple', ${q})`,
    sql`${foldName(q)} <% ${tips.suspectNames}`,
    sql`${tips.id} IN (SELECT l.record_id FROM identifiers i JOIN identifier_links l ON l.identifier_id = i.id
      WHERE i.value ILIKE ${like} AND i.stop_listed IS NULL AND l.record_type = 'tip')`,
  ];
}

/** count(*) over at most TIP_TOTAL_CAP + 1 matching rows (searches count their candidates instead). */
async function cappedTotal(db: Executor, base: SQL | undefined) {
  const probe = sql`SELECT 1 FROM tips${base ? sql` WHERE ${base}` : sql``} LIMIT ${TIP_TOTAL_CAP + 1}`;
  const result = (await db.execute(sql`SELECT count(*)::int AS n FROM (${probe}) s`)) as unknown as {
    rows: Array<{ n: number | string }>;
  };
  const n = Number(result.rows[0]?.n ?? 0);
  return { total: Math.min(n, TIP_TOTAL_CAP), totalCapped: n > TIP_TOTAL_CAP };
}

export async function listTipsPage(db: Executor, f: TipListFilter): Promise<TipListPage> {
  const base = listWhere(f);
  // A search counts and pages one set of candidates in one statement (tips.queue.search.ts).
  if (f.q) return searchPage(db, f, base, searchConditions(f.q), TIP_TOTAL_CAP);
  const { total, totalCapped } = await cappedTotal(db, base);
  if (f.sort === 'time_left') return { rows: await timeLeftRows(db, f, base), total, totalCapped };
  const result = (await db.execute(sql`
    SELECT ${queueColumns}, ${lockedFilesOf('tips')} AS locked_files FROM tips
    ${base ? sql`WHERE ${base}` : sql``}
    ORDER BY ${sql.join(listOrder(f.sort), sql`, `)} LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as {
    rows: Array<Record<string, unknown>>;
  };
  return { rows: result.rows.map(queueRowFromRaw), total, totalCapped };
}

/**
 * The queue by time left (SLA due first, tips without an SLA last by age), read in index order and cut
 * at offset + limit per branch, then merged: per status, one branch over `tips_queue_idx` (status,
 * sla_due_at) for tips with an SLA — PostgreSQL does not merge the ranges of an `IN` list, or of no
 * status filter at all, by itself and would sort every matching row instead ("assigned to me", SLA
 * breached) — and one for tips without an SLA in arrival order.
 */
async function timeLeftRows(db: Executor, f: TipListFilter, where: SQL | undefined): Promise<TipListRow[]> {
  const columns = queueColumns;
  const cut = f.offset + f.limit;
  // Per status even for tips without an SLA: a single branch over `tips_received_idx` walks the whole
  // index when nothing matches (measured: 140 ms at 100k on PostgreSQL for the open queue).
  const statuses = f.statuses?.length ? f.statuses : TIP_STATUSES;
  const branches: SQL[] = [];
  for (const status of statuses) {
    if (f.sla !== 'none')
      branches.push(sql`(SELECT ${columns} FROM tips
        WHERE ${and(where, eq(tips.status, status), sql`tips.sla_due_at IS NOT NULL`)}
        ORDER BY tips.sla_due_at ASC, tips.received_at ASC, tips.id ASC LIMIT ${cut})`);
    // Every SLA state but `none` needs a due date: no branch for tips without one. Open statuses
    // rarely lack an SLA: ordering by sla_due_at (all null, so the same order) first keeps the planner
    // on the empty (status, null) range of `tips_queue_idx`; closed ones mostly lack it, and walking
    // `tips_received_idx` finds the first rows at once.
    const rare = !(TIP_CLOSED_STATUSES as readonly string[]).includes(status);
    if (f.sla === undefined || f.sla === 'none')
      branches.push(sql`(SELECT ${columns} FROM tips
        WHERE ${and(where, eq(tips.status, status), sql`tips.sla_due_at IS NULL`)}
        ORDER BY ${rare ? sql`tips.sla_due_at, ` : sql``}tips.received_at ASC, tips.id ASC LIMIT ${cut})`);
  }
  const result = (await db.execute(sql`
    SELECT q.*, ${lockedFilesOf('q')} AS locked_files
    FROM (${sql.join(branches, sql` UNION ALL `)}) q
    ORDER BY q.sla_due_at ASC NULLS LAST, q.received_at ASC, q.id ASC
    LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map(queueRowFromRaw);
}

export function orAll(conds: readonly SQL[]): SQL {
  return conds.length === 1 ? conds[0]! : or(...conds)!;
}
