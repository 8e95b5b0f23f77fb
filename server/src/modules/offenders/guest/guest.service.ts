import { type Actor, authorize } from '../../../access/index.ts';
import { recordAudit } from '../../../audit/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { screenedOf, screeningThresholds } from '../batch/batch.service.ts';
import {
  type ListMatch,
  loadRegisterList,
  matchRegister,
  safeReasons,
  storeRegisterHit,
} from '../batch/register-list.ts';
import type { Reason, TravellerRecord } from '../matching/types.ts';
import { callReference, screeningServiceFor } from '../screening.service.ts';
import { type Guest, readGuestFile } from './guest.file.ts';
import * as repo from './guest.repo.ts';

/**
 * Guest registrations (issue 6 item 6): an accommodation-register file is read, every good row
 * screened against the active register and watches (the border check's shared index), and in ONE
 * transaction: the establishments of the
 * file upserted, the `guest_imports` row (counts and rejects) written, each hit stored with its
 * establishment and alerted to the owning unit with the establishment and province, and one audit
 * event. Guests that do not hit are not stored anywhere.
 */
type Deps = Pick<AppContext, 'database' | 'clock' | 'config'>;

/** Rejects kept on the import row (the rest are counted): bounded storage for a bad file. */
const MAX_STORED_REJECTS = 1000;

export interface GuestReject {
  line: number;
  column: string | null;
  reason: string;
}

export interface GuestHitView {
  reference: string;
  level: 'hit' | 'review';
  score: number;
  line: number | null;
  guestId: string | null;
  establishment: string | null;
  province: string | null;
  reasons: string[];
}

export interface GuestImportView {
  id: string;
  fileName: string;
  createdAt: string;
  rows: number;
  screened: number;
  hits: number;
  rejected: number;
  rejects: GuestReject[];
  hitList: GuestHitView[];
}

export async function importGuestRegister(
  deps: Deps,
  actor: Actor,
  file: { name: string; content: Buffer },
): Promise<GuestImportView> {
  authorize(actor, 'screening.guest_import');
  const items = await readGuestFile(file.content);
  const guests: Guest[] = [];
  const rejects: GuestReject[] = [];
  const rejectedLines = new Set<number>();
  for (const item of items) {
    if (item.kind === 'guest') guests.push(item.guest);
    else {
      rejectedLines.add(item.line);
      rejects.push({ line: item.line, column: item.column, reason: item.reason });
    }
  }
  const now = deps.clock.now();
  const match = await guestMatcher(deps, now);
  const matched = guests
    .map((guest) => ({ guest, matches: match(guest.record) }))
    .filter((g) => g.matches.length > 0);

  const id = await deps.database.db.transaction(async (tx) => {
    const imported = await repo.insertGuestImport(tx, {
      agencyId: actor.agencyId,
      createdBy: actor.userId,
      fileName: file.name,
      createdAt: now,
      rows: guests.length + rejectedLines.size,
      screened: guests.length,
      hits: 0,
      rejects: rejects.slice(0, MAX_STORED_REJECTS),
    });
    const establishmentIds = new Map<string, string>();
    for (const g of guests) {
      const key = `${g.province}\u0000${repo.establishmentKey(g.establishment)}`;
      if (!establishmentIds.has(key))
        establishmentIds.set(key, (await repo.upsertEstablishment(tx, g.establishment, g.province)).id);
    }
    const hitIds: string[] = [];
    for (const { guest, matches } of matched) {
      const establishmentId =
        establishmentIds.get(`${guest.province}\u0000${repo.establishmentKey(guest.establishment)}`) ?? null;
      for (const m of matches) {
        const stored = await storeRegisterHit(tx, {
          channel: 'guest',
          match: m,
          actorId: actor.userId,
          screened: screenedOf(guest.record, {
            line: guest.line,
            guestId: guest.record.id.startsWith('line-') ? null : guest.record.id,
            checkIn: guest.checkIn,
            checkOut: guest.checkOut,
          }),
          now,
          establishmentId,
          guestImportId: imported.id,
          params: { establishmentId, province: guest.province, guestImportId: imported.id },
        });
        if (stored) hitIds.push(stored.hitId);
      }
    }
    await repo.updateGuestImport(tx, imported.id, { hits: hitIds.length });
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.guest_import',
      objectType: 'guest_import',
      objectId: imported.id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: {
        rows: guests.length + rejectedLines.size,
        screened: guests.length,
        rejectedLines: rejectedLines.size,
        hitIds,
        establishmentIds: [...establishmentIds.values()],
      },
    });
    return imported.id;
  });
  return view(deps, id);
}

/**
 * Guests are screened against the border check's shared index (synced, not rebuilt per upload); only
 * thresholds below the index's own review level need a list of their own, read for this upload.
 */
async function guestMatcher(deps: Deps, now: Date): Promise<(record: TravellerRecord) => ListMatch[]> {
  const thresholds = screeningThresholds(deps.config);
  const shared = await screeningServiceFor(deps).matcherAt(thresholds);
  if (shared) return shared;
  const list = await loadRegisterList(deps.database.db, now, thresholds);
  return (record) => matchRegister(list, record);
}

async function view(deps: Deps, id: string): Promise<GuestImportView> {
  const db = deps.database.db;
  const row = await repo.findGuestImport(db, id);
  if (!row) throw AppError.notFound();
  const hits = await repo.hitsOfImport(db, id);
  const rejects = row.rejects as GuestReject[];
  return {
    id: row.id,
    fileName: row.fileName,
    createdAt: row.createdAt.toISOString(),
    rows: row.rows,
    screened: row.screened,
    hits: row.hits,
    rejected: row.rows - row.screened,
    rejects,
    hitList: hits.map((h) => {
      const screened = (h.screened ?? {}) as { line?: number; guestId?: string | null };
      return {
        reference: callReference(h.id),
        level: h.decision === 'hit' ? 'hit' : 'review',
        score: Math.round(h.score * 1000) / 1000,
        line: screened.line ?? null,
        guestId: screened.guestId ?? null,
        establishment: h.establishmentName,
        province: h.province,
        reasons: safeReasons((h.reasons ?? []) as Reason[]),
      };
    }),
  };
}

/** One import of the actor's agency (404 otherwise); reading it is audited (it lists hits). */
export async function getGuestImport(deps: Deps, actor: Actor, id: string): Promise<GuestImportView> {
  const row = await repo.findGuestImport(deps.database.db, id);
  if (!row) throw AppError.notFound();
  authorize(actor, 'screening.guest_read', { type: 'guest_import', id, agencyId: row.agencyId });
  const result = await view(deps, id);
  await deps.database.db.transaction((tx) =>
    recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.guest_read',
      objectType: 'guest_import',
      objectId: id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { hits: result.hits },
    }),
  );
  return result;
}

export interface GuestImportSummary {
  id: string;
  fileName: string;
  createdAt: string;
  rows: number;
  screened: number;
  hits: number;
  rejected: number;
}

export async function listGuestImports(
  deps: Deps,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: GuestImportSummary[]; limit: number; offset: number; total: number }> {
  authorize(actor, 'screening.guest_read', { type: 'guest_import', agencyId: actor.agencyId });
  const { rows, total } = await repo.listGuestImports(deps.database.db, actor.agencyId, page);
  return {
    items: rows.map((r) => ({
      id: r.id,
      fileName: r.fileName,
      createdAt: r.createdAt.toISOString(),
      rows: r.rows,
      screened: r.screened,
      hits: r.hits,
      rejected: r.rows - r.screened,
    })),
    ...page,
    total,
  };
}
