import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKarpear } from '../../test/karpear-cli.ts';

/**
 * `karpear screen` as an officer runs it: the real command in a child process, temporary files, output
 * piped (no progress bar). With --watchlist it must not open (or create) a database.
 */
const karpear = (args: string[], timeoutMs = 120_000) => runKarpear(args, { timeoutMs });

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-screen-cli-'));
  fs.writeFileSync(
    file('list.csv'),
    'id,full_name,aliases,dob,nationality,passport_country,passport_number\n' +
      'W1,John Michael SMITH,Johnny Smith,1970-03-12,US,US,123456789\n' +
      'W2,Sok Dara,សុខ ដារ៉ា,1980-12-03,KH,,\n',
  );
  fs.writeFileSync(
    file('clean.csv'),
    'id,given_name,family_name,dob,nationality,passport_country,passport_number\n' +
      'A1,Dara,Sok,1980-03-12,KHM,,\n' +
      'A2,Maria,Garcia,1991-07-04,ES,,\n' +
      'A3,Someone,Else,1960,GB,US,123456789\n',
  );
  fs.writeFileSync(
    file('mixed.csv'),
    'id,full_name,dob,nationality\nB1,"SMITH, John",1970-03-12,USA\nB2,,1970-01-01,\nB3,Ann Lee,1999-13-01,\n',
  );
  fs.writeFileSync(file('bad-header.csv'), 'id,name,dob\nC1,John Smith,1970\n');
}, 30_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('karpear screen --watchlist', () => {
  it('writes the hits file with the exact header and exits 0 when every line was screened', async () => {
    const dataDir = file('never-created');
    const run = await karpear([
      'screen',
      '--input',
      file('clean.csv'),
      '--watchlist',
      file('list.csv'),
      '--out',
      file('hits.csv'),
      '--data-dir',
      dataDir,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = fs.readFileSync(file('hits.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('input_id,watchlist_id,score,decision,reasons');
    const rows = lines.slice(1).map((l) => l.split(',').slice(0, 4));
    // A1 is W2 with day and month swapped; A3 carries W1's passport: always a hit, score 1.
    expect(rows).toEqual([
      ['A1', 'W2', expect.any(String), expect.stringMatching(/^(hit|review)$/)],
      ['A3', 'W1', '1.000', 'hit'],
    ]);
    expect(fs.readFileSync(file('hits.rejects.csv'), 'utf8')).toBe('file,line,column,reason\n');
    expect(run.stdout).toMatch(/3 line\(s\): 3 screened against 2 list entries, 0 rejected/);
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 150_000);

  it('lists bad lines in the rejects file (path of --rejects), screens the good ones and exits 1', async () => {
    const run = await karpear([
      'screen',
      '--input',
      file('mixed.csv'),
      '--watchlist',
      file('list.csv'),
      '--out',
      file('mixed-hits.csv'),
      '--rejects',
      file('mixed-rejects.csv'),
      '--review-threshold',
      '0.85',
    ]);
    expect(run.code).toBe(1);
    expect(fs.readFileSync(file('mixed-hits.csv'), 'utf8')).toMatch(/^input_id,.*\nB1,W1,/);
    expect(fs.readFileSync(file('mixed-rejects.csv'), 'utf8').trim().split('\n')).toEqual([
      'file,line,column,reason',
      'mixed.csv,3,full_name,"no name: full_name, or given_name/family_name, is required"',
      'mixed.csv,4,dob,"\'1999-13-01\' is not a possible date (use YYYY-MM-DD, YYYY-MM or YYYY)"',
    ]);
  }, 150_000);

  it('refuses a wrong header naming the column (exit 1) and bad usage (exit 2)', async () => {
    // Three processes at once: each start-up is most of the cost.
    const [header, missing, thresholds, workers] = await Promise.all([
      karpear([
        'screen',
        '--input',
        file('bad-header.csv'),
        '--watchlist',
        file('list.csv'),
        '--out',
        file('h3.csv'),
      ]),
      karpear(['screen', '--input', file('nope.csv'), '--out', file('h4.csv')]),
      karpear([
        'screen',
        '--input',
        file('clean.csv'),
        '--watchlist',
        file('list.csv'),
        '--out',
        file('h5.csv'),
        '--hit-threshold',
        '0.7',
      ]),
      karpear([
        'screen',
        '--input',
        file('clean.csv'),
        '--watchlist',
        file('list.csv'),
        '--out',
        file('h6.csv'),
        '--workers',
        '0',
      ]),
    ]);
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/line 1: unknown column 'name'/);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--input: no such file/);

    expect(thresholds.code).toBe(2);
    expect(thresholds.stderr).toMatch(/REVIEW_THRESHOLD \(0.8\) must not be above/);

    expect(workers.code).toBe(2);
    expect(workers.stderr).toMatch(/--workers must be a whole number from 1 to 64, got "0"/);
    expect(fs.existsSync(file('h6.csv'))).toBe(false);
  }, 150_000);

  it('writes the same hits file on 1 and on 3 worker threads (input order kept)', async () => {
    // Enough rows for several chunks of 500 per worker, hits spread through the file.
    let text = 'id,full_name,dob,nationality,passport_country,passport_number\n';
    for (let i = 0; i < 3000; i++) {
      if (i % 250 === 0) text += `P${i},Someone ${i},1980,GB,US,123456789\n`;
      else if (i % 333 === 0) text += `D${i},Dara Sok,1980-03-12,KH,,\n`;
      else text += `N${i},Traveller Number${i},19${50 + (i % 50)}-01-01,FR,,\n`;
    }
    fs.writeFileSync(file('many.csv'), text);
    const run = (workers: string, out: string) =>
      karpear([
        'screen',
        '--input',
        file('many.csv'),
        '--watchlist',
        file('list.csv'),
        '--out',
        file(out),
        '--workers',
        workers,
      ]);
    const [one, three] = await Promise.all([run('1', 'many-1.csv'), run('3', 'many-3.csv')]);
    expect([one.code, three.code], one.stderr + three.stderr).toEqual([0, 0]);
    const hits = fs.readFileSync(file('many-1.csv'), 'utf8');
    expect(hits.trim().split('\n').length).toBeGreaterThan(20);
    expect(hits.split('\n')[1]).toMatch(/^P0,W1,1\.000,hit,/);
    expect(fs.readFileSync(file('many-3.csv'), 'utf8')).toBe(hits);
  }, 150_000);
});

describe('karpear screen against the register', () => {
  it('stores and alerts the hits, writes call references, and keeps the register names out of the file', async () => {
    const dataDir = file('data');
    const demo = await karpear(['demo', '--data-dir', dataDir], 170_000);
    expect(demo.code, demo.stderr).toBe(0);
    fs.writeFileSync(
      file('arrivals-reg.csv'),
      'id,full_name,dob,passport_country,passport_number\nR1,"MCDEMO, Testy",1958-04-12,,\nR2,Someone,1980,GB,ZZ0000101\nR3,Plain Person,1990-01-01,,\n',
    );
    const run = await karpear(
      ['screen', '--input', file('arrivals-reg.csv'), '--out', file('reg-hits.csv'), '--data-dir', dataDir],
      170_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const hits = fs.readFileSync(file('reg-hits.csv'), 'utf8');
    const rows = hits
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['R1', expect.stringMatching(/^HIT-[0-9A-F]{8}$/)],
      ['R2', expect.stringMatching(/^HIT-[0-9A-F]{8}$/)],
    ]);
    expect(hits).not.toMatch(/Placeholder|ZZ0000101/);
    expect(run.stdout).toMatch(
      /3 line\(s\): 3 screened against \d+ list entries, 0 rejected; .*\(2 pair\(s\) in reg-hits\.csv\)/,
    );
  }, 400_000);
});
