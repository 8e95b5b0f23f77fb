import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, findCanariesInDatabase, findCanariesInText, newCanary } from '../../../test/canary.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { AuditCheckpointer } from '../../audit/audit.checkpointer.ts';
import { MemoryCheckpointSink } from '../../audit/audit.checkpoints.ts';
import { recordAudit } from '../../audit/index.ts';
import { ManualClock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { createFieldCipher } from './field-cipher.ts';
import { rotateKek } from './key-rotation.ts';
import { ephemeralKeyring } from './keyring.ts';
import { createSecretBox, sealedAad } from './secret-box.ts';

/**
 * SECURITY.md 27 (partial, until the victims module exists): victim identity fields seeded with
 * canaries through the field cipher leave no plaintext trace in any table or in the application logs,
 * through writes, reads, audit events, a key rotation and failures.
 */
describe('canaries stay encrypted', () => {
  let db: DatabaseHandle;
  const canaries: string[] = [];
  const logs = captureLogs();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.close());

  it('the scanner finds a canary written in plaintext (positive control)', async () => {
    const leaked = newCanary();
    await db.query('CREATE TABLE canary_control (id int, note text, blob bytea, doc jsonb)');
    await db.query('INSERT INTO canary_control VALUES (1, $1, $2, $3)', [
      `x ${leaked} y`,
      Buffer.from(`..${leaked}..`),
      JSON.stringify({ name: leaked }),
    ]);
    const found = await findCanariesInDatabase(db, [leaked]);
    expect(found.map((f) => f.where).sort()).toEqual([
      'canary_control.blob',
      'canary_control.doc',
      'canary_control.note',
    ]);
    expect(findCanariesInText('log', Buffer.from(leaked).toString('base64'), [leaked])).toHaveLength(1);
    await db.query('DROP TABLE canary_control');
  });

  it('leaves 0 canaries in a dump of every table and in the logs', async () => {
    const keyring = ephemeralKeyring();
    const cipher = createFieldCipher(keyring.keks);
    const box = createSecretBox(keyring.keks);
    await db.query(
      'CREATE TABLE canary_victims (id uuid PRIMARY KEY, full_name bytea, birth_name bytea, address bytea)',
    );
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      const subject = { subjectType: 'victim', subjectId: id };
      const fields: Record<string, string> = {};
      for (const column of ['full_name', 'birth_name', 'address']) {
        const canary = newCanary();
        canaries.push(canary);
        fields[column] = canary;
      }
      await db.db.transaction(async (tx) => {
        const enc = async (column: string) =>
          (
            await cipher.encryptField(
              tx,
              subject,
              { table: 'canary_victims', column, rowId: id },
              fields[column]!,
            )
          ).toString('hex');
        await tx.execute(sql`INSERT INTO canary_victims VALUES (${id}::uuid, decode(${await enc('full_name')}, 'hex'),
          decode(${await enc('birth_name')}, 'hex'), decode(${await enc('address')}, 'hex'))`);
        await recordAudit(tx, {
          at: new Date(),
          action: 'create',
          objectType: 'victim',
          objectId: id,
          outcome: 'success',
        });
      });
      // Read back (and log what the application would: ids only).
      const rows = await db.query<{ full_name: Uint8Array }>(
        'SELECT full_name FROM canary_victims WHERE id = $1',
        [id],
      );
      const name = await cipher.decryptField(
        db.db,
        subject,
        { table: 'canary_victims', column: 'full_name', rowId: id },
        Buffer.from(rows[0]!.full_name),
      );
      expect(name).toBe(fields.full_name);
      logs.logger.info({ victimId: id }, 'victim read');
      // A ciphertext moved to another row fails — and its error says nothing about the content.
      await cipher
        .decryptField(
          db.db,
          subject,
          { table: 'canary_victims', column: 'address', rowId: id },
          Buffer.from(rows[0]!.full_name),
        )
        .catch((err: Error) => logs.logger.warn({ err }, 'decrypt failed'));
    }
    const secretCanary = newCanary('TOTP');
    canaries.push(secretCanary);
    await db.query('CREATE TABLE canary_secrets (id text PRIMARY KEY, secret bytea)');
    await db.query('INSERT INTO canary_secrets VALUES ($1, $2)', [
      's1',
      box.seal('totp', Buffer.from(secretCanary), sealedAad('canary_secrets', 'secret', 's1')),
    ]);

    await rotateKek(db, keyring.keks, randomBytes(32), {
      sealedColumns: [{ table: 'canary_secrets', column: 'secret', key: 'id', purpose: 'totp' }],
    });
    const checkpointer = new AuditCheckpointer({
      database: db,
      sink: new MemoryCheckpointSink(),
      signer: {
        signingKey: keyring.auditSigningKey,
        verifyKey: keyring.auditVerifyKey,
        keyId: keyring.auditKeyId,
      },
      clock: new ManualClock(),
      logger: logs.logger,
      everyEvents: 1,
    });
    await checkpointer.tick();

    expect(canaries).toHaveLength(61);
    expect(await findCanariesInDatabase(db, canaries)).toEqual([]);
    expect(logs.text()).toContain('victim read');
    expect(findCanariesInText('logs', logs.text(), canaries)).toEqual([]);
  }, 120_000);
});
