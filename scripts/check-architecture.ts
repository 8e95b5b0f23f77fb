// `npx tsx scripts/check-architecture.ts`: the layout rules of docs/ARCHITECTURE.md, checked.
// 1. Every server/src/modules/<m>/ folder is described in docs/ARCHITECTURE.md.
// 2. A module imports another module only through that module's index.ts.
// 3. Nothing but server/src/platform/config.ts reads process.env.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function listTsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listTsFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function checkArchitecture(root: string): string[] {
  const problems: string[] = [];
  const modulesDir = path.join(root, 'server', 'src', 'modules');
  const doc = fs.existsSync(path.join(root, 'docs', 'ARCHITECTURE.md'))
    ? fs.readFileSync(path.join(root, 'docs', 'ARCHITECTURE.md'), 'utf8')
    : '';
  const modules = fs.existsSync(modulesDir)
    ? fs
        .readdirSync(modulesDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];

  for (const m of modules) {
    if (!doc.includes(`modules/${m}/`))
      problems.push(`docs/ARCHITECTURE.md does not describe server/src/modules/${m}/`);
    if (!fs.existsSync(path.join(modulesDir, m, 'index.ts')))
      problems.push(`server/src/modules/${m}/ has no index.ts`);
  }

  for (const file of listTsFiles(modulesDir)) {
    const own = path.relative(modulesDir, file).split(path.sep)[0];
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT_RE)) {
      const spec = match[1] ?? match[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const rel = path.relative(modulesDir, target);
      if (rel.startsWith('..')) continue;
      const [other, ...rest] = rel.split(path.sep);
      if (other === own || rest.length === 0) continue;
      const isIndex = rest.length === 1 && (rest[0] === 'index.ts' || rest[0] === 'index');
      if (!isIndex) {
        problems.push(
          `${path.relative(root, file)} imports ${spec}: use ../${other}/index.ts, not its internals`,
        );
      }
    }
  }

  const configFile = path.join(root, 'server', 'src', 'platform', 'config.ts');
  for (const file of listTsFiles(path.join(root, 'server', 'src'))) {
    if (file === configFile || file.endsWith('.test.ts')) continue;
    if (/process\.env\b/.test(fs.readFileSync(file, 'utf8'))) {
      problems.push(`${path.relative(root, file)} reads process.env: take it from platform/config.ts`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkArchitecture(root);
  for (const p of problems) console.error(`- ${p}`);
  console.log(
    problems.length === 0 ? 'Architecture rules hold.' : `${problems.length} architecture problem(s).`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
