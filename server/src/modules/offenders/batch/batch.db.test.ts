import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import { createAuthTestApp } from '../../../../test/auth.ts';
import { type DemoIndex, seedDemoIndex } from '../../../../test/authz/demo.ts';
import { signInAs } from '../../../../test/authz/session.ts';
import { systemClock } from '../../../platform/clock.ts';
import type { DatabaseHandle } from '../../../platform/db/index.ts';
import { JobWorker } from '../../../platform/jobs/index.ts';
import { createLogger } from '../../../platform/logger.ts';
import { createJobRegistry } from '../../registry.ts';
import {
  registerEntries,
  registerNames,
  registerPassports,
  travelNotifications,
} from '../offenders.tables.ts';
import { screeningServiceFor } from '../screening.service.ts';
import { runBatch } from './batch.upload.ts';

/**
 * Batch screening by upload (job → hits and rejects files) and guest registers (CSV and XLSX →
 * establishments, import row, hits with the establishment, alerts with the province), against an
 * active register entry and a watch. Synthetic people only.
 */
let t: TestApp;
let demo: DemoIndex;
let dataDir: string;
let immigration: string;
let investigator: string;
let entryId: string;
let watchId: string;
let unitId: string;

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

function upload(cookie: string, url: string, name: string, content: string | Buffer) {
  const body = multipart(name, content);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': body.contentType, 'x-requested-with': 'karpear' },
    payload: body.payload,
  });
}

async function runJobs(): Promise<number> {
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

async function count(sql: string): Promise<number> {
  const [row] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`);
  return Number(row!.n);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-batch-db-'));
  t = await createAuthTestApp({ config: { dataDir } });
  demo = await seedDemoIndex(t.database);
  immigration = await signInAs(t, demo.byRole.immigration_officer.email);
  investigator = await signInAs(t, demo.byRole.investigator.email);
  const owner = demo.byRole.unit_supervisor;
  unitId = demo.unitsByAgency[owner.agencyId]![0]!.id;
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
  entryId = entry!.id;
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
  watchId = watch!.id;
}, 90_000);

afterAll(async () => {
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

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

const GUEST_HEADER =
  'guest_id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number,check_in,check_out,establishment,province';

/** A minimal XLSX (inline strings, first sheet) built by hand: enough for read-excel-file. */
function xlsx(rows: string[][]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheet =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows
      .map(
        (r, ri) =>
          `<row r="${ri + 1}">${r
            .map((v, ci) => `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)
            .join('')}</row>`,
      )
      .join('') +
    '</sheetData></worksheet>';
  const enc = (s: string) => new TextEncoder().encode(s);
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
      '_rels/.rels': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': enc(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Guests" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': enc(sheet),
    }),
  );
}

