// `npx tsx bench/authz-throughput.ts`: requests per second of an authenticated route through the
// session resolver and the policy engine, against a real listening server on 127.0.0.1, with
// GET /api/health (no session, no policy) as the baseline in the same run. Bounded: 3 × 10 s, a
// watchdog ends the process after 3 minutes whatever happens. Writes bench/results/authz-throughput.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type Actor, can, createSession, sessionCookieName } from '../server/src/access/index.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { findUserByEmail } from '../server/src/modules/users/index.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { createFieldCipher, createSecretBox, ephemeralKeyring } from '../server/src/platform/crypto/index.ts';
import { migrate, openPglite } from '../server/src/platform/db/index.ts';
import { buildApp } from '../server/src/platform/http/app.ts';
import { createLogger } from '../server/src/platform/logger.ts';

const DURATION_S = 10;
const CONNECTIONS = 10;
const watchdog = setTimeout(() => {
  console.error('authz-throughput: watchdog fired, stopping');
  process.exit(1);
}, 180_000);
watchdog.unref();

/** The policy decision alone (no HTTP, no database): record-level checks per second. */
function policyChecksPerSecond(): number {
  const actor: Actor = {
    userId: 'u',
    agencyId: 'a',
    agencyType: 'police',
    unitId: null,
    roles: ['investigator'],
    sessionId: 's',
    stepUpAt: new Date(0),
    ip: null,
    requestId: null,
  };
  const own = { type: 'agency', id: 'a', agencyId: 'a' };
  const other = { type: 'agency', id: 'b', agencyId: 'b' };
  let allowed = 0;
  const n = 1_000_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) if (can(actor, 'agencies.read', i % 2 === 0 ? own : other)) allowed++;
  const seconds = (performance.now() - started) / 1000;
  if (allowed !== n / 2) throw new Error('policy check gave a wrong answer');
  return Math.round(n / seconds);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-'));
const database = await openPglite();
await migrate(database);
await seedDemo(database, dataDir);
const config = loadConfig({ mode: 'test', logLevel: 'silent', host: '127.0.0.1', port: 0, dataDir }, {});
const keyring = ephemeralKeyring();
const ctx = {
  config,
  database,
  clock: systemClock,
  logger: createLogger('silent'),
  version: 'bench',
  keyring,
  secrets: createSecretBox(keyring.kek),
  fields: createFieldCipher(keyring.keks),
};
const { app } = await buildApp(ctx);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

try {
  const user = (await findUserByEmail(database.db, 'investigator@demo.karpear.test'))!;
  const { token } = await createSession(ctx, database.db, user.id, '127.0.0.1');
  const headers = { cookie: `${sessionCookieName(config)}=${token}`, accept: 'application/json' };
  const targets = [
    { name: 'GET /api/health (baseline: no session, no policy)', url: `${base}/api/health`, headers: {} },
    {
      name: 'GET /api/v1/agencies/{own} (session + policy + row)',
      url: `${base}/api/v1/agencies/${user.agencyId}`,
      headers,
    },
    { name: 'GET /api/v1/me (session + policy)', url: `${base}/api/v1/me`, headers },
  ];
  const policyChecks = policyChecksPerSecond();
  console.log(`policy engine alone (can(), in process): ${policyChecks.toLocaleString('en')} checks/s`);
  const results = [];
  for (const target of targets) {
    const probe = await fetch(target.url, { headers: target.headers });
    if (probe.status !== 200) {
      console.log(`${target.name}: skipped (answers ${probe.status})`);
      continue;
    }
    const r = await autocannon({
      url: target.url,
      headers: target.headers,
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    const row = {
      route: target.name,
      requestsPerSecond: Math.round(r.requests.average),
      latencyP50Ms: r.latency.p50,
      latencyP99Ms: r.latency.p99,
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
    };
    results.push(row);
    console.log(
      `${row.route}: ${row.requestsPerSecond} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, ` +
        `${row.requests} requests, ${row.non2xx} non-2xx, ${row.errors} errors`,
    );
  }
  const out = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    policyChecksPerSecond: policyChecks,
    engine: 'pglite (in-memory)',
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    results,
  };
  const file = fileURLToPath(new URL('./results/authz-throughput.json', import.meta.url));
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
