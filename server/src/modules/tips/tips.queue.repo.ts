import { TIP_CLOSED_STATUSES, TIP_STATUSES } from '@karpear/contracts';
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
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

/** Every condition but the search (`q`): the search branches each repeat these, see `searchBranches`. */
function listWhere(f: TipListFilter): SQL | undefined {
  const conds: Array<SQL | undefined> = [f.scope];
  if (f.statuses?.length) conds.push(inArray(tips.status, [...f.statuses]));
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

/**
 * One `SELECT tips.id` per search branch with every other filter inside it and its own LIMIT, so a
 * common word stops after `limit` rows per branch instead of materialising all its matches. With an
 * `order`, the branches are cut at the page's end in that order: the first n of the union are among
 * the first n of each branch, so the page stays exact for every sort. (Inner `tips` shadows the outer.)
 */
function searchBranches(base: SQL | undefined, q: string, limit: number, order?: SQL[]): SQL {
  const branches = searchConditions(q).map(
    (cond) =>
      sql`(SELECT tips.id FROM tips WHERE ${and(base, cond)}${
        order ? sql` ORDER BY ${sql.join(order, sql`, `)}` : sql``
      } LIMIT ${limit})`,
  );
  return sql.join(branches, sql` UNION `);
}

/** count(*) over at most TIP_TOTAL_CAP + 1 matching rows (per search branch; union deduplicates). */
async function cappedTotal(db: Executor, f: TipListFilter, base: SQL | undefined) {
  const probe = f.q
    ? searchBranches(base, f.q, TIP_TOTAL_CAP + 1)
    : sql`SELECT 1 FROM tips${base ? sql` WHERE ${base}` : sql``} LIMIT ${TIP_TOTAL_CAP + 1}`;
  const result = (await db.execute(sql`SELECT count(*)::int AS n FROM (${probe}) s`)) as unknown as {
    rows: Array<{ n: number | string }>;
  };
  const n = Number(result.rows[0]?.n ?? 0);
  return { total: Math.min(n, TIP_TOTAL_CAP), totalCapped: n > TIP_TOTAL_CAP };
}

export async function listTipsPage(db: Executor, f: TipListFilter): Promise<TipListPage> {
  const base = listWhere(f);
  const { total, totalCapped } = await cappedTotal(db, f, base);
  const where = f.q
    ? and(base, sql`${tips.id} IN (${searchBranches(base, f.q, f.offset + f.limit, listOrder(f.sort))})`)
    : base;
  // A search's candidates are already cut to at most 3 × (offset + limit) ids: sorting them is cheap,
  // and the time-left branches would each re-run the search.
  if (f.sort === 'time_left' && !f.q) return { rows: await timeLeftRows(db, f, where), total, totalCapped };
  const rows = await db
    .select({
      id: tips.id,
      reference: tips.reference,
      source: tips.source,
      status: tips.status,
      priority: tips.priority,
      proposedPriority: tips.proposedPriority,
      receivedAt: tips.receivedAt,
      slaDueAt: tips.slaDueAt,
      province: tips.province,
      unitId: tips.unitId,
      assigneeId: tips.assigneeId,
      excerpt: sql<string>`left(${tips.narrative}, 200)`,
      lockedFiles: sql<number>`(SELECT count(*)::int FROM tip_files f WHERE f.tip_id = ${tips.id} AND f.locked)`,
    })
    .from(tips)
    .where(where)
    .orderBy(...listOrder(f.sort))
    .limit(f.limit)
    .offset(f.offset);
  return { rows: rows.map((r) => ({ ...r, lockedFiles: Number(r.lockedFiles) })), total, totalCapped };
}

/**
 * The queue by time left (SLA due first, tips without an SLA last by age), read in index order and cut
 * at offset + limit per branch, then merged: per status, one branch over `tips_queue_idx` (status,
 * sla_due_at) for tips with an SLA — PostgreSQL does not merge the ranges of an `IN` list, or of no
 * status filter at all, by itself and would sort every matching row instead ("assigned to me", SLA
 * breached) — and one for tips without an SLA in arrival order.
 */
async function timeLeftRows(db: Executor, f: TipListFilter, where: SQL | undefined): Promise<TipListRow[]> {
  const columns = sql`tips.id, tips.reference, tips.source, tips.status, tips.priority,
        tips.proposed_priority, tips.received_at, tips.sla_due_at, tips.province, tips.unit_id,
        tips.assignee_id, left(tips.narrative, 200) AS excerpt`;
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
    SELECT q.*, (SELECT count(*)::int FROM tip_files tf WHERE tf.tip_id = q.id AND tf.locked) AS locked_files
    FROM (${sql.join(branches, sql` UNION ALL `)}) q
    ORDER BY q.sla_due_at ASC NULLS LAST, q.received_at ASC, q.id ASC
    LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map((r) => ({
    id: String(r.id),
    reference: String(r.reference),
    source: String(r.source),
    status: String(r.status),
    priority: (r.priority as string | null) ?? null,
    proposedPriority: String(r.proposed_priority),
    receivedAt: new Date(r.received_at as string | Date),
    slaDueAt: r.sla_due_at == null ? null : new Date(r.sla_due_at as string | Date),
    province: (r.province as string | null) ?? null,
    unitId: (r.unit_id as string | null) ?? null,
    assigneeId: (r.assignee_id as string | null) ?? null,
    excerpt: String(r.excerpt),
    lockedFiles: Number(r.locked_files),
  }));
}

export function orAll(conds: readonly SQL[]): SQL {
  return conds.length === 1 ? conds[0]! : or(...conds)!;
}
