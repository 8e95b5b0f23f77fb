import fs from 'node:fs';

/** Karpear's version, from the root package.json (read once). */
export const KARPEAR_VERSION: string = JSON.parse(
  fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
).version;
