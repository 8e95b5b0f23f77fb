import type * as registerRepo from './register.repo.ts';
import type * as travelRepo from './travel.repo.ts';

/**
 * The version of each item (`entry:<id>`, `watch:<id>`) the screening index holds, for the items changed
 * within the sync's overlap window: a row re-read with a version held here is not re-applied. A version
 * is its change time first (ms), then what may change with it.
 *
 * Forgetting by age touches only what it forgets, a bounded number at a time: keys are also filed by
 * the second of their version's time. Before, each sync scanned every version held — right after a
 * bulk load all 100,000 entries, 17–76 ms of blocked event loop per sync, every check waiting behind
 * it (bench/border-check.ts).
 */
export class VersionMemory {
  private readonly versions = new Map<string, string>();
  /** Second of a version's time → the keys set to a version of that second (some since replaced). */
  private readonly bySecond = new Map<number, string[]>();

  get size(): number {
    return this.versions.size;
  }

  get(key: string): string | undefined {
    return this.versions.get(key);
  }

  set(key: string, version: string): void {
    this.versions.set(key, version);
    const second = Math.floor(versionTime(version) / 1000);
    const keys = this.bySecond.get(second);
    if (keys) keys.push(key);
    else this.bySecond.set(second, [key]);
  }

  /**
   * Forget the versions older than `ms` (whole seconds before it; a few in its second are kept), at
   * most `budget` keys per call: the rest goes at the next call. Keeping a version longer is harmless
   * (a row re-read with a held version is simply not re-applied), while forgetting a bulk load's
   * 100,000 at once blocked the event loop for 86 ms in one sync (bench/border-check.ts).
   */
  forgetBefore(ms: number, budget = 4_000): void {
    let left = budget;
    for (const [second, keys] of this.bySecond) {
      if ((second + 1) * 1000 > ms) continue;
      while (keys.length > 0 && left > 0) {
        const key = keys.pop()!;
        left--;
        const version = this.versions.get(key);
        // A key set again later is filed under its newer second too, and kept until that one goes.
        if (version !== undefined && versionTime(version) < ms) this.versions.delete(key);
      }
      if (keys.length === 0) this.bySecond.delete(second);
      if (left === 0) return;
    }
  }
}

export function versionTime(version: string): number {
  return Number(version.slice(0, version.indexOf('|')));
}

export function entryVersion(
  e: Pick<registerRepo.EntryRow, 'id' | 'updatedAt' | 'status' | 'expiresAt'>,
): [string, string] {
  return [`entry:${e.id}`, `${e.updatedAt.getTime()}|${e.status}|${e.expiresAt?.getTime() ?? ''}`];
}

export function watchVersion(
  w: Pick<travelRepo.TravelRow, 'id' | 'createdAt' | 'watchUntil'>,
): [string, string] {
  return [`watch:${w.id}`, `${w.createdAt.getTime()}|${w.watchUntil.getTime()}`];
}
