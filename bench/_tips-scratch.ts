// Shared by bench/tips-import-profile.ts and bench/tips-index-prices.ts: a throwaway PGlite with the
// demo data, what `insertTips` needs to file tips into it, and generated reports parsed and mapped to
// tips of its intake agency (the import's own parser and mapping).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateReports } from './generators/cybertip.ts';

const { seedDemo } = await import('../server/src/demo/seed.ts');
const { parseCyberTip } = await import('../server/src/modules/tips/cybertip/parse.ts');
const { tipFromReport } = await import('../server/src/modules/tips/import/map-tip.ts');
const { resolveIntakeAgency } = await import('../server/src/modules/tips/tips.intake.ts');
const { systemClock } = await import('../server/src/platform/clock.ts');
const { loadConfig } = await import('../server/src/platform/config.ts');
const { createFieldCipher, ephemeralKeyring } = await import('../server/src/platform/crypto/index.ts');
const { migrate, openPglite } = await import('../server/src/platform/db/index.ts');

export type ScratchTip = ReturnType<typeof tipFromReport>;

/**
 * A migrated PGlite in a temporary folder with the demo data; `prepare` runs before the deps are made
 * (the profile drops indexes there). `close` removes the folder.
 */
export async function openTipsScratch(
  prefix: string,
  prepare?: (q: (sql: string) => Promise<unknown>) => Promise<void>,
) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const database = await openPglite(path.join(scratch, 'db'));
  const close = async () => {
    await database.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await migrate(database);
    await seedDemo(database, scratch);
    await prepare?.((sql) => database.query(sql));
    const config = loadConfig({ mode: 'test', logLevel: 'silent', dataDir: scratch }, {});
    const deps = { database, clock: systemClock, config, fields: createFieldCipher(ephemeralKeyring().keks) };
    const intake = await resolveIntakeAgency(database.db, config);
    const audit = { actorId: null, agencyId: intake.agencyId, ip: null, requestId: null };
    /** `n` generated reports (seed 1) as the tips the import would file, received now. */
    const generatedTips = function* (n: number): Generator<ScratchTip> {
      for (const g of generateReports(n, 1)) {
        const outcome = parseCyberTip(Buffer.from(g.text, 'utf8'), { file: g.fileName, maxBytes: 1 << 24 });
        if (!outcome.ok) throw new Error(`generated report ${g.fileName} did not parse`);
        yield tipFromReport(outcome.report, { ...intake, receivedAt: new Date(), createdBy: null });
      }
    };
    return { database, deps, audit, generatedTips, close };
  } catch (err) {
    await close();
    throw err;
  }
}
