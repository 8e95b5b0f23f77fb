import { type Actor, authorize } from '../../access/index.ts';
import { AuditGroupWriter } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Thresholds, TravellerRecord, WatchlistEntry } from './matching/types.ts';
import type { ScreeningCheckInput, ScreeningResult } from './offenders.schema.ts';
import * as registerRepo from './register.repo.ts';
import { answerCheck, checkEvent } from './screening.answer.ts';
import { entryItem, type ItemMatch, type ListItem, ScreeningIndex, watchItem } from './screening.index.ts';
import * as repo from './screening.repo.ts';
import { entryVersion, VersionMemory, watchVersion } from './screening.versions.ts';
import * as travelRepo from './travel.repo.ts';

export { callReference } from './screening.answer.ts';

/**
 * The border check (issue 6 item 4). Holds the in-memory screening index (screening.index.ts): built
 * from the database on first use, then kept current by a cheap sync — right after a change in this
 * process (`noteChanged`) and at most every `syncIntervalMs` otherwise (changes made by other
 * processes). The sync re-reads the entries written by transactions still unfinished at its last
 * read (by the `written_xid` a trigger stamps on every write), so a transaction that committed late is still seen whatever its clock said;
 * travel watches (few) are re-read over the last `overlapMs`. When the delta grows past `rebuildAfter` items the base is rebuilt
 * in the background while checks go on against the old one.
 *
 * Every match is re-checked against the database before it counts (an entry removed or expired a
 * moment ago never hits). A `review`-level score is answered as a hit: the officer verifies the
 * traveller's identity and calls the duty officer — a possible match is not waved through at a
 * border. The answer never carries names, offences or case content: the level, a call reference,
 * the register's instructions (for a strong hit on an entry) and the unit to call.
 *
 * A check the index finds nothing for (almost all of them) writes only its audit event: that event
 * joins a group commit (audit.group.ts) and the answer waits for its commit. A check with candidates
 * keeps its own transaction: re-check, hits, alerts and its audit event commit together.
 */
export interface ScreeningOptions {
  syncIntervalMs?: number;
  overlapMs?: number;
  rebuildAfter?: number;
  /** Most matches turned into hits for one check. */
  maxHits?: number;
}

type Deps = Pick<AppContext, 'database' | 'clock'>;

/**
 * The one service (and so the one in-memory index) per database: the first made for a database —
 * the border check's, when the routes are mounted — is the one `screeningServiceFor` hands to the
 * other screening paths (guest registers), so they neither build a second index nor miss its syncs.
 */
const perDatabase = new WeakMap<object, ScreeningService>();

export function screeningServiceFor(deps: Deps): ScreeningService {
  return perDatabase.get(deps.database) ?? new ScreeningService(deps);
}

/** A match re-levelled at other thresholds (`null` below their review level). */
function atThresholds(m: ItemMatch, t: Thresholds): ItemMatch | null {
  if (m.match.score < t.review) return null;
  // An exact passport scores 1, so it stays a hit at any threshold.
  const decision = m.match.score >= t.hit ? 'hit' : 'review';
  return decision === m.match.decision ? m : { ...m, match: { ...m.match, decision } };
}

export class ScreeningService {
  private index: ScreeningIndex | null = null;
  private building: Promise<ScreeningIndex> | null = null;
  private syncing: Promise<void> | null = null;
  private rebuilding = false;
  private changed = false;
  private lastSyncAt = 0;
  private watermark = new Date(0);
  /** The oldest transaction running when the index last read the register (`oldestRunningXid`). */
  private readXid: number | null = null;
  /** The version of each item changed within the overlap, as the current index holds it. */
  private versions = new VersionMemory();
  private readonly syncIntervalMs: number;
  private readonly overlapMs: number;
  private readonly rebuildAfter: number;
  private readonly maxHits: number;
  private builds = 0;
  private syncs = 0;
  /** No-hit checks' audit events, written in groups (one lock window per group, not per check). */
  private auditGroupWriter: AuditGroupWriter | null = null;

  constructor(
    private readonly deps: Deps,
    options: ScreeningOptions = {},
  ) {
    if (!perDatabase.has(deps.database)) perDatabase.set(deps.database, this);
    this.syncIntervalMs = options.syncIntervalMs ?? 10_000;
    this.overlapMs = options.overlapMs ?? 60_000;
    this.rebuildAfter = options.rebuildAfter ?? 1_000;
    this.maxHits = options.maxHits ?? 3;
  }

