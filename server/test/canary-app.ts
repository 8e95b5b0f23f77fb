import type { Role } from '@karpear/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from './app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from './authz/demo.ts';
import { captureLogs, findCanariesInDatabase, findCanariesInText } from './canary.ts';

/**
 * The harness of the end-to-end canary tests (SECURITY.md 27): the whole app logging at `trace` into
 * memory, the demo organisations with a session per role, a record of every answer kept for the final
 * search, and that search — answers, a dump of every table and the logs must hold no canary.
 * The test plants the canaries and decides which answers may carry them (those it does not keep).
 */
export interface CanaryHarness {
  /** Build the app and sign every demo role in (in beforeAll). */
  start(): Promise<{ t: TestApp; demo: DemoIndex }>;
  close(): Promise<void>;
  /** A call as a demo role, the way the web app makes it (`X-Requested-With` on writes). */
  call(role: Role, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** Keep an answer for the final search, under a label that names it in a failure. */
  keep(label: string, res: { body: string }): void;
  /** The body of the answer kept under `label`. */
  kept(label: string): string | undefined;
  /**
   * No canary in any kept answer, in the database dump or in the logs — and the logs did see requests
   * to `loggedPath` (so an empty log cannot pass).
   */
  expectNoLeaks(canaries: readonly string[], loggedPath: string): Promise<void>;
}

export function canaryHarness(): CanaryHarness {
  const logs = captureLogs();
  const answers: Array<[string, string]> = [];
  let t: TestApp | undefined;
  let cookies: Record<Role, string> | undefined;
  const app = () => {
    if (!t || !cookies) throw new Error('canary harness: start() it in beforeAll first');
    return { t, cookies };
  };

  return {
    async start() {
      t = await createTestApp({ config: { logLevel: 'trace' }, logger: logs.logger });
      const demo = await seedDemoIndex(t.database);
      cookies = await sessionsByRole(t, demo);
      return { t, demo };
    },
    close: async () => t?.close(),
    call(role, method, url, payload) {
      const { t, cookies } = app();
      return t.app.inject({
        method,
        url,
        payload,
        headers: { cookie: cookies[role], ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }) },
      });
    },
    keep: (label, res) => {
      answers.push([label, res.body]);
    },
    kept: (label) => answers.find(([l]) => l === label)?.[1],
    async expectNoLeaks(canaries, loggedPath) {
      const inAnswers = answers.flatMap(([label, body]) => findCanariesInText(label, body, canaries));
      expect(inAnswers).toEqual([]);
      expect(await findCanariesInDatabase(app().t.database, canaries)).toEqual([]);
      expect(logs.text()).toContain(loggedPath); // the logs did see these requests
      expect(findCanariesInText('logs', logs.text(), canaries)).toEqual([]);
    },
  };
}
