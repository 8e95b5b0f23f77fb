import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../clock.ts';
import type { Executor } from '../db/index.ts';
import { AppError } from '../errors.ts';
import {
  currentKekIdInDb,
  destroyDataKey,
  findDataKey,
  insertDataKey,
  registerFirstKek,
  type Subject,
} from './data-keys.repo.ts';
import type { KekSet } from './kek-set.ts';
import { LruCache } from './lru.ts';

export type { Subject } from './data-keys.repo.ts';

/** Where an encrypted value lives; bound into its additional data so it cannot be moved. */
export interface FieldLocation {
  table: string;
  column: string;
  rowId: string;
}

/** The subject's data key was destroyed (the subject was erased): its fields are gone for good. */
export class DataKeyDestroyedError extends AppError {
  constructor(subject: Subject) {
    super(
      'not_found',
      `The data key of ${subject.subjectType} ${subject.subjectId} was destroyed (subject erased); its encrypted fields cannot be read`,
    );
    this.name = 'DataKeyDestroyedError';
  }
}

/**
 * Field encryption (SECURITY.md 26): AES-256-GCM under a random 256-bit data key per subject; the
 * data key is stored wrapped (AES-256-GCM, AAD = subject) by the current key-encryption key.
 *
 * - Field layout: 0x01 | iv (12, random) | tag (16) | ciphertext. AAD = subject + table + column +
 *   row id, so a ciphertext copied to another row, column or subject fails to decrypt.
 * - Erasing a subject destroys its wrapped key: later decrypts throw `DataKeyDestroyedError`.
 * - Unwrapped data keys are cached in memory: an LRU of at most `cacheSize` keys (default 10,000,
 *   ~1 MB) for at most `cacheTtlMs` (default 5 minutes). The bound limits both memory and how long a
 *   key erased by *another* server process stays usable here; an erase in this process evicts at once.
 *   Set `cacheSize: 0` to disable.
 * - New data keys are wrapped under the KEK the database names as current (checked at most every
 *   `kekCheckMs`), so servers follow a rotation started elsewhere.
 */
export interface FieldCipher {
  encryptField(db: Executor, subject: Subject, at: FieldLocation, plaintext: string): Promise<Buffer>;
  decryptField(db: Executor, subject: Subject, at: FieldLocation, ciphertext: Buffer): Promise<string>;
  /** Crypto-erase a subject. True when a live key was destroyed. */
  destroySubjectKey(db: Executor, subject: Subject): Promise<boolean>;
}

export interface FieldCipherOptions {
  clock?: Clock;
  cacheSize?: number;
  cacheTtlMs?: number;
  kekCheckMs?: number;
}

const FIELD_V1 = 1;
const WRAP_V1 = 1;

export function createFieldCipher(keks: KekSet, options: FieldCipherOptions = {}): FieldCipher {
  const clock = options.clock ?? systemClock;
  const cache = new LruCache<Buffer>(options.cacheSize ?? 10_000, options.cacheTtlMs ?? 5 * 60_000);
  const kekCheckMs = options.kekCheckMs ?? 5_000;
  let kekCheckedAt = Number.NEGATIVE_INFINITY;
  const cacheKey = (s: Subject) => `${s.subjectType}\0${s.subjectId}`;

  async function followCurrentKek(db: Executor): Promise<void> {
    const now = performance.now();
    if (now - kekCheckedAt < kekCheckMs) return;
    await registerFirstKek(db, keks.currentId, clock.now());
    const id = await currentKekIdInDb(db);
    if (id && id !== keks.currentId && keks.get(id)) keks.setCurrent(id);
    kekCheckedAt = now;
  }

  async function loadKey(db: Executor, subject: Subject, create: boolean): Promise<Buffer> {
    const hit = cache.get(cacheKey(subject));
    if (hit) return hit;
    let row = await findDataKey(db, subject);
    if (!row && create) {
      await followCurrentKek(db);
      const { id, key: kek } = keks.current();
      const dataKey = randomBytes(32);
      if (await insertDataKey(db, subject, wrapDataKey(kek, subject, dataKey), id, clock.now())) {
        cache.set(cacheKey(subject), dataKey);
        return dataKey;
      }
      row = await findDataKey(db, subject);
    }
    if (!row) throw new AppError('not_found', `${subject.subjectType} ${subject.subjectId} has no data key`);
    if (!row.wrappedKey) throw new DataKeyDestroyedError(subject);
    const kek = keks.get(row.kekId);
    if (!kek) throw new AppError('unavailable', `Key-encryption key ${row.kekId} is not loaded`);
    const dataKey = unwrapDataKey(kek, subject, row.wrappedKey);
    cache.set(cacheKey(subject), dataKey);
    return dataKey;
  }

  return {
    async encryptField(db, subject, at, plaintext) {
      const key = await loadKey(db, subject, true);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(fieldAad(subject, at));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FIELD_V1]), iv, cipher.getAuthTag(), body]);
    },
    async decryptField(db, subject, at, ciphertext) {
      if (ciphertext.length < 29 || ciphertext[0] !== FIELD_V1)
        throw new AppError('internal', 'encrypted field is malformed');
      const key = await loadKey(db, subject, false);
      const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(1, 13));
      decipher.setAAD(fieldAad(subject, at));
      decipher.setAuthTag(ciphertext.subarray(13, 29));
      try {
        return Buffer.concat([decipher.update(ciphertext.subarray(29)), decipher.final()]).toString('utf8');
      } catch {
        throw new AppError('internal', 'encrypted field failed authentication (tampered or moved)');
      }
    },
    async destroySubjectKey(db, subject) {
      cache.delete(cacheKey(subject));
      return destroyDataKey(db, subject, clock.now());
    },
  };
}

function fieldAad(subject: Subject, at: FieldLocation): Buffer {
  return Buffer.from(
    JSON.stringify([
      'karpear:field:v1',
      subject.subjectType,
      subject.subjectId,
      at.table,
      at.column,
      at.rowId,
    ]),
    'utf8',
  );
}

const wrapKeys = new WeakMap<Buffer, Buffer>();
function wrappingKey(kek: Buffer): Buffer {
  let key = wrapKeys.get(kek);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), 'karpear:data-key-wrap', 32));
    wrapKeys.set(kek, key);
  }
  return key;
}

const wrapAad = (s: Subject) =>
  Buffer.from(JSON.stringify(['karpear:data-key:v1', s.subjectType, s.subjectId]));

/** Wrap a data key under a KEK: 0x01 | iv | tag | ciphertext(32). */
export function wrapDataKey(kek: Buffer, subject: Subject, dataKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(kek), iv);
  cipher.setAAD(wrapAad(subject));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([WRAP_V1]), iv, cipher.getAuthTag(), body]);
}

export function unwrapDataKey(kek: Buffer, subject: Subject, wrapped: Buffer): Buffer {
  if (wrapped.length !== 61 || wrapped[0] !== WRAP_V1)
    throw new AppError('internal', 'wrapped data key is malformed');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(kek), wrapped.subarray(1, 13));
  decipher.setAAD(wrapAad(subject));
  decipher.setAuthTag(wrapped.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(29)), decipher.final()]);
  } catch {
    throw new AppError(
      'internal',
      `the data key of ${subject.subjectType} ${subject.subjectId} failed to unwrap (wrong key or tampered)`,
    );
  }
}