  /**
   * Made on first use (building the routes, e.g. for the OpenAPI document, touches no database). One
   * group at a time (pipelining measured no better: bench/_audit-group-ab.ts). PGlite runs every
   * statement on the event loop: a short pause lets the checks queued behind a group reach the writer.
   */
  private get auditGroup(): AuditGroupWriter {
    this.auditGroupWriter ??= new AuditGroupWriter(this.deps.database.db, {
      gatherMs: this.deps.database.engine === 'pglite' ? 2 : 0,
    });
    return this.auditGroupWriter;
  }

  /** A register entry or travel notification changed in this process: sync before the next check. */
  noteChanged(): void {
    this.changed = true;
  }

  /** How often the index was built from scratch and synced (tests, logs). */
  get stats(): { builds: number; syncs: number } {
    return { builds: this.builds, syncs: this.syncs };
  }

  /**
   * Screen with the border check's index (synced first, so a change made a moment ago — also by
   * another process — counts) at `thresholds`: guest registers use this instead of building their own
   * list per upload. Matches are one per item, live and unexpired, best first. `null` when the
   * thresholds ask for pairs below the index's review level: the caller then builds its own list.
   */
  async matcherAt(thresholds: Thresholds): Promise<((record: TravellerRecord) => ItemMatch[]) | null> {
    this.changed = true;
    const index = await this.current();
    if (thresholds.review < index.reviewThreshold) return null;
    const now = this.deps.clock.now();
    return (record) =>
      index.check(record, now).flatMap((m) => {
        const relevelled = atThresholds(m, thresholds);
        return relevelled ? [relevelled] : [];
      });
  }

  /** Build the index now (start-up, benchmarks); later checks only sync. */
  async warm(): Promise<{ base: number; delta: number }> {
    return (await this.current()).size;
  }

  /** Every live item, and the versions of those still inside the sync's overlap window. */
  private async loadAll(now: Date): Promise<{ items: ListItem[]; versions: VersionMemory; xid: number }> {
    const db = this.deps.database.db;
    const xid = await repo.oldestRunningXid(db);
    const entries = await registerRepo.entriesForScreening(db, { now });
    const watches = await travelRepo.watchesForScreening(db, { now });
    const versions = new VersionMemory();
    const recentSince = now.getTime() - this.overlapMs;
    for (const e of entries) if (e.updatedAt.getTime() >= recentSince) versions.set(...entryVersion(e));
    for (const w of watches) if (w.createdAt.getTime() >= recentSince) versions.set(...watchVersion(w));
    const items = [...(await this.entryItems(db, entries, now)), ...watches.map((w) => watchItem(w, now))];
    return { items, versions, xid };
  }

  private async entryItems(db: Executor, entries: registerRepo.EntryRow[], now: Date): Promise<ListItem[]> {
    if (entries.length === 0) return [];
    const parts = await registerRepo.partsOf(
      db,
      entries.map((e) => e.id),
    );
    return entries.map((e) => {
      const p = parts.get(e.id)!;
      return entryItem(e, p.names, p.passports, now);
    });
  }

  private async build(): Promise<ScreeningIndex> {
    const now = this.deps.clock.now();
    const { items, versions, xid } = await this.loadAll(now);
    this.versions = versions;
    this.readXid = xid;
    this.watermark = now;
    this.lastSyncAt = performance.now();
    this.changed = false;
    this.builds++;
    return new ScreeningIndex(items);
  }

