import type { Actor } from '../../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { EntryDetail } from './offenders.schema.ts';
import * as repo from './register.repo.ts';
import { audit, checkVersion, detailOf, loadEntry, type RegisterDeps } from './register.shared.ts';

/**
 * Taking an entry out of matching: expire an active one now, or remove one with a reason (kept; the
 * entry stays readable as `removed`). Each writes one audit event and tells the screening index.
 */
/** Stop an active entry matching now (its expiry date need not have come). */
export async function expireEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  version: number,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.expire', id, true);
    if (entry.status !== 'active')
      throw new AppError('conflict', 'Only an active entry can expire', [
        { path: 'status', message: `the entry is ${entry.status}` },
      ]);
    checkVersion(entry, version);
    const updated = await repo.updateEntry(tx, entry.id, {
      status: 'expired',
      expiresAt: entry.expiresAt && entry.expiresAt < now ? entry.expiresAt : now,
      updatedAt: now,
      version: entry.version + 1,
    });
    await audit(tx, deps, actor, 'offenders.expire', entry.id, { version: updated.version });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}

/** Take an entry off the register with a reason (kept; the entry stays readable as `removed`). */
export async function removeEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  reason: string,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.remove', id, true);
    if (entry.status === 'removed')
      throw new AppError('conflict', 'The entry is already removed', [
        { path: 'status', message: 'the entry is removed' },
      ]);
    const updated = await repo.updateEntry(tx, entry.id, {
      status: 'removed',
      removedReason: reason,
      updatedAt: now,
      version: entry.version + 1,
    });
    // The reason is free text (it may name people): it stays on the entry, not in the audit log.
    await audit(tx, deps, actor, 'offenders.remove', entry.id, { previousStatus: entry.status });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}
