import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { dataKeys, keyEncryptionKeys } from './crypto.tables.ts';

/** SQL for data keys and the KEK registry. No cryptography here: callers wrap and unwrap. */

export interface Subject {
  subjectType: string;
  subjectId: string;
}

export interface DataKeyRow {
  wrappedKey: Buffer | null;
  kekId: string;
  destroyedAt: Date | null;
}

const bySubject = (s: Subject) =>
  and(eq(dataKeys.subjectType, s.subjectType), eq(dataKeys.subjectId, s.subjectId));

export async function findDataKey(db: Executor, subject: Subject): Promise<DataKeyRow | undefined> {
  const rows = await db
    .select({ wrappedKey: dataKeys.wrappedKey, kekId: dataKeys.kekId, destroyedAt: dataKeys.destroyedAt })
    .from(dataKeys)
    .where(bySubject(subject));
  return rows[0];
}

/** Insert unless the subject already has a key (a concurrent writer won); true when inserted. */
export async function insertDataKey(
  db: Executor,
  subject: Subject,
  wrappedKey: Buffer,
  kekId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(dataKeys)
    .values({ ...subject, wrappedKey, kekId, createdAt: now })
    .onConflictDoNothing()
    .returning({ kekId: dataKeys.kekId });
  return rows.length > 0;
}

/** Erase: the wrapped key is gone for good. True when a live key was destroyed. */
export async function destroyDataKey(db: Executor, subject: Subject, now: Date): Promise<boolean> {
  const rows = await db
    .update(dataKeys)
    .set({ wrappedKey: null, destroyedAt: now })
    .where(and(bySubject(subject), isNotNull(dataKeys.wrappedKey)))
    .returning({ kekId: dataKeys.kekId });
  return rows.length > 0;
}

export async function currentKekIdInDb(db: Executor): Promise<string | undefined> {
  const rows = await db
    .select({ id: keyEncryptionKeys.id })
    .from(keyEncryptionKeys)
    .where(eq(keyEncryptionKeys.state, 'current'));
  return rows[0]?.id;
}

/** Register `id` as current when no KEK is registered as current yet (first start). */
export async function registerFirstKek(db: Executor, id: string, now: Date): Promise<void> {
  await db.execute(sql`
    INSERT INTO key_encryption_keys (id, state, created_at)
    SELECT ${id}, 'current', ${now.toISOString()}::timestamptz
    WHERE NOT EXISTS (SELECT 1 FROM key_encryption_keys WHERE state = 'current')
    ON CONFLICT (id) DO NOTHING`);
}

/** Make `id` the current KEK (the previous current one becomes `previous`). One transaction. */
export async function publishCurrentKek(db: Executor, id: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.execute(sql`
    UPDATE key_encryption_keys SET state = 'previous', retired_at = ${at}::timestamptz
    WHERE state = 'current' AND id <> ${id}`);
  await db.execute(sql`
    INSERT INTO key_encryption_keys (id, state, created_at) VALUES (${id}, 'current', ${at}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET state = 'current', retired_at = NULL`);
}

export interface WrappedKeyRow extends Subject {
  wrappedKey: Buffer;
  kekId: string;
}

/** A batch of live keys not wrapped under `kekId`, after a keyset cursor, locked for re-wrapping. */
export async function lockKeysToRewrap(
  db: Executor,
  kekId: string,
  after: Subject | null,
  limit: number,
): Promise<WrappedKeyRow[]> {
  const cursor = after
    ? sql`AND (subject_type, subject_id) > (${after.subjectType}, ${after.subjectId})`
    : sql``;
  const result = (await db.execute(sql`
    SELECT subject_type, subject_id, wrapped_key, kek_id FROM data_keys
    WHERE kek_id <> ${kekId} AND wrapped_key IS NOT NULL ${cursor}
    ORDER BY subject_type, subject_id LIMIT ${limit} FOR UPDATE`)) as unknown as {
    rows: Array<{ subject_type: string; subject_id: string; wrapped_key: Uint8Array; kek_id: string }>;
  };
  return result.rows.map((r) => ({
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    wrappedKey: Buffer.from(r.wrapped_key),
    kekId: r.kek_id,
  }));
}

/** Store re-wrapped keys in one statement (a JSON parameter: the same on both drivers). */
export async function storeRewrapped(
  db: Executor,
  rows: ReadonlyArray<Subject & { wrappedKey: Buffer }>,
  kekId: string,
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const json = JSON.stringify(
    rows.map((r) => ({ t: r.subjectType, i: r.subjectId, w: r.wrappedKey.toString('hex') })),
  );
  const result = (await db.execute(sql`
    UPDATE data_keys d SET wrapped_key = decode(v.w, 'hex'), kek_id = ${kekId},
      rewrapped_at = ${now.toISOString()}::timestamptz
    FROM json_to_recordset(${json}::json) AS v(t text, i text, w text)
    WHERE d.subject_type = v.t AND d.subject_id = v.i AND d.wrapped_key IS NOT NULL`)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? rows.length;
}

export async function countKeysNotUnder(db: Executor, kekId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dataKeys)
    .where(and(ne(dataKeys.kekId, kekId), isNotNull(dataKeys.wrappedKey)));
  return rows[0]?.n ?? 0;
}

export async function countKeysByKek(
  db: Executor,
): Promise<Array<{ kekId: string; live: number; destroyed: number }>> {
  return db
    .select({
      kekId: dataKeys.kekId,
      live: sql<number>`count(*) FILTER (WHERE ${dataKeys.wrappedKey} IS NOT NULL)::int`,
      destroyed: sql<number>`count(*) FILTER (WHERE ${dataKeys.wrappedKey} IS NULL)::int`,
    })
    .from(dataKeys)
    .groupBy(dataKeys.kekId)
    .orderBy(dataKeys.kekId);
}
