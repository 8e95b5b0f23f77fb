import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import type { DemoIndex } from '../../../../test/authz/demo.ts';
import { signInAs } from '../../../../test/authz/session.ts';
import type { DatabaseHandle } from '../../../platform/db/index.ts';
import { runBatch } from './batch.upload.ts';
import {
  type ScreeningUploadsApp,
  screeningUploadCalls,
  startScreeningUploadsApp,
  stopScreeningUploadsApp,
} from './screening-uploads.test-helpers.ts';

/**
 * Batch screening by upload (job → hits and rejects files) against an active register entry and a
 * watch. Guest registers are in guest/guest.db.test.ts. Synthetic people only.
 */
let t: TestApp;
let demo: DemoIndex;
let dataDir: string;
let immigration: string;
let investigator: string;
let entryId: string;
let watchId: string;
let unitId: string;
let started: ScreeningUploadsApp | undefined;

beforeAll(async () => {
  started = await startScreeningUploadsApp();
  ({ t, demo, dataDir, immigration, investigator, entryId, watchId, unitId } = started);
}, 90_000);

afterAll(async () => stopScreeningUploadsApp(started));

const { upload, runJobs, count } = screeningUploadCalls(() => started!);

/** The database, except that transactions after the first `n` fail (a crash in the middle of a batch). */
function crashingAfter(database: DatabaseHandle, n: number): DatabaseHandle {
  let transactions = 0;
  const db = new Proxy(database.db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (...args: Parameters<typeof target.transaction>) => {
          if (++transactions > n) return Promise.reject(new Error('simulated crash'));
          return target.transaction(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...database, db, query: database.query.bind(database) };
}

describe('POST /api/v1/screening/batch and the batch job', () => {
  it('screens the arrivals in a job: hits file with call references, rejects file, stored hits, alerts, audit', async () => {
    const arrivals = [
      'id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number',
      'P1,"SMITHERSON, Johnathan",,,1970-03-12,M,USA,,',
      'P2,,Maria,Innocenta,1991-07-04,F,ES,,',
      'P3,Someone Else,,,1980,,,US,Z1234567',
      'P4,,,,1970,,,,',
      'P5,Pieter Vanderboom,,,1966-07-01,,Netherlands,,',
      'P6,Bad Date,,,1980-02-31,,,,',
    ].join('\n');
    const res = await upload(immigration, '/api/v1/screening/batch', 'arrivals.csv', arrivals);
    expect(res.statusCode, res.body).toBe(202);
    const created = res.json();
    expect(created).toMatchObject({ status: 'queued', fileName: 'arrivals.csv', summary: null });
    // Stored sealed: the input's names are not readable on disk.
    const stored = fs.readFileSync(path.join(dataDir, 'screening-batches', created.id, 'input.sealed'));
    expect(stored.includes(Buffer.from('SMITHERSON'))).toBe(false);

    expect(await runJobs()).toBe(1);

    const view = await t.app.inject({
      url: `/api/v1/screening/batch/${created.id}`,
      headers: { cookie: immigration },
    });
    expect(view.json()).toMatchObject({
      status: 'done',
      // The demo seed brings its own register entries besides the two made here.
      summary: { rows: 6, screened: 4, rejectedLines: 2, hitRows: 3, pairs: 3, listSize: expect.any(Number) },
    });
    expect(fs.existsSync(path.join(dataDir, 'screening-batches', created.id, 'input.sealed'))).toBe(false);

    const hits = await t.app.inject({
      url: `/api/v1/screening/batch/${created.id}/hits.csv`,
      headers: { cookie: immigration },
    });
    expect(hits.statusCode).toBe(200);
    expect(hits.headers['content-disposition']).toBe('attachment; filename="arrivals.hits.csv"');
    const lines = hits.body.trim().split('\n');
    expect(lines[0]).toBe('input_id,watchlist_id,score,decision,reasons');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual([
      ['P1', expect.stringMatching(/^HIT-[0-9A-F]{8}$/)],
      ['P3', expect.stringMatching(/^HIT-[0-9A-F]{8}$/)],
      ['P5', expect.stringMatching(/^HIT-[0-9A-F]{8}$/)],
    ]);
    // The uploader never reads the register's names through the reasons.
    expect(hits.body).not.toMatch(/smitherson|vanderboom|madeup|Z1234567/i);

    const rejects = await t.app.inject({
      url: `/api/v1/screening/batch/${created.id}/rejects.csv`,
      headers: { cookie: immigration },
    });
    expect(rejects.body.trim().split('\n')).toEqual([
      'file,line,column,reason',
      'arrivals.csv,5,full_name,"no name: full_name, or given_name/family_name, is required"',
      'arrivals.csv,7,dob,"\'1980-02-31\' is not a possible date (use YYYY-MM-DD, YYYY-MM or YYYY)"',
    ]);

    expect(await count(`screening_hits WHERE channel = 'batch' AND register_entry_id = '${entryId}'`)).toBe(
      2,
    );
    expect(
      await count(`screening_hits WHERE channel = 'batch' AND travel_notification_id = '${watchId}'`),
    ).toBe(1);
    expect(await count(`alerts WHERE kind = 'register_hit' AND recipient_unit_id = '${unitId}'`)).toBe(2);
    expect(await count(`alerts WHERE kind = 'watch_hit' AND recipient_unit_id = '${unitId}'`)).toBe(1);
    const actions = await t.database.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'screening.batch%' GROUP BY action ORDER BY action`,
    );
    expect(actions).toEqual([
      { action: 'screening.batch', n: 1 },
      { action: 'screening.batch_download', n: 2 },
      { action: 'screening.batch_hit', n: 3 },
      { action: 'screening.batch_upload', n: 1 },
    ]);
  }, 120_000);

  it('is idempotent: a job retried after a crash mid-way stores, alerts and audits each hit once', async () => {
    const arrivals = [
      'id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number',
      'R1,"SMITHERSON, Johnathan",,,1970-03-12,M,USA,,',
      'R2,Someone Else,,,1980,,,US,Z1234567',
      'R3,Pieter Vanderboom,,,1966-07-01,,Netherlands,,',
    ].join('\n');
    const res = await upload(immigration, '/api/v1/screening/batch', 'retry.csv', arrivals);
    expect(res.statusCode, res.body).toBe(202);
    const batchId: string = res.json().id;
    // The first run crashes after two hits were stored (the third hit's transaction fails), as a
    // worker killed mid-way would leave it: meta 'running', input still there, two hits and alerts.
    await expect(runBatch({ ...t.ctx, database: crashingAfter(t.database, 2) }, batchId)).rejects.toThrow(
      'simulated crash',
    );
    const ofBatch = `screening_hits WHERE channel = 'batch' AND screened->>'batchId' = '${batchId}'`;
    expect(await count(ofBatch)).toBe(2);
    const firstRefs = await t.database.query<{ id: string }>(`SELECT id FROM ${ofBatch}`);

    // The job (the retry) resumes: the two stored hits are reused, the third is stored.
    expect(await runJobs()).toBe(1);
    expect(await count(ofBatch)).toBe(3);
    expect(await count(`${ofBatch} AND id IN (${firstRefs.map((r) => `'${r.id}'`).join(',')})`)).toBe(2);
    expect(await count(`alerts WHERE params->>'batchId' = '${batchId}'`)).toBe(3);
    expect(
      await count(`audit_log WHERE action = 'screening.batch_hit' AND details->>'batchId' = '${batchId}'`),
    ).toBe(3);
    expect(await count(`audit_log WHERE action = 'screening.batch' AND object_id = '${batchId}'`)).toBe(1);
    const hits = await t.app.inject({
      url: `/api/v1/screening/batch/${batchId}/hits.csv`,
      headers: { cookie: immigration },
    });
    const rows = hits.body.trim().split('\n').slice(1);
    expect(rows.map((l) => l.split(',')[0])).toEqual(['R1', 'R2', 'R3']);
    // Every reference in the file is a stored hit of this batch (the reused ones included).
    const stored = await t.database.query<{ id: string }>(`SELECT id FROM ${ofBatch}`);
    const references = new Set(
      stored.map((h) => `HIT-${h.id.replaceAll('-', '').slice(0, 8).toUpperCase()}`),
    );
    expect(rows.every((l) => references.has(l.split(',')[1]!))).toBe(true);
  }, 120_000);

  it('refuses a wrong header at once naming the column, and hides a batch from other agencies and roles', async () => {
    const bad = await upload(immigration, '/api/v1/screening/batch', 'x.csv', 'id,name\nA,B\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/line 1: unknown column 'name'/);

    const ok = await upload(immigration, '/api/v1/screening/batch', 'y.csv', 'full_name\nNobody Known\n');
    const id = ok.json().id as string;
    const other = demo.users.find(
      (u) => u.roles.includes('unit_supervisor') && u.agencyId !== demo.byRole.immigration_officer.agencyId,
    );
    if (other) {
      const cookie = await signInAs(t, other.email);
      expect(
        (await t.app.inject({ url: `/api/v1/screening/batch/${id}`, headers: { cookie } })).statusCode,
      ).toBe(404);
    }
    expect(
      (await t.app.inject({ url: `/api/v1/screening/batch/${id}`, headers: { cookie: investigator } }))
        .statusCode,
    ).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/screening/batch', headers: { cookie: immigration } });
    expect(list.json().items.map((b: { id: string }) => b.id)).toContain(id);
    await runJobs();
  }, 120_000);
});
