// `npx tsx bench/tips-import-profile.ts [--reports 3000] [--warm 1000] [--batch-size 200] [--drop SQL]…`
//
// Where the CPU of a batched CyberTipline import goes (PERFORMANCE.md §2), on a throwaway PGlite
// database: every statement PGlite runs is timed with process.cpuUsage and filed under a group named
// after its SQL (tips insert, identifier upsert, links, deconfliction reads, audit…); the rest of the
// batch's CPU is JavaScript (mapping, planning, drizzle). `--drop` runs DDL first (drop an index or a
// constraint) to price what that index costs the import: compare the groups with and without it.
// Reports are generated and parsed before the timed part; `--warm` reports are imported untimed first
// so the tables are not empty.
import fs from 'node:fs';
import inspector from 'node:inspector';
import { parseArgs } from 'node:util';
import { openTipsScratch } from './_tips-scratch.ts';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '3000' },
    warm: { type: 'string', default: '1000' },
    'batch-size': { type: 'string', default: '200' },
    drop: { type: 'string', multiple: true, default: [] },
    /** Write a V8 CPU profile of the timed part only (open in Chrome DevTools). */
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(args.reports);
const WARM = Number(args.warm);
const BATCH = Number(args['batch-size']);

const { insertTips } = await import('../server/src/modules/tips/tips.intake.batch.ts');

/** Statement group by its SQL text: first match wins. */
const GROUPS: Array<[string, RegExp]> = [
  ['tips insert', /^insert into "tips"/i],
  ['tip_files insert', /^insert into "tip_files"/i],
  ['tip_events insert', /^insert into "tip_events"/i],
  ['audit (chain head + insert)', /audit_log/i],
  ['identifiers insert (new)', /^\s*insert into identifiers/i],
  ['identifiers update (counts)', /^\s*update identifiers/i],
  ['identifier_links insert', /^\s*insert into identifier_links/i],
  ['identifiers lock (FOR UPDATE)', /for update of i/i],
  ['merge redirects (entity_merges)', /entity_merges/i],
  [
    'links of records (read)',
    /select l\.identifier_id, l\.record_type, l\.record_id, l\.role from identifier_links l/i,
  ],
  ['deconfliction read', /with recs as/i],
  ['deconfliction per record', /identifier_links|deconfliction/i],
  ['source keys (duplicates)', /"source_key" in/i],
  ['reference numbers', /tip_reference_seq/i],
  ['register passports', /register_passports/i],
  ['tip count (share rule)', /count\(\*\)/i],
  ['transaction control', /^(begin|commit|rollback|savepoint|release)/i],
];

const { database, deps, audit, generatedTips, close } = await openTipsScratch(
  'karpear-tips-profile-',
  async (q) => {
    for (const ddl of args.drop) {
      await q(ddl);
      console.log(`dropped: ${ddl}`);
    }
  },
);
try {
  const parseCpu = process.cpuUsage();
  const tips = [...generatedTips(WARM + N)];
  const parseUsed = process.cpuUsage(parseCpu);
  console.log(`generated + parsed + mapped ${tips.length}: ${cpuMs(parseUsed).toFixed(0)} ms CPU`);

  // Every protocol message passes through execProtocolStream; a Parse ('P') or simple Query ('Q')
  // message names the statement the following messages belong to.
  const client = database.client as unknown as {
    execProtocolStream: (m: Uint8Array, o?: unknown) => Promise<unknown>;
  };
  const original = client.execProtocolStream.bind(client);
  let timing = false;
  let current = 'other';
  const spent = new Map<string, { cpu: number; statements: number }>();
  client.execProtocolStream = async (message, options) => {
    if (message[0] === 0x50 || message[0] === 0x51) {
      current = groupOf(sqlOf(message));
      if (timing) bucket(current).statements += 1;
    }
    const before = process.cpuUsage();
    try {
      return await original(message, options);
    } finally {
      if (timing) bucket(current).cpu += cpuMs(process.cpuUsage(before));
    }
  };

  // Batches filed tip by tip (`insertTips` falls back: two holders, or the share rule flipping).
  const fellBack: string[] = [];
  const importRange = async (from: number, to: number) => {
    for (let i = from; i < to; i += BATCH) {
      const batch = tips.slice(i, Math.min(i + BATCH, to));
      await database.db.transaction((tx) =>
        insertTips(deps, tx, batch, audit, { fellBack: (why) => fellBack.push(`${i}:${why}`) }),
      );
    }
  };
  await importRange(0, WARM);
  const session = args['cpu-prof'] ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
  }
  timing = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await importRange(WARM, WARM + N);
  const wall = performance.now() - started;
  const total = cpuMs(process.cpuUsage(cpu));
  timing = false;
  if (session) {
    const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(args['cpu-prof']!, JSON.stringify(profile));
    session.disconnect();
  }

  const db = [...spent.values()].reduce((n, s) => n + s.cpu, 0);
  console.log(
    `\n${N} reports after ${WARM}, batches of ${BATCH}: ${total.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`,
  );
  console.log(`= ${Math.round(N / (total / 1000))} reports per CPU-s (DB write path only, parse excluded)`);
  console.log(`batches filed tip by tip: ${fellBack.length} (${fellBack.join(' ')})`);
  console.log('group                              CPU ms   µs/report  statements');
  const rows = [...spent.entries()].sort((a, b) => b[1].cpu - a[1].cpu);
  rows.push(['JavaScript (outside statements)', { cpu: total - db, statements: 0 }]);
  for (const [name, s] of rows) {
    console.log(
      `${name.padEnd(34)} ${s.cpu.toFixed(0).padStart(7)} ${((s.cpu * 1000) / N).toFixed(0).padStart(10)} ${String(s.statements).padStart(10)}`,
    );
  }
  if (process.env.PROFILE_JSON) {
    fs.writeFileSync(
      process.env.PROFILE_JSON,
      JSON.stringify({ drop: args.drop, total, wall, groups: Object.fromEntries(rows) }, null, 2),
    );
  }

  function bucket(name: string) {
    const b = spent.get(name) ?? { cpu: 0, statements: 0 };
    spent.set(name, b);
    return b;
  }
} finally {
  await close();
}

function post(session: inspector.Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function sqlOf(message: Uint8Array): string {
  // 'P' int32 len, name\0, query\0 … ; 'Q' int32 len, query\0.
  let at = 5;
  if (message[0] === 0x50) while (message[at] !== 0) at++;
  if (message[0] === 0x50) at++;
  let end = at;
  while (end < message.length && message[end] !== 0) end++;
  return Buffer.from(message.subarray(at, Math.min(end, at + 400))).toString('utf8');
}

function groupOf(text: string): string {
  for (const [name, re] of GROUPS) if (re.test(text)) return name;
  return `other: ${text.replace(/\s+/g, ' ').slice(0, 40)}`;
}