describe('POST /api/v1/screening/guests', () => {
  it('screens a CSV register: hits tied to the establishment, alerts with the province, non-hits not kept', async () => {
    const csv = [
      GUEST_HEADER,
      'G1,John Smitherson,,,1970-03-12,M,US,,,2026-11-27,2026-11-30,Golden Lotus Guesthouse,Siem Riep',
      'G2,,Dara,Innocent,1990-01-01,M,KH,,,2026-11-27,,Golden Lotus Guesthouse,KH-17',
      'G3,,Anna,Nobody,1985,F,FR,,,2026-11-27,,Mekong View Hotel,Kompong Cham',
      'G4,Zed Unknownprov,,,1980,,,,,2026-11-27,,River Inn,Atlantis',
      'G5,,,,1980,,,,,2026-11-28,2026-11-27,River Inn,Phnom Penh',
    ].join('\r\n');
    const before = await count('screening_hits');
    const res = await upload(investigator, '/api/v1/screening/guests', 'register.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ fileName: 'register.csv', rows: 5, screened: 3, hits: 1, rejected: 2 });
    expect(body.rejects).toEqual([
      { line: 5, column: 'province', reason: expect.stringContaining("unknown province 'Atlantis'") },
      { line: 6, column: 'full_name', reason: expect.stringContaining('no name') },
      { line: 6, column: 'check_out', reason: 'before check_in' },
    ]);
    expect(body.hitList).toEqual([
      expect.objectContaining({
        level: 'hit',
        line: 2,
        guestId: 'G1',
        establishment: 'Golden Lotus Guesthouse',
        province: 'KH-17',
        reference: expect.stringMatching(/^HIT-/),
      }),
    ]);
    expect(await count('screening_hits')).toBe(before + 1);
    expect(await count(`screening_hits WHERE channel = 'guest' AND guest_import_id = '${body.id}'`)).toBe(1);
    // Both Golden Lotus rows are one establishment (Siem Riep = KH-17); Mekong View is another.
    expect(
      await count(`establishments WHERE name_key = 'golden lotus guesthouse' AND province = 'KH-17'`),
    ).toBe(1);
    expect(await count(`establishments WHERE province = 'KH-3'`)).toBe(1);
    const [alert] = await t.database.query<{ params: Record<string, string> }>(
      `SELECT params FROM alerts WHERE params->>'guestImportId' = '${body.id}'`,
    );
    expect(alert!.params).toMatchObject({
      channel: 'guest',
      province: 'KH-17',
      establishmentId: expect.any(String),
    });
    expect(
      await count(`audit_log WHERE action = 'screening.guest_import' AND object_id = '${body.id}'`),
    ).toBe(1);
    // No trace of the innocent guests anywhere in the hits.
    const screened = await t.database.query<{ s: string }>(`SELECT screened::text AS s FROM screening_hits`);
    expect(screened.map((r) => r.s).join(' ')).not.toContain('Innocent');

    const again = await t.app.inject({
      url: `/api/v1/screening/guests/${body.id}`,
      headers: { cookie: investigator },
    });
    expect(again.json()).toMatchObject({ id: body.id, hits: 1, rejects: body.rejects });
    const list = await t.app.inject({ url: '/api/v1/screening/guests', headers: { cookie: investigator } });
    expect(list.json().items[0]).toMatchObject({ id: body.id, hits: 1 });
  }, 120_000);

  it("screens against the border check's shared index: synced for each upload, never rebuilt per upload", async () => {
    const service = screeningServiceFor(t.ctx);
    const { builds } = service.stats;
    expect(builds).toBe(1); // built once, by the first guest upload of this file
    // An entry activated a moment ago (straight in the database: no in-process notice) counts at once.
    const owner = demo.byRole.unit_supervisor;
    const [entry] = await t.database.db
      .insert(registerEntries)
      .values({
        reference: 'REG-2026-B0002',
        agencyId: owner.agencyId,
        unitId,
        status: 'active',
        basis: 'deported',
        dob: '1958-11-23',
        nationalities: ['GB'],
        legalBasis: 'Synthetic legal basis',
        riskLevel: 'high',
        instructions: 'Synthetic: call the duty officer',
        activatedAt: new Date(),
      })
      .returning();
    await t.database.db
      .insert(registerNames)
      .values({ entryId: entry!.id, name: 'Quentin Fakeperson ZORBALOVE', isPrimary: true });
    const csv = [
      GUEST_HEADER,
      'Q1,Quentin Zorbalove,,,1958-11-23,M,GB,,,2026-11-28,,Riverside Lodge,Kampot',
      'Q2,Ordinary Guest,,,1977-02-02,F,FR,,,2026-11-28,,Riverside Lodge,Kampot',
    ].join('\n');
    const syncs = service.stats.syncs;
    for (const name of ['first.csv', 'second.csv']) {
      const res = await upload(investigator, '/api/v1/screening/guests', name, csv);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ screened: 2, hits: 1 });
    }
    expect(await count(`screening_hits WHERE channel = 'guest' AND register_entry_id = '${entry!.id}'`)).toBe(
      2,
    );
    expect(service.stats).toEqual({ builds, syncs: syncs + 2 });
  }, 120_000);

  it('reads an XLSX register the same way, and refuses a register without a province column', async () => {
    const file = xlsx([
      GUEST_HEADER.split(','),
      [
        'X1',
        'Pieter Vanderboom',
        '',
        '',
        '1966-07-01',
        'M',
        'NL',
        '',
        '',
        '2026-11-28',
        '',
        'Sunset Bungalows',
        'Sihanoukville',
      ],
      [
        'X2',
        'Plain Visitor',
        '',
        '',
        '1999-09-09',
        'F',
        'DE',
        '',
        '',
        '2026-11-28',
        '',
        'Sunset Bungalows',
        'KH-18',
      ],
    ]);
    const res = await upload(immigration, '/api/v1/screening/guests', 'register.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 2, screened: 2, hits: 1, rejected: 0 });
    expect(res.json().hitList[0]).toMatchObject({
      province: 'KH-18',
      establishment: 'Sunset Bungalows',
      line: 2,
    });
    expect(await count(`alerts WHERE kind = 'watch_hit' AND params->>'province' = 'KH-18'`)).toBe(1);

    const bad = await upload(
      immigration,
      '/api/v1/screening/guests',
      'r.csv',
      'full_name,establishment\nA B,Inn\n',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/line 1: the header has no 'province' column/);
  }, 120_000);
});
