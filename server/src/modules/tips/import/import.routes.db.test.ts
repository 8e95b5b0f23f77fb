import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import { createAuthTestApp } from '../../../../test/auth.ts';
import { type DemoIndex, seedDemoIndex } from '../../../../test/authz/demo.ts';
import { signInAs } from '../../../../test/authz/session.ts';
import { systemClock } from '../../../platform/clock.ts';
import { JobWorker } from '../../../platform/jobs/index.ts';
import { createLogger } from '../../../platform/logger.ts';
import { createJobRegistry } from '../../registry.ts';
import { SAMPLE_JSON, SAMPLE_XML } from '../cybertip/fixtures.ts';

/**
 * The upload door: POST /tips/imports stores the files and enqueues the job (202); the job imports
 * them, records progress and results, and deletes the stored bytes; GETs show it to the agency.
 */
let t: TestApp;
let demo: DemoIndex;
let operator: string;

const GOOD_XML = SAMPLE_XML.replace('<favouriteColour>unknown element</favouriteColour>', '');
const MAX_FILE_BYTES = 64 * 1024;
const MAX_FILES = 4;

/** A multipart/form-data body with one `files` part per file, as a browser sends it. */
function multipart(files: Array<{ name: string; content: string | Buffer }>) {
  const boundary = `----karpear${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(cookie: string, files: Array<{ name: string; content: string | Buffer }>, query = '') {
  const body = multipart(files);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/tips/imports${query}`,
    headers: { cookie, 'content-type': body.contentType, 'x-requested-with': 'karpear' },
    payload: body.payload,
  });
}

async function runJobs(): Promise<number> {
  // Jobs are due at the database's now(), so the worker runs on the real clock (the app's test clock
  // stays put: moving it would expire the sessions).
  const worker = new JobWorker({
    db: t.database,
    registry: createJobRegistry(t.ctx),
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
  const [row] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`);
  return Number(row!.n);
}

beforeAll(async () => {
  t = await createAuthTestApp({
    config: { tipImportMaxFileBytes: MAX_FILE_BYTES, tipImportMaxFiles: MAX_FILES },
  });
  demo = await seedDemoIndex(t.database);
  operator = await signInAs(t, demo.byRole.hotline_operator.email);
}, 60_000);
afterAll(async () => t?.close());

describe('POST /api/v1/tips/imports and the import job', () => {
  it('stores the upload, runs the job, reports per-file results and deletes the bytes', async () => {
    const res = await upload(operator, [
      { name: 'reports/a.xml', content: GOOD_XML },
      { name: 'reports/b.json', content: SAMPLE_JSON },
      { name: 'reports/bad.xml', content: GOOD_XML.replace('<age>13</age>', '<age>200</age>') },
    ]);
    expect(res.statusCode, res.body).toBe(202);
    const created = res.json();
    expect(created).toMatchObject({ status: 'queued', files: 3, processed: 0, results: [] });
    expect(await count(`tip_import_files WHERE import_id = '${created.id}'`)).toBe(3);

    expect(await runJobs()).toBe(1);

    const view = await t.app.inject({
      url: `/api/v1/tips/imports/${created.id}`,
      headers: { cookie: operator },
    });
    expect(view.statusCode).toBe(200);
    const done = view.json();
    expect(done).toMatchObject({
      status: 'done',
      files: 3,
      processed: 3,
      imported: 2,
      duplicates: 0,
      rejected: 1,
    });
    expect(done.finishedAt).not.toBeNull();
    const byFile = Object.fromEntries(done.results.map((r: { file: string }) => [r.file, r]));
    expect(byFile['reports/a.xml']).toMatchObject({ outcome: 'imported', tipIds: [expect.any(String)] });
    expect(byFile['reports/bad.xml']).toMatchObject({
      outcome: 'rejected',
      errors: [{ path: 'report/victim/victimPerson/age', reason: 'impossible age 200 (must be 0–120)' }],
    });
    expect(await count(`tip_import_files WHERE import_id = '${created.id}'`)).toBe(0);

    const actions = await t.database.query<{ action: string; object_id: string }>(
      `SELECT action, object_id FROM audit_log WHERE object_type = 'tip_import' ORDER BY position`,
    );
    expect(actions).toEqual([
      { action: 'tips.import_upload', object_id: created.id },
      { action: 'tips.import_run', object_id: created.id },
    ]);

    const list = await t.app.inject({ url: '/api/v1/tips/imports', headers: { cookie: operator } });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: created.id, status: 'done' }] });
  });

  it('shows an upload only to its agency and to importing roles', async () => {
    const res = await upload(operator, [{ name: 'again.json', content: SAMPLE_JSON }]);
    const id = res.json().id as string;
    const analyst = await signInAs(t, demo.byRole.intel_analyst.email);
    const prosecutor = await signInAs(t, demo.byRole.prosecutor.email);
    expect(
      (await t.app.inject({ url: `/api/v1/tips/imports/${id}`, headers: { cookie: analyst } })).statusCode,
    ).toBe(200);
    const denied = await t.app.inject({ url: `/api/v1/tips/imports/${id}`, headers: { cookie: prosecutor } });
    expect(denied.statusCode).toBe(404);
    expect((await upload(prosecutor, [{ name: 'x.json', content: SAMPLE_JSON }])).statusCode).toBe(404);
    await runJobs();
    const done = await t.app.inject({ url: `/api/v1/tips/imports/${id}`, headers: { cookie: analyst } });
    expect(done.json()).toMatchObject({ status: 'done', duplicates: 1, imported: 0 });
  });

  it('refuses what is not an upload, an oversized file (naming it) and too many files, storing nothing', async () => {
    const before = await count('tip_imports');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tips/imports',
      headers: { cookie: operator, 'x-requested-with': 'karpear', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(json.statusCode).toBe(415);
    const big = await upload(operator, [
      { name: 'ok.json', content: SAMPLE_JSON },
      { name: 'huge.xml', content: Buffer.alloc(MAX_FILE_BYTES + 1, 0x20) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/^huge\.xml: larger than the/);
    const many = await upload(
      operator,
      Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `r${i}.json`, content: SAMPLE_JSON })),
    );
    expect(many.statusCode).toBe(413);
    const none = await upload(operator, []);
    expect(none.statusCode).toBe(400);
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tips/imports',
      headers: {
        cookie: operator,
        'x-requested-with': 'karpear',
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x\r\nContent-Disposition: form-data; name="files"; filename="a.xml"\r\n\r\nunterminated',
    });
    expect(garbage.statusCode).toBeLessThan(500);
    expect(await count('tip_imports')).toBe(before);
  });
});
