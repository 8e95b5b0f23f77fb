import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkArchitecture } from './check-architecture.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-arch-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('architecture rules', () => {
  it('hold for this repository', () => {
    expect(checkArchitecture(repoRoot)).toEqual([]);
  });

  it('catch an undocumented module, a reach into internals and a stray process.env', () => {
    const root = tree({
      'docs/ARCHITECTURE.md': '- `server/src/modules/tips/` tips',
      'server/src/modules/tips/index.ts': "export * from './tips.service.ts';",
      'server/src/modules/tips/tips.service.ts':
        "import { x } from '../cases/cases.repo.ts';\nimport { y } from '../cases/index.ts';",
      'server/src/modules/cases/index.ts': 'export const y = 1;',
      'server/src/modules/cases/cases.repo.ts': 'export const x = process.env.SECRET;',
      'server/src/platform/config.ts': 'export const ok = process.env.PORT;',
    });
    const problems = checkArchitecture(root);
    fs.rmSync(root, { recursive: true, force: true });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('does not describe server/src/modules/cases/'),
        expect.stringContaining('imports ../cases/cases.repo.ts'),
        expect.stringContaining('cases.repo.ts reads process.env'),
      ]),
    );
    expect(problems).toHaveLength(3);
  });
});
