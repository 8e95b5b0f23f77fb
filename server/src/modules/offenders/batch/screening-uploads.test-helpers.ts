import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestApp } from '../../../../test/app.ts';
import { createAuthTestApp } from '../../../../test/auth.ts';
import { type DemoIndex, seedDemoIndex } from '../../../../test/authz/demo.ts';
import { signInAs } from '../../../../test/authz/session.ts';
import { systemClock } from '../../../platform/clock.ts';
import { JobWorker } from '../../../platform/jobs/index.ts';
import { createLogger } from '../../../platform/logger.ts';
import { createJobRegistry } from '../../registry.ts';
import {
  registerEntries,
  registerNames,
  registerPassports,
  travelNotifications,
} from '../offenders.tables.ts';

/**
 * Shared setup of the screening upload db tests (batch/batch.db.test.ts, guest/guest.db.test.ts): an app
 * with its own data folder, sessions of an immigration officer and an investigator, an active register
 * entry and a watch (synthetic people), multipart uploads, the job worker, row counts.
 */
export interface ScreeningUploadsApp {
  t: TestApp;
  demo: DemoIndex;
  dataDir: string;
  immigration: string;
  investigator: string;
  entryId: string;
  watchId: string;
  unitId: string;
}

export async function startScreeningUploadsApp(): Promise<ScreeningUploadsApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-batch-db-'));
  const t = await createAuthTestApp({ config: { dataDir } }).catch((error: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const demo = await seedDemoIndex(t.database);
  const immigration = await signInAs(t, demo.byRole.immigration_officer.email);
  const investigator = await signInAs(t, demo.byRole.investigator.email);
  const owner = demo.byRole.unit_supervisor;
  const unitId = demo.unitsByAgency[owner.agencyId]![0]!.id;
  const now = new Date();
  const [entry] = await t.database.db
    .insert(registerEntries)
    .values({
      reference: 'REG-2026-B0001',
      agencyId: owner.agencyId,
      unitId,
      status: 'active',
      basis: 'deported',
      dob: '1970-03-12',
      nationalities: ['US'],
      legalBasis: 'Synthetic legal basis',
      riskLevel: 'high',
      instructions: 'Synthetic: call the duty officer',
      activatedAt: now,
    })
    .returning();
  const entryId = entry!.id;
  await t.database.db.insert(registerNames).values([
    { entryId, name: 'Johnathan Madeup SMITHERSON', isPrimary: true },
    { entryId, name: 'John Smitherson' },
  ]);
  await t.database.db.insert(registerPassports).values({ entryId, country: 'US', number: 'Z1234567' });
  const [watch] = await t.database.db
    .insert(travelNotifications)
    .values({
      reference: 'TN-2026-B0001',
      agencyId: owner.agencyId,
      unitId,
      partner: 'Synthetic partner',
      receivedAt: now,
      names: ['Pieter Fakename VANDERBOOM'],
      dob: '1966-07-01',
      nationality: 'NL',
      watchUntil: new Date(now.getTime() + 30 * 86_400_000),
    })
    .returning();
  return { t, demo, dataDir, immigration, investigator, entryId, watchId: watch!.id, unitId };
}

export async function stopScreeningUploadsApp(app: ScreeningUploadsApp | undefined): Promise<void> {
  await app?.t.close();
  if (app?.dataDir) fs.rmSync(app.dataDir, { recursive: true, force: true });
}

function multipart(name: string, content: string | Buffer) {
  const boundary = `----karpear${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads, the job worker and row counts on the app; `app` is read at call time (it starts in beforeAll). */
export function screeningUploadCalls(app: () => ScreeningUploadsApp) {
  function upload(cookie: string, url: string, name: string, content: string | Buffer) {
    const body = multipart(name, content);
    return app().t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': body.contentType, 'x-requested-with': 'karpear' },
      payload: body.payload,
    });
  }

  async function runJobs(): Promise<number> {
    const worker = new JobWorker({
      db: app().t.database,
      registry: createJobRegistry(app().t.ctx),
      logger: createLogger('silent'),
      clock: systemClock,
      pollMs: 20,
    });
    try {
      return await worker.drain();
    } finally {
      await worker.stop(5_000);
    }
  }

  async function count(sql: string): Promise<number> {
    const [row] = await app().t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`);
    return Number(row!.n);
  }
  return { upload, runJobs, count };
}
