import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKarpear } from '../../test/karpear-cli.ts';
import { SAMPLE_JSON, SAMPLE_XML } from '../modules/tips/cybertip/fixtures.ts';

/**
 * `karpear import cybertip` as an operator runs it: the real command in a child process on a
 * temporary data folder (embedded database), output piped (so plain lines, no progress bar).
 */
const GOOD_XML = SAMPLE_XML.replace('<favouriteColour>unknown element</favouriteColour>', '');

const karpear = (args: string[], timeoutMs = 170_000) => runKarpear(args, { timeoutMs });

let dataDir: string;
let reports: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-import-cli-'));
  reports = path.join(dataDir, 'incoming');
  fs.mkdirSync(path.join(reports, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(reports, 'a.xml'), GOOD_XML);
  fs.writeFileSync(path.join(reports, 'nested', 'b.json'), SAMPLE_JSON);
  fs.writeFileSync(
    path.join(reports, 'c-bad-date.xml'),
    GOOD_XML.replace('2024-01-15T21:30:00+07:00', '2024-02-30T00:00:00Z').replaceAll(
      '900000001',
      '900000003',
    ),
  );
  // The intake agency must exist: the demo data brings it.
  const demo = await karpear(['demo', '--data-dir', dataDir]);
  expect(demo.code, demo.stderr).toBe(0);
}, 180_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('karpear import cybertip', () => {
  it('imports a folder, one line per file with the rejection path and reason, exit 1 when some failed', async () => {
    const r = await karpear(['import', 'cybertip', reports, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n');
    // Lines come as files finish: rejections at once, imports when their batch commits.
    expect(lines.slice(0, 3).sort()).toEqual([
      `imported  ${path.join(reports, 'a.xml')}`,
      `imported  ${path.join(reports, 'nested', 'b.json')}`,
      `rejected  ${path.join(reports, 'c-bad-date.xml')}: report/incidentSummary/incidentDateTime: not a date (no such day)`,
    ]);
    expect(lines[3]).toMatch(/^3 file\(s\): 2 imported, 0 duplicate\(s\), 1 rejected \(/);
    expect(lines).toHaveLength(4);
  }, 180_000);

  it('changes nothing on a re-import and exits 0 when every file is known', async () => {
    const r = await karpear([
      'import',
      'cybertip',
      path.join(reports, 'a.xml'),
      path.join(reports, 'nested'),
      '--data-dir',
      dataDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`duplicate ${path.join(reports, 'a.xml')}`);
    expect(r.stdout).toMatch(/2 file\(s\): 0 imported, 2 duplicate\(s\), 0 rejected/);
  }, 180_000);

  it('exits 2 with a one-line reason for a path that does not exist or no argument', async () => {
    const missing = await karpear([
      'import',
      'cybertip',
      path.join(dataDir, 'nope.xml'),
      '--data-dir',
      dataDir,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`karpear: ${path.join(dataDir, 'nope.xml')}: no such file or folder`);
    const none = await karpear(['import', 'cybertip', '--data-dir', dataDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'paths'/);
  }, 60_000);
});
