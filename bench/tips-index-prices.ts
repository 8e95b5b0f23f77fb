// `npx tsx bench/tips-index-prices.ts [--reports 1200] [--rounds 6]`
//
// What each index and foreign key costs the tip import (PERFORMANCE.md §2), priced robustly on a
// loaded machine: after a real import of `--reports` generated reports into a throwaway PGlite,
// shadow copies of the written tables are made — one with every index and constraint, and one per
// variant with one index (or the foreign keys) left out — and the same batches of real rows are
// inserted into each copy in turn, round after round, timing each insert with process.cpuUsage.
// Interleaving the variants puts them under the same load, so their difference is the upkeep of what
// the variant lacks. Printed per report (rows per report × cost per row).
import { parseArgs } from 'node:util';
import { openTipsScratch, type ScratchTip } from './_tips-scratch.ts';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '1200' },
    rounds: { type: 'string', default: '6' },
  },
});
const N = Number(args.reports);
const ROUNDS = Number(args.rounds);

const { insertTips } = await import('../server/src/modules/tips/tips.intake.batch.ts');

interface Variant {
  name: string;
  /** `IDX:<text>` drops the copy's index whose definition holds the text; `FKS` leaves out the foreign keys. */
  ddl: string[];
}
interface Subject {
  table: string;
  /** Foreign keys of the real table, re-added to every copy (LIKE does not copy them). */
  fks: string[];
  variants: Variant[];
}

const SUBJECTS: Subject[] = [
  {
    table: 'tips',
    fks: [
      'FOREIGN KEY (agency_id) REFERENCES agencies(id)',
      'FOREIGN KEY (unit_id) REFERENCES units(id)',
      'FOREIGN KEY (assignee_id) REFERENCES users(id)',
      'FOREIGN KEY (created_by) REFERENCES users(id)',
    ],
    variants: [
      { name: 'all', ddl: [] },
      { name: 'no narrative FTS GIN', ddl: ['IDX:to_tsvector'] },
      { name: 'no suspect-names trigram GIN', ddl: ['IDX:suspect_names gin_trgm_ops'] },
      {
        name: 'no 7 queue btrees',
        ddl: [
          'IDX:(status, sla_due_at)',
          'IDX:(received_at)',
          'IDX:(priority, sla_due_at)',
          'IDX:(unit_id, status)',
          'IDX:(assignee_id, status)',
          'IDX:(province, status)',
          'IDX:(agency_id, status)',
        ],
      },
      { name: 'no 4 foreign keys', ddl: ['FKS'] },
    ],
  },
  {
    table: 'identifiers',
    fks: [],
    variants: [
      { name: 'all', ddl: [] },
      { name: 'no value trigram GIN', ddl: ['IDX:value gin_trgm_ops'] },
    ],
  },
  {
    table: 'identifier_links',
    fks: ['FOREIGN KEY (identifier_id) REFERENCES identifiers(id)'],
    variants: [
      { name: 'all', ddl: [] },
      { name: 'no identifier foreign key', ddl: ['FKS'] },
      { name: 'no (record_type, record_id) btree', ddl: ['IDX:(record_type, record_id)'] },
    ],
  },
  {
    table: 'audit_log',
    fks: [],
    variants: [
      { name: 'all', ddl: [] },
      {
        name: 'no 3 audit btrees',
        ddl: ['IDX:(actor_id, at)', 'IDX:(object_type, object_id)', 'IDX:btree (at)'],
      },
    ],
  },
];

const { database, deps, audit, generatedTips, close } = await openTipsScratch('karpear-tips-prices-');
try {
  let batch: ScratchTip[] = [];
  for (const tip of generatedTips(N)) {
    batch.push(tip);
    if (batch.length === 200) {
      const b = batch;
      await database.db.transaction((tx) => insertTips(deps, tx, b, audit));
      batch = [];
    }
  }
  if (batch.length > 0) await database.db.transaction((tx) => insertTips(deps, tx, batch, audit));
  const q = async (text: string) => database.query<Record<string, unknown>>(text);
  const count = async (t: string) => Number((await q(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n);
  const tipsCount = await count('tips');
  console.log(`imported ${tipsCount} tips; pricing on copies of their rows, ${ROUNDS} rounds\n`);

  console.log(
    'table             variant                                µs/row   rows/report  µs/report  vs all',
  );
  for (const s of SUBJECTS) {
    const rows = await count(s.table);
    const perReport = rows / tipsCount;
    // A copy with a sortable row number, so each round inserts a fresh slice of the same rows.
    await q(`CREATE TEMP TABLE src AS SELECT row_number() OVER () AS rn, x.* FROM ${s.table} x`);
    const copies = [];
    for (const [k, v] of s.variants.entries()) {
      const t = `price_${s.table}_${k}`;
      await q(`CREATE TABLE ${t} (LIKE ${s.table} INCLUDING ALL)`);
      if (!v.ddl.includes('FKS')) for (const fk of s.fks) await q(`ALTER TABLE ${t} ADD ${fk}`);
      for (const d of v.ddl) {
        if (!d.startsWith('IDX:')) continue;
        // LIKE names the copied indexes itself: find the one whose definition has this text.
        const found = await q(
          `SELECT indexname FROM pg_indexes WHERE tablename = '${t}' AND indexdef LIKE '%${d.slice(4)}%'`,
        );
        if (found.length !== 1) throw new Error(`${t}: ${found.length} indexes match "${d.slice(4)}"`);
        await q(`DROP INDEX ${found[0]!.indexname as string}`);
      }
      copies.push({ t, v, cpu: 0, inserted: 0 });
    }
    const cols = (
      await q(
        `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_name = '${s.table}' AND table_schema = 'public'`,
      )
    )[0]!.c as string;
    const slice = Math.floor(rows / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      // Rotate who goes first each round, so no variant always runs on a warmer cache.
      for (let k = 0; k < copies.length; k++) {
        const c = copies[(k + r) % copies.length]!;
        const before = process.cpuUsage();
        await q(
          `INSERT INTO ${c.t} (${cols}) SELECT ${cols} FROM src WHERE rn > ${r * slice} AND rn <= ${(r + 1) * slice}`,
        );
        const used = process.cpuUsage(before);
        c.cpu += used.user + used.system;
        c.inserted += slice;
      }
    }
    const all = copies[0]!.cpu / copies[0]!.inserted;
    for (const c of copies) {
      const perRow = c.cpu / c.inserted;
      console.log(
        `${s.table.padEnd(17)} ${c.v.name.padEnd(38)} ${perRow.toFixed(1).padStart(7)} ${perReport.toFixed(2).padStart(12)} ${(perRow * perReport).toFixed(0).padStart(10)} ${((perRow - all) * perReport).toFixed(0).padStart(7)}`,
      );
    }
    await q('DROP TABLE src');
  }
} finally {
  await close();
}
