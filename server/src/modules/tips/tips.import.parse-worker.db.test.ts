import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReports } from '../../../../bench/generators/cybertip.ts';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoIndex } from '../../../test/authz/demo.ts';
import { SAMPLE_XML } from './cybertip/fixtures.ts';
import { fileFromBytes } from './import/files.ts';
import { type ImportFile, importCyberTipFiles } from './import/import.service.ts';

/**
 * The import with parsing on a worker thread (tips.import.parse-pool.ts) files exactly what the
 * in-thread import files: same outcomes per file, same rows, and a bad file still rejected alone with
 * its element path, while batches are parsed ahead of the one being written.
 */
let inThread: TestApp;
let onWorker: TestApp;

beforeAll(async () => {
  [inThread, onWorker] = await Promise.all([createTestApp(), createTestApp()]);
  await seedDemoIndex(inThread.database);
  await seedDemoIndex(onWorker.database);
}, 60_000);
afterAll(async () => {
  await inThread?.close();
  await onWorker?.close();
});

function filesOf(): ImportFile[] {
  const files = [...generateReports(45, 7)].map((g) => fileFromBytes(g.fileName, g.text));
  // A broken report and an oversized one in the middle of a batch: rejected alone, in their place.
  files.splice(11, 0, fileFromBytes('broken.xml', '<report><reportId>1</reportId>'));
  files.splice(30, 0, { name: 'huge.xml', size: 1 << 30, read: async () => new Uint8Array(0) });
  // The same report twice: the second answers duplicate.
  files.push(fileFromBytes('sample.xml', SAMPLE_XML));
  files.push(fileFromBytes('sample-again.xml', SAMPLE_XML));
  return files;
}

async function snapshot(t: TestApp) {
  const q = async (sql: string) => t.database.query<Record<string, unknown>>(sql);
  return {
    tips: await q(
      `SELECT external_ref, source_key, proposed_priority, triage_reasons, narrative, province, suspect,
              suspect_names, child_age_min, child_age_max, escalation_flag, source_document
       FROM tips ORDER BY reference`,
    ),
    links: await q(
      `SELECT i.kind, i.value, i.stop_listed, i.record_count, l.role, l.source, t.external_ref
       FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id JOIN tips t ON t.id = l.record_id
       ORDER BY t.external_ref, i.kind, i.value, l.role`,
    ),
    files: await q(
      `SELECT t.external_ref, f.file_name, f.hash, f.locked FROM tip_files f JOIN tips t ON t.id = f.tip_id
       ORDER BY t.external_ref, f.file_name, f.hash`,
    ),
    audit: await q(`SELECT action, count(*)::int AS n FROM audit_log GROUP BY action ORDER BY action`),
  };
}

describe('importCyberTipFiles with the parse worker', () => {
  it('files the same tips, links, files and results as parsing on the import thread', async () => {
    const options = { batchSize: 8, allowUnknownElements: true };
    const a = await importCyberTipFiles(inThread.ctx, null, filesOf(), undefined, {
      ...options,
      parseWorker: false,
    });
    const b = await importCyberTipFiles(onWorker.ctx, null, filesOf(), undefined, {
      ...options,
      parseWorker: true,
    });
    const outcomes = (s: typeof a) => s.results.map((r) => [r.file, r.outcome, r.errors]);
    expect(outcomes(b)).toEqual(outcomes(a));
    expect(a).toMatchObject({ files: 49, imported: 46, duplicates: 1, rejected: 2 });
    expect(b).toMatchObject({ imported: a.imported, duplicates: a.duplicates, rejected: a.rejected });
    expect(a.results[11]).toMatchObject({ file: 'broken.xml', outcome: 'rejected' });
    expect(a.results[11]!.errors[0]!.path).not.toBe(undefined);
    expect(a.results[30]).toMatchObject({ file: 'huge.xml', outcome: 'rejected' });
    expect(await snapshot(onWorker)).toEqual(await snapshot(inThread));
  }, 120_000);

  it('re-importing the same files through the worker changes nothing', async () => {
    const before = await snapshot(onWorker);
    const again = await importCyberTipFiles(onWorker.ctx, null, filesOf(), undefined, {
      batchSize: 8,
      allowUnknownElements: true,
      parseWorker: true,
    });
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(47);
    const after = await snapshot(onWorker);
    expect(after.tips).toEqual(before.tips);
    expect(after.links).toEqual(before.links);
    // Only the run's own audit event is added.
    const runs = (s: typeof after) => s.audit.find((r) => r.action === 'tips.import_run')?.n;
    expect(runs(after)).toBe(Number(runs(before)) + 1);
  }, 120_000);

  it('stops at the abort signal, dropping what was parsed ahead, and writes no run event', async () => {
    const controller = new AbortController();
    let batches = 0;
    const before = await snapshot(onWorker);
    const stopped = importCyberTipFiles(onWorker.ctx, null, filesOf(), undefined, {
      batchSize: 8,
      allowUnknownElements: true,
      parseWorker: true,
      signal: controller.signal,
      onBatch: async () => {
        batches += 1;
        controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow('The import was stopped');
    expect(batches).toBe(1);
    expect((await snapshot(onWorker)).audit).toEqual(before.audit);
  }, 120_000);
});
