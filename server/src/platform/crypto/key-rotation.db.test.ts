import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { countKeysByKek, currentKekIdInDb, type Subject } from './data-keys.repo.ts';
import { createFieldCipher, type FieldLocation } from './field-cipher.ts';
import { KekSet, kekIdOf } from './kek-set.ts';
import { rotateKek, SEALED_COLUMNS, type SealedColumn } from './key-rotation.ts';
import { createSecretBox, sealedAad, sealedKekId } from './secret-box.ts';

/** SECURITY.md 28: re-wrap every data key under a new KEK while reads and writes go on; 0 failures. */
const KEYS = 2_000;
const TEST_SEALED: SealedColumn = {
  table: 'rotation_test_secrets',
  column: 'secret',
  key: 'id',
  purpose: 'totp',
};

describe('key rotation', () => {
  let db: DatabaseHandle;
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const keks = new KekSet([k1]);
  const seeded: Array<{ subject: Subject; at: FieldLocation; sealed: Buffer; plain: string }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const cipher = createFieldCipher(keks);
    for (let i = 0; i < KEYS; i++) {
      const subject = { subjectType: i % 2 ? 'victim' : 'suspect', subjectId: randomUUID() };
      const at = { table: `${subject.subjectType}s`, column: 'name', rowId: subject.subjectId };
      const plain = `name ${i} ឈ្មោះ`;
      seeded.push({ subject, at, plain, sealed: await cipher.encryptField(db.db, subject, at, plain) });
    }
    await db.query('CREATE TABLE rotation_test_secrets (id text PRIMARY KEY, secret bytea)');
    const box = createSecretBox(keks);
    for (let i = 0; i < 300; i++) {
      const id = `u${String(i).padStart(4, '0')}`;
      const sealed = box.seal('totp', Buffer.from(`seed-${id}`), sealedAad(TEST_SEALED.table, 'secret', id));
      await db.query('INSERT INTO rotation_test_secrets VALUES ($1, $2)', [id, sealed]);
    }
  }, 120_000);
  afterAll(async () => db.close());

  it(`re-wraps ${KEYS} data keys and re-seals secrets with concurrent reads and writes, 0 failures`, async () => {
    const reader = createFieldCipher(keks, { cacheSize: 0 });
    // Another server process: it has only the old key loaded until it re-reads its key folder.
    const otherKeks = new KekSet([k1], undefined, () => [k1, k2]);
    const otherServer = createFieldCipher(otherKeks, { cacheSize: 0, kekCheckMs: 0 });
    const box = createSecretBox(keks);
    let done = false;
    let ops = 0;
    const failures: string[] = [];
    const written: typeof seeded = [];

    const worker = async (n: number) => {
      while (!done) {
        const pick = seeded[(ops * 7 + n) % seeded.length]!;
        try {
          const kind = ops % 4;
          if (kind === 0) {
            expect(await reader.decryptField(db.db, pick.subject, pick.at, pick.sealed)).toBe(pick.plain);
          } else if (kind === 1) {
            expect(await otherServer.decryptField(db.db, pick.subject, pick.at, pick.sealed)).toBe(
              pick.plain,
            );
          } else if (kind === 2) {
            const subject = { subjectType: 'victim', subjectId: randomUUID() };
            const at = { table: 'victims', column: 'name', rowId: subject.subjectId };
            const cipher = n % 2 ? reader : otherServer;
            written.push({
              subject,
              at,
              plain: 'new',
              sealed: await cipher.encryptField(db.db, subject, at, 'new'),
            });
          } else {
            const id = `u${String(ops % 300).padStart(4, '0')}`;
            const rows = await db.query<{ secret: Uint8Array }>(
              'SELECT secret FROM rotation_test_secrets WHERE id = $1',
              [id],
            );
            const aad = sealedAad(TEST_SEALED.table, 'secret', id);
            expect(box.open('totp', Buffer.from(rows[0]!.secret), aad).toString()).toBe(`seed-${id}`);
          }
        } catch (err) {
          failures.push(String(err));
        }
        ops++;
      }
    };
    const workers = [worker(0), worker(1), worker(2)];
    const report = await rotateKek(db, keks, k2, {
      batchSize: 100,
      sealedColumns: [...SEALED_COLUMNS, TEST_SEALED],
    }).finally(() => {
      done = true;
    });
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(ops).toBeGreaterThan(50);
    expect(report.kekId).toBe(kekIdOf(k2));
    expect(report.failed).toEqual([]);
    expect(report.remaining).toBe(0);
    expect(report.dataKeys).toBeGreaterThanOrEqual(KEYS);
    expect(report.sealed['rotation_test_secrets.secret']).toBe(300);
    expect(report.sealed['totp_factors.secret_sealed']).toBe(0);
    expect(await currentKekIdInDb(db.db)).toBe(kekIdOf(k2));
    expect(await countKeysByKek(db.db)).toEqual([
      { kekId: kekIdOf(k2), live: KEYS + written.length, destroyed: 0 },
    ]);

    // Everything is now readable with the new key alone: the old one can be retired.
    const onlyNew = new KekSet([k2]);
    const fresh = createFieldCipher(onlyNew, { cacheSize: 0 });
    for (const item of [...seeded.slice(0, 200), ...written]) {
      expect(await fresh.decryptField(db.db, item.subject, item.at, item.sealed)).toBe(item.plain);
    }
    const secrets = await db.query<{ id: string; secret: Uint8Array }>(
      'SELECT id, secret FROM rotation_test_secrets',
    );
    for (const row of secrets) {
      expect(sealedKekId(Buffer.from(row.secret))).toBe(kekIdOf(k2));
      const aad = sealedAad(TEST_SEALED.table, 'secret', row.id);
      expect(createSecretBox(onlyNew).open('totp', Buffer.from(row.secret), aad).toString()).toBe(
        `seed-${row.id}`,
      );
    }
    const left = await db.db.execute(
      sql`SELECT count(*)::int AS n FROM data_keys WHERE kek_id <> ${kekIdOf(k2)}`,
    );
    expect((left as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  }, 180_000);
});
