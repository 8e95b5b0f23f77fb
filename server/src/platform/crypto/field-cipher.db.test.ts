import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { countKeysByKek, findDataKey } from './data-keys.repo.ts';
import {
  createFieldCipher,
  DataKeyDestroyedError,
  type FieldCipher,
  type FieldLocation,
} from './field-cipher.ts';
import { KekSet } from './kek-set.ts';

/** SECURITY.md 26: round trip, any bit flip fails, IVs never repeat, a moved ciphertext fails. */
const khmer = fc
  .array(fc.integer({ min: 0x1780, max: 0x17ff }), { maxLength: 40 })
  .map((cps) => String.fromCodePoint(...cps));
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), khmer, fc.string({ maxLength: 50 }));

describe('field cipher', () => {
  let db: DatabaseHandle;
  let keks: KekSet;
  let cipher: FieldCipher;
  const victim = { subjectType: 'victim', subjectId: randomUUID() };
  const at: FieldLocation = { table: 'victims', column: 'full_name', rowId: victim.subjectId };

  beforeAll(async () => {
    db = await createTestDatabase();
    keks = new KekSet([randomBytes(32)]);
    cipher = createFieldCipher(keks);
  });
  afterAll(async () => db.close());

  it('round-trips arbitrary Unicode, Khmer included (fresh and cached keys)', async () => {
    const cold = createFieldCipher(keks, { cacheSize: 0 });
    await fc.assert(
      fc.asyncProperty(text, fc.uuid(), async (plaintext, subjectId) => {
        const subject = { subjectType: 'victim', subjectId };
        const where = { table: 'victims', column: 'full_name', rowId: subjectId };
        const sealed = await cipher.encryptField(db.db, subject, where, plaintext);
        if (Buffer.byteLength(plaintext) > 3)
          expect(sealed.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
        expect(await cipher.decryptField(db.db, subject, where, sealed)).toBe(plaintext);
        expect(await cold.decryptField(db.db, subject, where, sealed)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it('fails on any single bit flip', async () => {
    const sealed = await cipher.encryptField(db.db, victim, at, 'សុខ ស្រីនាង — Sok Sreyneang');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: sealed.length * 8 - 1 }), async (bit) => {
        const flipped = Buffer.from(sealed);
        flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
        await expect(cipher.decryptField(db.db, victim, at, flipped)).rejects.toThrow(
          /failed authentication|malformed/,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never repeats an IV across 10,000 encryptions', async () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const sealed = await cipher.encryptField(db.db, victim, at, 'x');
      ivs.add(sealed.subarray(1, 13).toString('hex'));
    }
    expect(ivs.size).toBe(10_000);
  });

  it('refuses a ciphertext moved to another row, column, table or subject', async () => {
    const other = { subjectType: 'victim', subjectId: randomUUID() };
    await cipher.encryptField(db.db, other, { ...at, rowId: other.subjectId }, 'other');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('rowId', 'column', 'table', 'subject'),
        text,
        async (move, plaintext) => {
          const sealed = await cipher.encryptField(db.db, victim, at, plaintext);
          const attempt =
            move === 'subject'
              ? cipher.decryptField(db.db, other, at, sealed)
              : cipher.decryptField(db.db, victim, { ...at, [move]: `${at[move]}-x` }, sealed);
          await expect(attempt).rejects.toThrow(/failed authentication/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('erasing a subject destroys its key: later reads and writes fail clearly, in every process', async () => {
    const subject = { subjectType: 'suspect', subjectId: randomUUID() };
    const where = { table: 'suspects', column: 'passport_no', rowId: subject.subjectId };
    const sealed = await cipher.encryptField(db.db, subject, where, 'N1234567');
    const elsewhere = createFieldCipher(keks);
    expect(await elsewhere.decryptField(db.db, subject, where, sealed)).toBe('N1234567');
    expect(await cipher.destroySubjectKey(db.db, subject)).toBe(true);
    expect(await cipher.destroySubjectKey(db.db, subject)).toBe(false);
    await expect(cipher.decryptField(db.db, subject, where, sealed)).rejects.toBeInstanceOf(
      DataKeyDestroyedError,
    );
    await expect(cipher.encryptField(db.db, subject, where, 'again')).rejects.toThrow(
      /destroyed \(subject erased\)/,
    );
    await expect(createFieldCipher(keks).decryptField(db.db, subject, where, sealed)).rejects.toThrow(
      /destroyed/,
    );
    const row = await findDataKey(db.db, subject);
    expect(row).toMatchObject({ wrappedKey: null });
    expect((await countKeysByKek(db.db)).reduce((n, r) => n + r.destroyed, 0)).toBe(1);
  });
});
