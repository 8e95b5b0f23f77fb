import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';

/**
 * Human references: `REG-2026-00001` for register entries, `TN-2026-00001` for travel notifications,
 * numbered per year. There is no sequence table for them, so the next number is the year's highest
 * plus one under a transaction-scoped advisory lock (register changes are rare; the lock is held only
 * until the inserting transaction commits). The unique constraint on `reference` stays the backstop.
 */
const LOCK_IDS = { REG: 727_311_0601, TN: 727_311_0602 } as const;

export async function nextReference(
  tx: Executor,
  kind: keyof typeof LOCK_IDS,
  now: Date,
  last: (prefix: string) => Promise<string | undefined>,
): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_IDS[kind]})`);
  const prefix = `${kind}-${now.getUTCFullYear()}-`;
  const previous = await last(prefix);
  const n = previous ? Number(previous.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(5, '0')}`;
}
