// `npm run bench -- audit-overhead [--seconds 10] [--database-url postgres://…]`
//
// What the in-transaction audit write costs a request: the same route — one transaction reading one
// user by id — measured without and with `recordAudit` in that transaction, through the whole
// Karpear HTTP stack on 127.0.0.1 with autocannon (10 connections), in one run. PGlite in memory by
// default. Writes bench/results/audit-overhead[-postgres].json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { recordAudit } from '../server/src/audit/index.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { createFieldCipher, createSecretBox, ephemeralKeyring } from '../server/src/platform/crypto/index.ts';
import { type DatabaseHandle, migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';
import { buildApp } from '../server/src/platform/http/app.ts';
import { createLogger } from '../server/src/platform/logger.ts';

const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, 'database-url': { type: 'string' } },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = 10;
const watchdog = setTimeout(() => {
  console.error('audit-overhead: watchdog fired, stopping');
  process.exit(1);
}, 180_000);
watchdog.unref();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-'));
const database: DatabaseHandle = args['database-url']
  ? await openPostgres(args['database-url'], 10)
  : await openPglite();
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
  secrets: createSecretBox(keyring.keks),
  fields: createFieldCipher(keyring.keks),
};
const { app } = await buildApp(ctx);
const [user] = await database.query<{ id: string; agency_id: string }>(
  'SELECT id, agency_id FROM users LIMIT 1',
);

// The measured route, registered for this run only: a read in a transaction, audited or not.
for (const audited of [false, true]) {
  app.get(
    `/api/bench/read-${audited ? 'audited' : 'plain'}`,
    { config: { access: { public: 'benchmark' } } },
    async (request) =>
      database.db.transaction(async (tx) => {
        const rows = await tx.execute(sql`SELECT id, display_name, roles FROM users WHERE id = ${user!.id}`);
        if (audited) {
          await recordAudit(tx, {
            at: systemClock.now(),
            actorId: user!.id,
            agencyId: user!.agency_id,
            action: 'read',
            objectType: 'user',
            objectId: user!.id,
            outcome: 'success',
            ip: request.ip,
            requestId: request.id,
          });
        }
        return { n: (rows as unknown as { rows: unknown[] }).rows.length };
      }),
  );
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

try {
  const results: Record<string, { requestsPerSecond: number; p50: number; p99: number; non2xx: number }> = {};
  for (const name of ['plain', 'audited', 'plain', 'audited']) {
    const r = await autocannon({
      url: `${base}/api/bench/read-${name}`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    // Two rounds each, interleaved; the better round counts (the first warms the JIT and the database).
    const row = {
      requestsPerSecond: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
    };
    if (!results[name] || row.requestsPerSecond > results[name].requestsPerSecond) results[name] = row;
    console.log(
      `${name}: ${row.requestsPerSecond} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.non2xx} non-2xx`,
    );
  }
  const plain = results.plain!;
  const audited = results.audited!;
  const [{ n: events }] = (await database.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log',
  )) as [{ n: number }];
  const out = {
    benchmark: 'audit-overhead',
    at: new Date().toISOString(),
    engine: database.engine,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    connections: CONNECTIONS,
    secondsPerRound: SECONDS,
    route: 'GET one user by id in a transaction (full HTTP stack)',
    withoutAudit: plain,
    withAudit: audited,
    auditEventsWritten: events,
    overhead: {
      perRequestMs: +(1000 / audited.requestsPerSecond - 1000 / plain.requestsPerSecond).toFixed(3),
      throughputRatio: +(audited.requestsPerSecond / plain.requestsPerSecond).toFixed(3),
      p50DeltaMs: audited.p50 - plain.p50,
    },
  };
  console.log(JSON.stringify(out, null, 2));
  const file = fileURLToPath(
    new URL(
      `./results/audit-overhead${database.engine === 'postgres' ? '-postgres' : ''}.json`,
      import.meta.url,
    ),
  );
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
