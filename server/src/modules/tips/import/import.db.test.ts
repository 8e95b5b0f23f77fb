import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReports } from '../../../../../bench/generators/cybertip.ts';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { actorFor } from '../../../../test/authz/actors.ts';
import { type DemoIndex, seedDemoIndex } from '../../../../test/authz/demo.ts';
import { SAMPLE_JSON, SAMPLE_XML } from '../cybertip/fixtures.ts';
import { fileFromBytes, filesFromPaths } from './files.ts';
import { type ImportFile, type ImportProgress, importCyberTipFiles } from './import.service.ts';

/**
 * The import against a real database: per-report atomicity, idempotent re-import, locked files, every
 * kind of bad input rejected with its element path while the rest of the run goes on.
 */
let t: TestApp;
let demo: DemoIndex;

/** The sample XML without its deliberate unknown element (the default run rejects unknown elements). */
const GOOD_XML = SAMPLE_XML.replace('<favouriteColour>unknown element</favouriteColour>', '');
const xmlWith = (from: string, to: string, id: string) => {
  expect(GOOD_XML).toContain(from);
  return GOOD_XML.replace(from, to).replaceAll('900000001', id);
};
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<report><reportId>1</reportId>&lol3;</report>`;
const XXE = `<?xml version="1.0"?>
<!DOCTYPE report [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<report><reportId>2</reportId><additionalInfo>&xxe;</additionalInfo></report>`;

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return Number(row!.n);
}

async function tablesSnapshot() {
  return {
    tips: await count('tips'),
    files: await count('tip_files'),
    events: await count('tip_events'),
    links: await count('identifier_links'),
    audit: await count('audit_log'),
  };
}

const system = null;
const run = (files: ImportFile[], options = {}, onProgress?: (p: ImportProgress) => void) =>
  importCyberTipFiles(t.ctx, system, files, onProgress, options);

beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemoIndex(t.database);
}, 60_000);
afterAll(async () => t?.close());

describe('importCyberTipFiles', () => {
  it('imports XML and JSON reports as tips of the intake agency, with files locked unless viewed', async () => {
    const progress: ImportProgress[] = [];
    const summary = await run(
      [fileFromBytes('a.xml', GOOD_XML), fileFromBytes('b.json', SAMPLE_JSON)],
      {},
      (p) => progress.push(p),
    );
    expect(summary).toMatchObject({ files: 2, processed: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(summary.results.map((r) => [r.file, r.outcome])).toEqual([
      ['a.xml', 'imported'],
      ['b.json', 'imported'],
    ]);
    expect(progress.map((p) => p.done)).toEqual([1, 2]);

    const [tip] = await t.database.query<Record<string, unknown>>(
      `SELECT source, agency_id, external_ref, source_key, escalation_flag, child_age_min, child_age_max,
              province, narrative FROM tips WHERE id = $1`,
      [summary.results[0]!.tipIds[0]],
    );
    expect(tip).toMatchObject({
      source: 'cybertipline',
      agency_id: demo.agencyIdByCode['KH-NP-AHTJP'],
      external_ref: '900000001',
      source_key: 'ncmec_cybertipline:900000001',
      escalation_flag: true,
      child_age_min: 13,
      child_age_max: 13,
      province: 'KH-17', // Siem Reap, the reported person's estimated location
    });
    expect(String(tip!.narrative)).toContain('CyberTipline report 900000001 from Telegram');

    // F1 says the platform did not view it, F2 does not say: both locked. F9 (JSON) was viewed.
    const files = await t.database.query<{ file_name: string | null; locked: boolean }>(
      `SELECT file_name, locked FROM tip_files WHERE tip_id = ANY($1::uuid[]) ORDER BY file_name NULLS LAST`,
      [summary.results.flatMap((r) => r.tipIds)],
    );
    expect(files).toEqual([
      { file_name: 'file-1.jpg', locked: true },
      { file_name: 'file-9.jpg', locked: false },
      { file_name: null, locked: true },
    ]);
    // Identifiers of the report are linked to the tip (e-mail, phone, screen name, IPs, hashes…).
    expect(
      await count(`identifier_links WHERE record_type = 'tip' AND record_id = $1`, [
        summary.results[0]!.tipIds[0],
      ]),
    ).toBeGreaterThanOrEqual(5);
  });

  it('re-importing the same reports, as XML or JSON, changes nothing but the run event', async () => {
    const before = await tablesSnapshot();
    const again = await run([fileFromBytes('a-again.xml', GOOD_XML), fileFromBytes('b.json', SAMPLE_JSON)]);
    expect(again).toMatchObject({ imported: 0, duplicates: 2, rejected: 0 });
    expect(again.results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(await tablesSnapshot()).toEqual({ ...before, audit: before.audit + 1 });
    const [event] = await t.database.query<{ action: string; details: Record<string, number> }>(
      `SELECT action, details FROM audit_log ORDER BY position DESC LIMIT 1`,
    );
    expect(event).toEqual({
      action: 'tips.import_run',
      details: { files: 2, imported: 0, duplicates: 2, rejected: 0 },
    });
  });

  it('rejects every kind of bad input naming the file and element path, and imports the rest', async () => {
    const before = await tablesSnapshot();
    const files = [
      fileFromBytes('malformed.xml', GOOD_XML.slice(0, 700).replaceAll('900000001', '910000001')),
      fileFromBytes('malformed.json', '{"reportId": "910000002", "incidentSummary": {'),
      fileFromBytes('xxe.xml', XXE),
      fileFromBytes('laughs.xml', BILLION_LAUGHS),
      // A 200 MB file is refused from its size alone: its bytes are never read.
      {
        name: 'huge.xml',
        size: 200 * 1024 * 1024,
        read: () => Promise.reject(new Error('must not be read')),
      },
      fileFromBytes('unknown.xml', SAMPLE_XML.replaceAll('900000001', '910000003')),
      fileFromBytes('date.xml', xmlWith('2024-01-15T21:30:00+07:00', '2024-13-01T00:00:00Z', '910000004')),
      fileFromBytes('age.xml', xmlWith('<age>13</age>', '<age>121</age>', '910000005')),
      fileFromBytes('good.xml', GOOD_XML.replaceAll('900000001', '910000006')),
    ];
    const summary = await run(files);
    expect(summary).toMatchObject({ files: 9, imported: 1, duplicates: 0, rejected: 8 });
    const why = Object.fromEntries(
      summary.results.map((r) => [r.file, r.errors.map((e) => `${e.path}: ${e.reason}`).join(' | ')]),
    );
    expect(summary.results.at(-1)).toMatchObject({ file: 'good.xml', outcome: 'imported', errors: [] });
    expect(why['malformed.xml']).toMatch(/^line \d+, column \d+: /);
    expect(why['malformed.json']).toMatch(/JSON|end/i);
    expect(why['xxe.xml']).toBe(
      'line 2, column 1: DOCTYPE declarations are not accepted (external entities and entity expansion are refused)',
    );
    expect(why['laughs.xml']).toMatch(/^line 2, column 1: DOCTYPE/);
    expect(why['huge.xml']).toBe(': larger than the 50 MiB limit per file (200 MiB)');
    expect(why['unknown.xml']).toMatch(
      /^report\/personOrUserReported\/favouriteColour: unknown element \(not imported/,
    );
    expect(why['date.xml']).toBe('report/incidentSummary/incidentDateTime: not a date (no such day)');
    expect(why['age.xml']).toBe('report/victim/victimPerson/age: impossible age 121 (must be 0–120)');

    // Nothing of the rejected reports exists: one new tip with its files, events and links only.
    const after = await tablesSnapshot();
    expect(after.tips).toBe(before.tips + 1);
    expect(await count(`tips WHERE external_ref LIKE '91000000%' AND external_ref <> '910000006'`)).toBe(0);
    expect(after.files).toBe(before.files + 2);
    expect(after.audit).toBe(before.audit + 2); // the tip's creation and the run
  });

  it('imports reports with unknown elements when asked, listing what was ignored', async () => {
    const summary = await run(
      [fileFromBytes('unknown.xml', SAMPLE_XML.replaceAll('900000001', '920000001'))],
      {
        allowUnknownElements: true,
      },
    );
    expect(summary.results[0]).toMatchObject({
      outcome: 'imported',
      errors: [{ path: 'report/personOrUserReported/favouriteColour', reason: 'unknown element, ignored' }],
    });
  });

  it('keeps each report all or nothing when the database refuses one in the middle of a batch', async () => {
    // A trigger stands in for any database failure after the tip row is written (files come later).
    await t.database.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.file_name = 'boom.jpg' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await t.database.query(
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON tip_files FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
    );
    try {
      const before = await tablesSnapshot();
      const ids = ['930000001', '930000002', '930000003'];
      const files = ids.map((id, i) =>
        fileFromBytes(
          `r${i}.xml`,
          (i === 1 ? GOOD_XML.replace('file-1.jpg', 'boom.jpg') : GOOD_XML).replaceAll('900000001', id),
        ),
      );
      const summary = await run(files, { batchSize: 10 });
      expect(summary.results.map((r) => r.outcome)).toEqual(['imported', 'rejected', 'imported']);
      expect(summary.results[1]!.errors[0]!.reason).toMatch(/^could not be stored \(database error/);
      expect(await count(`tips WHERE external_ref = '930000002'`)).toBe(0);
      const after = await tablesSnapshot();
      expect(after.tips).toBe(before.tips + 2);
      expect(after.files).toBe(before.files + 4);
      expect(after.audit).toBe(before.audit + 3);
    } finally {
      await t.database.query('DROP TRIGGER refuse_boom ON tip_files');
      await t.database.query('DROP FUNCTION refuse_boom()');
    }
  });

  it('imports a mixed folder of generated reports across batches, and again as duplicates', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-import-'));
    try {
      for (const g of generateReports(60, 77)) fs.writeFileSync(path.join(dir, g.fileName), g.text);
      fs.writeFileSync(path.join(dir, 'broken.xml'), '<report><reportId>1</reportId>');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a report: skipped by extension');
      const files = filesFromPaths([dir]);
      expect(files).toHaveLength(61);
      const first = await run(files, { batchSize: 25 });
      expect(first).toMatchObject({ files: 61, imported: 60, duplicates: 0, rejected: 1 });
      const broken = first.results.find((r) => r.file.endsWith('broken.xml'))!;
      expect(broken.errors[0]!.path).toMatch(/^line 1, column \d+$/);
      const second = await run(filesFromPaths([dir]), { batchSize: 25 });
      expect(second).toMatchObject({ imported: 0, duplicates: 60, rejected: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('lets own-agency importers run it and answers 404 to everyone else', async () => {
    const file = () => [fileFromBytes('x.json', SAMPLE_JSON)];
    const operator = actorFor(demo.byRole.hotline_operator);
    await expect(importCyberTipFiles(t.ctx, operator, file())).resolves.toMatchObject({ duplicates: 1 });
    for (const role of ['prosecutor', 'investigator', 'ngo_caseworker'] as const) {
      await expect(importCyberTipFiles(t.ctx, actorFor(demo.byRole[role]), file())).rejects.toMatchObject({
        code: 'not_found',
      });
    }
    const elsewhere = { ...operator, agencyId: demo.agencyIdByCode['KH-PP-SIEMREAP']! };
    await expect(importCyberTipFiles(t.ctx, elsewhere, file())).rejects.toMatchObject({ code: 'not_found' });
  });
});
