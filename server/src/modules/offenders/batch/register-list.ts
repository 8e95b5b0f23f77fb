import type { Executor } from '../../../platform/db/index.ts';
import { Screener, type ScreeningMatch } from '../matching/screen.ts';
import type { Reason, Thresholds, TravellerRecord } from '../matching/types.ts';
import * as registerRepo from '../register.repo.ts';
import { recordHit } from '../screening.answer.ts';
import { entryItem, type ItemKind, type ListItem, watchItem } from '../screening.index.ts';
import * as screeningRepo from '../screening.repo.ts';
import * as travelRepo from '../travel.repo.ts';

/**
 * The list a batch file or a guest register is screened against when no watchlist file is given:
 * active, unexpired register entries and travel-notification watches, read once per batch with the
 * border check's own loaders (screening.index.ts `entryItem`/`watchItem`). The border check keeps a
 * long-lived index with its own thresholds; a batch builds its own with the configured ones.
 */
export interface RegisterList {
  screener: Screener;
  /** Item by matcher row id (`e:<id>#n` / `t:<id>#n`). */
  byRow: Map<string, ListItem>;
  size: number;
}

export async function loadRegisterList(
  db: Executor,
  now: Date,
  thresholds: Thresholds,
): Promise<RegisterList> {
  const entries = await registerRepo.entriesForScreening(db, { now });
  const parts = await registerRepo.partsOf(
    db,
    entries.map((e) => e.id),
  );
  const watches = await travelRepo.watchesForScreening(db, { now });
  const items: ListItem[] = [
    ...entries.map((e) => {
      const p = parts.get(e.id)!;
      return entryItem(e, p.names, p.passports, now);
    }),
    ...watches.map((w) => watchItem(w, now)),
  ].filter((i) => i.live);
  const byRow = new Map<string, ListItem>();
  for (const item of items) for (const row of item.rows) byRow.set(row.id, item);
  const screener = Screener.build(
    items.flatMap((i) => i.rows),
    { thresholds },
  );
  return { screener, byRow, size: items.length };
}

export interface ListMatch {
  kind: ItemKind;
  id: string;
  match: ScreeningMatch;
}

/** Matches of one record, one per list item (an entry with several passports counts once), best first. */
export function matchRegister(list: RegisterList, record: TravellerRecord): ListMatch[] {
  const best = new Map<string, ListMatch>();
  for (const m of list.screener.check(record)) {
    const item = list.byRow.get(m.watchlistId);
    if (!item) continue;
    const key = `${item.kind}:${item.id}`;
    const seen = best.get(key);
    if (!seen || seen.match.score < m.score) best.set(key, { kind: item.kind, id: item.id, match: m });
  }
  return [...best.values()].sort((a, b) => b.match.score - a.match.score);
}

/**
 * Reasons as the hits file shows them for a register match: the field and how it compared, never the
 * register's own names or dates (the uploader — often an immigration officer — may not read entries;
 * the unit sees the full reasons on the stored hit).
 */
export const safeReasons = (reasons: ReadonlyArray<Pick<Reason, 'field' | 'how'>>): string[] =>
  reasons.map((r) => `${r.field}: ${r.how}`);

export interface StoredHit {
  hitId: string;
  reference: string;
}

/**
 * Store one hit and alert the owning unit (or, without a unit, the person who filed the record), in
 * the caller's transaction. The caller writes the audit event. Returns the call reference.
 */
export async function storeRegisterHit(
  tx: Executor,
  input: {
    channel: 'batch' | 'guest';
    match: ListMatch;
    actorId: string | null;
    screened: Record<string, unknown>;
    now: Date;
    establishmentId?: string | null;
    guestImportId?: string | null;
    /** Extra alert parameters (batch id, establishment, province): ids and codes only. */
    params?: Record<string, string | number | null>;
    /** The alert's dedupe key when the hit has a natural identity (batch + line + item); else the hit id. */
    dedupeKey?: string;
  },
): Promise<StoredHit | null> {
  const { match, now } = input;
  const entry =
    match.kind === 'entry' ? (await screeningRepo.liveEntries(tx, [match.id], now))[0] : undefined;
  const watch =
    match.kind === 'watch' ? (await screeningRepo.liveWatches(tx, [match.id], now))[0] : undefined;
  const owner = entry ?? watch;
  if (!owner) return null; // removed or lapsed since the list was read: not a hit any more
  const { hit, reference } = await recordHit(tx, {
    channel: input.channel,
    now,
    actorId: input.actorId,
    entry,
    watch,
    match: match.match,
    screened: input.screened,
    establishmentId: input.establishmentId ?? null,
    guestImportId: input.guestImportId ?? null,
    params: input.params,
    dedupeKey: input.dedupeKey,
  });
  return { hitId: hit.id, reference };
}
