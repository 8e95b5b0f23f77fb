import { generateReports } from '../../../bench/generators/cybertip.ts';
import { fileFromBytes, importCyberTipFiles } from '../modules/tips/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { configSchema } from '../platform/config.ts';
import type { FieldCipher } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';

/**
 * Demo CyberTipline tips: 40 generated reports (bench/generators/cybertip.ts: synthetic `Syn…` people,
 * a made-up mail domain, identifier reuse, some files the platform did not view) filed through the
 * real import, so the queue shows imported tips with repeat identifiers and locked files. Idempotent:
 * the report ids are fixed by the seed, a second run finds them all known.
 */
export const DEMO_CYBERTIP_REPORTS = 40;
const DEMO_SEED = 5;

/** Imported reports carry no reporter contact: nothing here may need the field cipher. */
const NO_FIELDS: FieldCipher = {
  encryptField: () => Promise.reject(new Error('imported reports carry no reporter contact')),
  decryptField: () => Promise.reject(new Error('imported reports carry no reporter contact')),
  destroySubjectKey: () => Promise.resolve(false),
};

/** Returns how many tips were created (0 on a second run). */
export async function seedDemoCyberTips(
  database: DatabaseHandle,
  clock: Clock = systemClock,
): Promise<number> {
  // Defaults (intake agency KH-NP-AHTJP/HOTLINE, SLAs): no environment read here.
  const config = configSchema.parse({ mode: 'demo' });
  const files = Array.from(generateReports(DEMO_CYBERTIP_REPORTS, DEMO_SEED), (g) =>
    fileFromBytes(g.fileName, g.text),
  );
  const summary = await importCyberTipFiles({ database, clock, config, fields: NO_FIELDS }, null, files);
  return summary.imported;
}