  /**
   * Re-read what changed since the watermark less the overlap, and apply only the rows whose version
   * the index does not hold yet. Without that filter, a register loaded or bulk-activated within the
   * overlap was re-read with its names, re-indexed into the delta and then rebuilt in full on every
   * sync for a minute (measured: 29% of the server's CPU at 100,000 fresh entries, seconds-long p99).
   */
  private async sync(index: ScreeningIndex): Promise<void> {
    const now = this.deps.clock.now();
    const since = new Date(this.watermark.getTime() - this.overlapMs);
    this.changed = false;
    this.lastSyncAt = performance.now();
    this.syncs++;
    const db = this.deps.database.db;
    const versions = this.versions;
    const isNew = ([key, version]: [string, string]) => versions.get(key) !== version;
    // Entries: only what transactions unfinished at the last read wrote (64-bit ids: they never go
    // round). Watches are few: the window is cheap for them.
    const xid = await repo.oldestRunningXid(db);
    const written =
      this.readXid !== null
        ? await repo.entryVersionsWrittenSince(db, this.readXid)
        : await repo.entryVersionsSince(db, since);
    const changedIds = written.filter((e) => isNew(entryVersion(e))).map((e) => e.id);
    const entries = await repo.entriesByIds(db, changedIds);
    const watches = (await travelRepo.watchesForScreening(db, { now, createdSince: since })).filter((w) =>
      isNew(watchVersion(w)),
    );
    index.apply([...(await this.entryItems(db, entries, now)), ...watches.map((w) => watchItem(w, now))]);
    for (const e of entries) versions.set(...entryVersion(e));
    for (const w of watches) versions.set(...watchVersion(w));
    this.versions.forgetBefore(since.getTime());
    // A rebuild swapped in while this sync read keeps its own read point: this sync's changes went
    // to the old index, and the rebuild asked for a sync of its own (`changed`).
    if (this.index !== index) return;
    this.watermark = now;
    this.readXid = xid;
    if (index.size.delta > this.rebuildAfter && !this.rebuilding) this.rebuildInBackground();
  }

  /** A fresh base from the database; swapped in when ready, then synced from its own watermark. */
  private rebuildInBackground(): void {
    this.rebuilding = true;
    const startedAt = this.deps.clock.now();
    this.loadAll(startedAt)
      .then(async ({ items, versions, xid }) => {
        const fresh = new ScreeningIndex(items);
        this.builds++;
        this.index = fresh;
        this.versions = versions;
        this.readXid = xid;
        this.watermark = startedAt;
        this.changed = true; // pick up what changed while building
      })
      .catch(() => {
        // Keep serving the current index; the next growth of the delta tries again.
      })
      .finally(() => {
        this.rebuilding = false;
      });
  }

  private async current(): Promise<ScreeningIndex> {
    if (!this.index) {
      this.building ??= this.build().finally(() => {
        this.building = null;
      });
      this.index = await this.building;
      return this.index;
    }
    // Read before the sync starts: `sync` clears `changed` at once.
    const mustWait = this.changed || this.syncIntervalMs === 0;
    if (mustWait || performance.now() - this.lastSyncAt > this.syncIntervalMs) {
      const index = this.index;
      this.syncing ??= this.sync(index).finally(() => {
        this.syncing = null;
      });
      // A change made in this process is waited for. The periodic sync (changes by other processes,
      // already up to `syncIntervalMs` late) runs in the background: checks go on against the current
      // index instead of all queueing behind it (after a bulk load it re-reads up to the whole
      // register, which held every check for about a second: p99 1.2 s at 200 requests/s).
      if (mustWait) await this.syncing;
      else this.syncing.catch(() => {}); // a failed background sync is retried at the next interval
    }
    return this.index;
  }

  async check(actor: Actor, input: ScreeningCheckInput): Promise<ScreeningResult> {
    authorize(actor, 'screening.check');
    const index = await this.current();
    const now = this.deps.clock.now();
    const record: WatchlistEntry = {
      id: 'border-check',
      full_name: input.names[0],
      aliases: input.names.slice(1),
      dob: input.dob,
      gender: input.gender,
      nationality: input.nationality,
      passport_country: input.passportCountry,
      passport_number: input.passportNumber,
    };
    const candidates = index.check(record, now).slice(0, this.maxHits * 2);
    if (candidates.length === 0) {
      // Nothing to confirm or store: only the audit event is written, in a group; answered after its commit.
      await this.auditGroup.record(checkEvent(actor, now, []));
      return { result: 'no_hit', checkedAt: now.toISOString() };
    }
    return this.deps.database.db.transaction((tx) =>
      answerCheck(tx, actor, input, candidates, now, this.maxHits),
    );
  }

  /** Groups of no-hit audit events written so far (benchmark profile, tests). */
  get auditGroupStats(): { groups: number; events: number } {
    return this.auditGroup.stats;
  }
}
