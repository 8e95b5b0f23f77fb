import { randomInt } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { hashPassword, verifyPassword } from '../../modules/users/index.ts';
import { type SecretBox, sealedAad } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { recoveryCodes, totpFactors, webauthnCredentials } from '../access.tables.ts';

/**
 * The second factors of a user, at rest: the TOTP secret sealed with AES-256-GCM (bound to its row by
 * the additional data), WebAuthn public keys, one-time recovery codes as argon2id hashes.
 */
export const totpAad = (userId: string) => sealedAad('totp_factors', 'secret_sealed', userId);

export interface FactorSummary {
  totp: boolean;
  webauthn: number;
}

export async function factorSummary(db: Executor, userId: string): Promise<FactorSummary> {
  const [totp, keys] = await Promise.all([
    db.select({ userId: totpFactors.userId }).from(totpFactors).where(eq(totpFactors.userId, userId)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, userId)),
  ]);
  return { totp: totp.length > 0, webauthn: keys[0]?.n ?? 0 };
}

export async function loadTotp(
  db: Executor,
  secrets: SecretBox,
  userId: string,
): Promise<{ secret: string; lastStep: number } | undefined> {
  const rows = await db.select().from(totpFactors).where(eq(totpFactors.userId, userId));
  const row = rows[0];
  if (!row) return undefined;
  const secret = secrets.open('totp', row.secretSealed, totpAad(userId)).toString('utf8');
  return { secret, lastStep: row.lastStep };
}

export async function saveTotp(
  db: Executor,
  secrets: SecretBox,
  userId: string,
  secret: string,
  step: number,
  now: Date,
): Promise<void> {
  const sealed = secrets.seal('totp', Buffer.from(secret, 'utf8'), totpAad(userId));
  await db
    .insert(totpFactors)
    .values({ userId, secretSealed: sealed, lastStep: step, confirmedAt: now })
    .onConflictDoUpdate({
      target: totpFactors.userId,
      set: { secretSealed: sealed, lastStep: step, confirmedAt: now },
    });
}

/** Record the accepted step; false when that step (or a later one) was already used: a replay. */
export async function consumeTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(totpFactors)
    .set({ lastStep: step })
    .where(and(eq(totpFactors.userId, userId), lt(totpFactors.lastStep, step)))
    .returning({ userId: totpFactors.userId });
  return rows.length > 0;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** `xxxx-xxxx-xxxx` from a 31-symbol alphabet: about 59 bits each, easy to read aloud and type. */
function newRecoveryCode(): string {
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  }
  return out;
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Ten new codes and their argon2id hashes; hashed outside any transaction (it takes a moment). */
export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashPassword(normaliseRecoveryCode(c))));
  return { codes, hashes };
}

/** Replace the user's recovery codes with these (the old ones stop working). */
export async function storeRecoveryCodes(
  db: Executor,
  userId: string,
  hashes: string[],
  now: Date,
): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

/**
 * The id of the user's unused recovery code that matches, or null. Hash checks run outside any
 * transaction (argon2 takes time); `spendRecoveryCode` then spends it atomically.
 */
export async function findRecoveryCode(db: Executor, userId: string, code: string): Promise<string | null> {
  const normalised = normaliseRecoveryCode(code);
  if (normalised.length !== 12) return null;
  const unused = await db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  const matches = await Promise.all(unused.map((r) => verifyPassword(r.codeHash, normalised)));
  return unused[matches.indexOf(true)]?.id ?? null;
}

/** Spend a recovery code; false when it was already spent (a replay or a race). */
export async function spendRecoveryCode(db: Executor, id: string, now: Date): Promise<boolean> {
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return spent.length > 0;
}

export async function listWebauthnCredentials(db: Executor, userId: string) {
  return db.select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
}

/** Store the new signature counter; false when it went backwards meanwhile (a cloned authenticator). */
export async function touchWebauthnCredential(
  db: Executor,
  id: string,
  counter: number,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(webauthnCredentials)
    .set({ counter, lastUsedAt: now })
    .where(
      and(
        eq(webauthnCredentials.id, id),
        counter === 0 ? sql`true` : lt(webauthnCredentials.counter, counter),
      ),
    )
    .returning({ id: webauthnCredentials.id });
  return rows.length > 0;
}
