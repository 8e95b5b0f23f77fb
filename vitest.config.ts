import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { karpearMessages } from './web/src/i18n/messages.plugin.ts';

/**
 * One Vitest run for every tier (ARCHITECTURE.md convention 8); `npm test` (scripts/test.sh) drives it.
 *
 * - unit:        `*.test.ts(x)` anywhere but `*.db.test.ts`; Node environment, a file that needs a DOM says
 *                `// @vitest-environment happy-dom` itself.
 * - db-pglite:   `*.db.test.ts` with KARPEAR_TEST_DB=pglite (embedded, in-process).
 * - db-postgres: the same files with KARPEAR_TEST_DB=postgres against TEST_DATABASE_URL; only when it is set.
 * - e2e:         `e2e/**\/*.spec.ts`, a real server and headless Chromium; files one at a time, after the
 *                other projects (sequence.groupOrder) so the browser does not fight them for 2 cores.
 *
 * Every test and hook has a timeout: tests time out, never hang.
 */
const ignored = ['**/node_modules/**', '**/dist/**', '.test-results/**', 'data/**', '.tmp/**'];
const dbTests = ['**/*.db.test.ts'];
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  // karpearMessages: the translation modules the web app imports (web/src/i18n/messages.plugin.ts).
  plugins: [react(), karpearMessages()],
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    teardownTimeout: 20_000,
    // App CSS (Mantine, fontsource) is imported by components; tests do not need it processed.
    css: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: [...ignored, ...dbTests],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'db-pglite',
          include: dbTests,
          exclude: ignored,
          environment: 'node',
          env: { KARPEAR_TEST_DB: 'pglite' },
        },
      },
      ...(hasPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'db-postgres',
                include: dbTests,
                exclude: ignored,
                environment: 'node' as const,
                env: { KARPEAR_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          exclude: ignored,
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
