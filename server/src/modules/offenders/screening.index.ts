import { Screener, type ScreeningMatch } from './matching/screen.ts';
import type { TravellerRecord, WatchlistEntry } from './matching/types.ts';
import type { EntryRow } from './register.repo.ts';
import type { TravelRow } from './travel.repo.ts';

/**
 * The in-memory list the border check screens against: active, unexpired register entries and
 * travel-notification watches. A full `Screener` (the base, slow to build: ≈ 6–15 s per 100,000
 * entries) plus a small delta `Screener` of what changed since the base was built, so a change
 * shows at the next check without rebuilding everything. An item in the delta replaces the base's
 * copy (or withdraws it, when no longer live). Expiry is checked at match time.
 */
export type ItemKind = 'entry' | 'watch';

export interface ListItem {
  kind: ItemKind;
  /** register_entries.id or travel_notifications.id */
  id: string;
  /** Whether it may match at all (an active entry; a watch). */
  live: boolean;
  /** Epoch ms after which it stops matching; null = no end. */
  endsAt: number | null;
  /** The matcher's rows: one per passport (an entry may hold several). */
  rows: WatchlistEntry[];
}

export interface ItemMatch {
  kind: ItemKind;
  id: string;
  match: ScreeningMatch;
}

const keyOf = (kind: ItemKind, id: string) => `${kind === 'entry' ? 'e' : 't'}:${id}`;
/** Row ids are `<key>#<n>`; the key names the item. */
const itemKeyOfRow = (rowId: string) => rowId.slice(0, rowId.indexOf('#'));

export function entryItem(
  e: EntryRow,
  names: ReadonlyArray<{ name: string; isPrimary: boolean }>,
  passports: ReadonlyArray<{ country: string | null; number: string }>,
  now: Date,
): ListItem {
  const live = e.status === 'active' && (e.expiresAt === null || e.expiresAt.getTime() > now.getTime());
  const key = keyOf('entry', e.id);
  const sorted = [...names].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  const base: WatchlistEntry = {
    id: key,
    full_name: sorted[0]?.name,
    aliases: sorted.slice(1).map((n) => n.name),
    dob: e.dob ?? undefined,
    gender: e.gender ?? undefined,
    nationality: (e.nationalities as string[]).join('|') || undefined,
  };
  const rows: WatchlistEntry[] =
    passports.length === 0
      ? [{ ...base, id: `${key}#0` }]
      : passports.map((p, i) => ({
          ...base,
          id: `${key}#${i}`,
          passport_country: p.country ?? undefined,
          passport_number: p.number,
        }));
  return { kind: 'entry', id: e.id, live, endsAt: e.expiresAt?.getTime() ?? null, rows };
}

export function watchItem(t: TravelRow, now: Date): ListItem {
  const key = keyOf('watch', t.id);
  const names = t.names as string[];
  return {
    kind: 'watch',
    id: t.id,
    live: t.watchUntil.getTime() > now.getTime(),
    endsAt: t.watchUntil.getTime(),
    rows: [
      {
        id: `${key}#0`,
        full_name: names[0],
        aliases: names.slice(1),
        dob: t.dob ?? undefined,
        gender: t.gender ?? undefined,
        nationality: t.nationality ?? undefined,
        passport_country: t.passportCountry ?? undefined,
        passport_number: t.passportNumber ?? undefined,
      },
    ],
  };
}

class Layer {
  readonly screener: Screener;
  readonly items = new Map<string, ListItem>();
  constructor(items: Iterable<ListItem>) {
    const rows: WatchlistEntry[] = [];
    for (const item of items) {
      this.items.set(keyOf(item.kind, item.id), item);
      if (item.live) rows.push(...item.rows);
    }
    this.screener = Screener.build(rows);
  }
}

export class ScreeningIndex {
  private base: Layer;
  private delta: Layer;

  constructor(items: Iterable<ListItem> = []) {
    this.base = new Layer(items);
    this.delta = new Layer([]);
  }

  /** The score below which the index answers nothing (its matcher's review threshold). */
  get reviewThreshold(): number {
    return this.base.screener.options.thresholds.review;
  }

  get size(): { base: number; delta: number } {
    return { base: this.base.items.size, delta: this.delta.items.size };
  }

  /** Apply changed items (idempotent: the latest state of an item wins). Rebuilds the small delta. */
  apply(changed: readonly ListItem[]): void {
    if (changed.length === 0) return;
    const merged = new Map(this.delta.items);
    for (const item of changed) merged.set(keyOf(item.kind, item.id), item);
    this.delta = new Layer(merged.values());
  }

  /** Matches at or above the matcher's review threshold, best first, one per item, live and unexpired. */
  check(record: TravellerRecord, now: Date): ItemMatch[] {
    const best = new Map<string, ItemMatch>();
    const consider = (m: ScreeningMatch, layer: Layer, fromBase: boolean) => {
      const key = itemKeyOfRow(m.watchlistId);
      if (fromBase && this.delta.items.has(key)) return; // the delta's state replaces the base's
      const item = layer.items.get(key);
      if (!item?.live || (item.endsAt !== null && item.endsAt <= now.getTime())) return;
      const seen = best.get(key);
      if (!seen || seen.match.score < m.score) best.set(key, { kind: item.kind, id: item.id, match: m });
    };
    for (const m of this.base.screener.check(record)) consider(m, this.base, true);
    for (const m of this.delta.screener.check(record)) consider(m, this.delta, false);
    return [...best.values()].sort((a, b) => b.match.score - a.match.score);
  }
}
