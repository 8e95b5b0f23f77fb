import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { signal } from '../../test/signal.ts';
import { createFieldCipher, KekSet } from '../platform/crypto/index.ts';
import type { DatabaseHandle, Executor } from '../platform/db/index.ts';
import { AUDIT_LOCK_ID, recordAudit } from './audit.writer.ts';

/**
 * SECURITY.md 35: when the audit write fails, the business operation fails and changes nothing.
 * The "business operation" here writes an encrypted victim field (creating the subject's data key)
 * and its row, then records the event — all in one transaction, as every module does.
 */
describe('audit fails closed', () => {
  let db: DatabaseHandle;
  const cipher = createFieldCipher(new KekSet([randomBytes(32)]));

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE fc_victims (id uuid PRIMARY KEY, full_name bytea NOT NULL)');
  });
  afterAll(async () => db.close());

  async function registerVictim(
    action = 'create',
    before?: (tx: Executor) => Promise<void>,
  ): Promise<string> {
    const id = randomUUID();
    await db.db.transaction(async (tx) => {
      await before?.(tx);
      const subject = { subjectType: 'victim', subjectId: id };
      const name = await cipher.encryptField(
        tx,
        subject,
        { table: 'fc_victims', column: 'full_name', rowId: id },
        'Srey',
      );
      await tx.execute(
        sql`INSERT INTO fc_victims VALUES (${id}::uuid, decode(${name.toString('hex')}, 'hex'))`,
      );
      await recordAudit(tx, {
        at: new Date(),
        action,
        objectType: 'victim',
        objectId: id,
        outcome: 'success',
      });
    });
    return id;
  }

  async function counts() {
    const [v] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fc_victims');
    const [k] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM data_keys');
    const [a] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    return { victims: v!.n, keys: k!.n, events: a!.n };
  }

  it('commits all three when the audit write succeeds', async () => {
    await registerVictim();
    expect(await counts()).toEqual({ victims: 1, keys: 1, events: 1 });
  });

  it('rolls everything back when the audit store refuses the insert', async () => {
    await db.query(`CREATE FUNCTION fc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$`);
    await db.query(
      'CREATE TRIGGER fc_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fc_refuse()',
    );
    try {
      await expect(registerVictim()).rejects.toThrow();
    } finally {
      await db.query('DROP TRIGGER fc_refuse ON audit_log');
      await db.query('DROP FUNCTION fc_refuse()');
    }
    expect(await counts()).toEqual({ victims: 1, keys: 1, events: 1 });
  });

  it('rolls everything back when the event itself cannot be stored', async () => {
    await expect(registerVictim('create\u0000')).rejects.toThrow();
    expect(await counts()).toEqual({ victims: 1, keys: 1, events: 1 });
  });

  it('rolls everything back when the audit lock cannot be had in time (PostgreSQL)', async (t) => {
    if (db.engine !== 'postgres') t.skip(); // one connection: nothing else can hold the lock
    const [held, release] = signal();
    const [isLocked, locked] = signal();
    const holder = db.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
      locked();
      await held;
    });
    await isLocked;
    try {
      await expect(
        registerVictim('create', async (tx) => {
          await tx.execute(sql`SET LOCAL lock_timeout = '200ms'`);
        }),
      ).rejects.toThrow();
    } finally {
      release();
      await holder;
    }
    expect(await counts()).toEqual({ victims: 1, keys: 1, events: 1 });
  });
});
