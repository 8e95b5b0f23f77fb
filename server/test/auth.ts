import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { totpCode } from '../src/access/auth/index.ts';
import {
  createSession,
  INSECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieName,
} from '../src/access/index.ts';
import { type DemoCredential, seedDemo } from '../src/demo/seed.ts';
import { users } from '../src/modules/users/index.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import type { Keyring } from '../src/platform/crypto/index.ts';
import type { DatabaseHandle } from '../src/platform/db/index.ts';
import { createTestApp, type TestApp } from './app.ts';

/**
 * Signing in, for tests. `signInAs` opens a session straight in the database (as the log-in does
 * after the second factor) and is what authorization tests use; `signInWithTotp` goes through the
 * real HTTP ceremony. `createAuthTestApp` is `createTestApp` with configuration overrides and the
 * context exposed (its SecretBox seals TOTP secrets the app can open).
 */
export type AuthTestApp = TestApp;

export async function createAuthTestApp(
  options: { config?: Partial<Config>; database?: DatabaseHandle; keyring?: Keyring } = {},
): Promise<AuthTestApp> {
  // A high rate limit unless the test asks otherwise: app.inject calls all come from 127.0.0.1.
  return createTestApp({ ...options, config: { authRateLimitMax: 100_000, ...options.config } });
}

/** Seed the demo organisations and users with TOTP enrolled under the app's key; their credentials. */
export async function seedDemoUsers(t: AuthTestApp): Promise<Map<string, DemoCredential>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-auth-'));
  try {
    const seeded = await seedDemo(t.database, dir, t.ctx.secrets, { workData: false });
    return new Map(seeded.credentials.map((c) => [c.email, c]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A signed-in session for the user with this e-mail, written straight into `sessions`. Returns the
 * Cookie header, under both names the server may read (`__Host-karpear` over HTTPS, `karpear` on
 * plain-HTTP test and demo servers).
 */
export async function signInAs(t: TestApp, email: string): Promise<string> {
  const [user] = await t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));
  if (!user) throw new Error(`signInAs: no user ${email}`);
  const config = (t as Partial<AuthTestApp>).ctx?.config ?? loadConfig({ mode: 'test' }, {});
  const { token } = await createSession({ clock: t.clock, config }, t.database.db, user.id, '127.0.0.1');
  return `${SESSION_COOKIE}=${token}; ${INSECURE_SESSION_COOKIE}=${token}`;
}

/** A JSON POST the way the web app sends it (with `X-Requested-With`). */
export function post(
  t: TestApp,
  url: string,
  body?: unknown,
  options: { cookie?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'x-requested-with': 'karpear',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
    payload: body === undefined ? undefined : JSON.stringify(body),
    remoteAddress: options.ip ?? '127.0.0.1',
  });
}

/** The session cookie a response set, as a Cookie header (`name=value`), or undefined. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const set = res.cookies.find((c) => c.name === SESSION_COOKIE || c.name === INSECURE_SESSION_COOKIE);
  return set?.value ? `${set.name}=${set.value}` : undefined;
}

/**
 * The real log-in: e-mail and password, then the authenticator code for the clock's current step.
 * Two log-ins of one user within one 30-second step need the clock moved (a code is never accepted
 * twice). Returns the Cookie header of the new session.
 */
export async function signInWithTotp(
  t: TestApp,
  email: string,
  password: string,
  totpSecret: string,
  options: { ip?: string } = {},
): Promise<string> {
  const login = await post(t, '/api/v1/auth/login', { email, password }, options);
  if (login.statusCode !== 200) throw new Error(`login answered ${login.statusCode}: ${login.body}`);
  const { challenge } = login.json() as { challenge: string };
  const code = await totpCode(totpSecret, t.clock.now());
  const res = await post(t, '/api/v1/auth/totp', { challenge, code }, options);
  const cookie = sessionCookieOf(res);
  if (res.statusCode !== 200 || !cookie) throw new Error(`totp answered ${res.statusCode}: ${res.body}`);
  return cookie;
}

/** The cookie name the app reads (for tests that build a Cookie header by hand). */
export function cookieName(t: AuthTestApp): string {
  return sessionCookieName(t.ctx.config);
}
