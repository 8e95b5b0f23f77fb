// `npm run bench -- <name> [args…]`: runs bench/<name>.ts with the remaining arguments.
// Without a name, lists the benchmarks. Each benchmark writes its JSON result to bench/results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  if (name) console.error(`bench: no benchmark named '${name}'`);
  console.error(`usage: npm run bench -- <name> [args…]\nbenchmarks: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
