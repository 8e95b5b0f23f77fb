#!/usr/bin/env node
// Reads Vitest's JSON report and prints the closing line of `npm test`, alone on the last line:
//   "N passed, N failed" or "N passed, N failed, N skipped"
// summed over every Vitest project. A test file that failed outside any test (import error, failing
// beforeAll/afterAll) counts as one failed test, so a broken file can never look green.
//
// Usage: node scripts/summarise-tests.mjs <report.json> [vitest-exit-code]
// Exit code: 0 only when the report exists, at least one test ran, nothing failed and Vitest exited 0.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [reportPath = '.test-results/vitest.json', vitestExitArg = '0'] = process.argv.slice(2);
const vitestExit = Number(vitestExitArg);

function finish(passed, failed, skipped, problems) {
  for (const problem of problems) console.log(`test summary: ${problem}`);
  const line = `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
  console.log(line);
  process.exit(problems.length > 0 || failed > 0 ? 1 : 0);
}

if (!existsSync(reportPath)) {
  finish(0, 0, 0, [
    `Vitest wrote no report (${reportPath}): it crashed before running tests (exit ${vitestExit})`,
  ]);
}

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
  finish(0, 0, 0, [`cannot read ${reportPath}: ${error instanceof Error ? error.message : String(error)}`]);
}

/** Which tier a file belongs to, by the fixed names of ARCHITECTURE.md convention 8. */
function tierOf(file) {
  if (/\.db\.test\.tsx?$/.test(file)) return 'db';
  if (/\.spec\.tsx?$/.test(file)) return 'e2e';
  return 'unit';
}

let passed = 0;
let failed = 0;
let skipped = 0;
const tiers = new Map();
const failures = [];
for (const file of report.testResults ?? []) {
  const name = relative(process.cwd(), file.name);
  const tier = tiers.get(tierOf(name)) ?? { files: 0, passed: 0, failed: 0, skipped: 0 };
  tiers.set(tierOf(name), tier);
  tier.files += 1;
  let fileFailed = 0;
  for (const test of file.assertionResults ?? []) {
    if (test.status === 'passed') {
      passed += 1;
      tier.passed += 1;
    } else if (test.status === 'failed') {
      failed += 1;
      fileFailed += 1;
      tier.failed += 1;
      failures.push(`${name} > ${test.fullName}`);
    } else {
      skipped += 1;
      tier.skipped += 1;
    }
  }
  if (file.status === 'failed' && fileFailed === 0) {
    failed += 1;
    tier.failed += 1;
    failures.push(
      `${name} (file failed outside its tests: ${String(file.message || 'see above').split('\n')[0]})`,
    );
  }
}

console.log('');
for (const [tier, t] of [...tiers].sort()) {
  const note = tier === 'db' ? ' (each file once per engine)' : '';
  console.log(
    `  ${tier.padEnd(5)} ${t.files} file(s): ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${note}`,
  );
}
if (failures.length > 0) {
  console.log('Failed:');
  for (const failure of failures) console.log(`  ✗ ${failure}`);
}

const problems = [];
if (passed + failed === 0) problems.push('no test ran: a suite that tests nothing does not pass');
if (vitestExit !== 0 && failed === 0) {
  problems.push(
    `Vitest exited with code ${vitestExit} although no test failed (errors outside tests; see above)`,
  );
}
finish(passed, failed, skipped, problems);
