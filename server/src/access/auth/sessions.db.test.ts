import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthTestApp,
  createAuthTestApp,
  post,
  seedDemoUsers,
  sessionCookieOf,
  signInAs,
  signInWithTotp,
} from '../../../test/auth.ts';
import type { DemoCredential } from '../../demo/seed.ts';
import { totpCode } from './totp.ts';

/** SECURITY.md 5, 12, 13: session lifetime, revocation, rotation at step-up, log-out, CSRF. */
describe('sessions', () => {
  let t: AuthTestApp;
  let creds: Map<string, DemoCredential>;
  const MIN = 60_000;

  beforeAll(async () => {
    t = await createAuthTestApp();
    creds = await seedDemoUsers(t);
  }, 60_000);
  afterAll(async () => t?.close());

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const signIn = async (email: string) => {
    t.clock.advance(30_000);
    const c = creds.get(email)!;
    return signInWithTotp(t, c.email, c.password, c.totpSecret!);
  };

  it('expires after 30 idle minutes (the clock is injected)', async () => {
    const cookie = await signIn('analyst@demo.karpear.test');
    t.clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(30 * MIN);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('expires 12 hours after log-in however active', async () => {
    const cookie = await signIn('analyst@demo.karpear.test');
    for (let i = 0; i < 11 * 3; i++) {
      t.clock.advance(20 * MIN);
      expect((await me(cookie)).statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
    t.clock.advance(60 * MIN);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('logs out server-side: the same cookie is dead afterwards', async () => {
    const cookie = await signIn('ncct@demo.karpear.test');
    const out = await post(t, '/api/v1/auth/logout', undefined, { cookie });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'karpear')?.value).toBe('');
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await post(t, '/api/v1/auth/logout', undefined, { cookie })).statusCode).toBe(401);
    const events = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'logout'`,
    );
    expect(events[0]!.n).toBe(1);
  });

  it('ends every session of a disabled user at their next request', async () => {
    const a = await signIn('caseworker@demo.karpear.test');
    const b = await signInAs(t, 'caseworker@demo.karpear.test');
    const admin = await signInAs(t, 'system.admin@demo.karpear.test');
    const id = (
      await t.database.query<{ id: string }>(
        `SELECT id FROM users WHERE email = 'caseworker@demo.karpear.test'`,
      )
    )[0]!.id;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: { status: 'disabled' },
    });
    expect(patch.statusCode).toBe(200);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(401);
    // Re-enabling does not bring the old sessions back.
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: { status: 'active' },
    });
    expect((await me(a)).statusCode).toBe(401);
  });

  it('ends every session when roles change, and the new roles apply to new sessions', async () => {
    const before = await signInAs(t, 'trainer@demo.karpear.test');
    const admin = await signInAs(t, 'system.admin@demo.karpear.test');
    const id = (
      await t.database.query<{ id: string }>(`SELECT id FROM users WHERE email = 'trainer@demo.karpear.test'`)
    )[0]!.id;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: { roles: ['trainer', 'auditor'] },
    });
    expect(patch.statusCode).toBe(200);
    expect((await me(before)).statusCode).toBe(401);
    t.clock.advance(1000);
    const after = await signInAs(t, 'trainer@demo.karpear.test');
    expect((await me(after)).json().roles).toEqual(['trainer', 'auditor']);
  });

  it('rotates the token at step-up: new cookie works, old cookie is dead', async () => {
    const c = creds.get('immigration@demo.karpear.test')!;
    const cookie = await signIn(c.email);
    t.clock.advance(30_000);
    const code = await totpCode(c.totpSecret!, t.clock.now());
    const wrong = await post(
      t,
      '/api/v1/auth/step-up',
      { code: code === '000000' ? '111111' : '000000' },
      { cookie },
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('step_up_required');
    const res = await post(t, '/api/v1/auth/step-up', { code }, { cookie });
    expect(res.statusCode).toBe(204);
    const rotated = sessionCookieOf(res)!;
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(cookie);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(rotated)).statusCode).toBe(200);
    // The same code cannot step up twice.
    expect((await post(t, '/api/v1/auth/step-up', { code }, { cookie: rotated })).statusCode).toBe(401);
  });

  it('changes the password only after a recent step-up; other sessions end, this one stays', async () => {
    const c = creds.get('liaison@demo.karpear.test')!;
    const other = await signInAs(t, c.email);
    let cookie = await signIn(c.email);
    const body = { currentPassword: c.password, newPassword: 'lanterns drift past the old ferry' };
    t.clock.advance(6 * MIN);
    const stale = await post(t, '/api/v1/me/password', body, { cookie });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.code).toBe('step_up_required');
    const code = await totpCode(c.totpSecret!, t.clock.now());
    cookie = sessionCookieOf(await post(t, '/api/v1/auth/step-up', { code }, { cookie }))!;
    const weak = await post(t, '/api/v1/me/password', { ...body, newPassword: 'Password2024!' }, { cookie });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.issues[0].path).toBe('body.newPassword');
    const wrongCurrent = await post(
      t,
      '/api/v1/me/password',
      { ...body, currentPassword: 'not it at all' },
      { cookie },
    );
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.issues[0].path).toBe('body.currentPassword');
    expect((await post(t, '/api/v1/me/password', body, { cookie })).statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    t.clock.advance(30_000);
    await expect(signInWithTotp(t, c.email, c.password, c.totpSecret!)).rejects.toThrow(/401/);
    t.clock.advance(30_000);
    expect(await signInWithTotp(t, c.email, body.newPassword, c.totpSecret!)).toMatch(/^karpear=/);
  });

  it('acknowledges the banner; smuggled fields are refused and change nothing', async () => {
    const cookie = await signInAs(t, 'auditor@demo.karpear.test');
    expect((await me(cookie)).json().bannerAcknowledged).toBe(false);
    const smuggled = await post(
      t,
      '/api/v1/me/banner',
      { roles: ['system_admin'], status: 'active' },
      { cookie },
    );
    expect(smuggled.statusCode).toBe(400);
    expect((await me(cookie)).json()).toMatchObject({ bannerAcknowledged: false, roles: ['auditor'] });
    expect((await post(t, '/api/v1/me/banner', undefined, { cookie })).statusCode).toBe(204);
    const after = (await me(cookie)).json();
    expect(after.bannerAcknowledged).toBe(true);
    expect(after.roles).toEqual(['auditor']);
    const events = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'acknowledge_banner' AND object_type = 'user'`,
    );
    expect(events[0]!.n).toBe(1);
  });

  it('refuses cross-site writes (CSRF): foreign Origin, form posts, no marker', async () => {
    const cookie = await signInAs(t, 'auditor@demo.karpear.test');
    const send = (headers: Record<string, string>, payload?: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/banner', headers: { cookie, ...headers }, payload });
    expect((await send({ 'x-requested-with': 'karpear', origin: 'https://evil.example' })).statusCode).toBe(
      400,
    );
    expect((await send({ 'x-requested-with': 'karpear', origin: 'null' })).statusCode).toBe(400);
    expect((await send({ 'x-requested-with': 'karpear', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(
      400,
    );
    expect((await send({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).statusCode).toBe(400);
    expect((await send({ 'content-type': 'text/plain' }, '{}')).statusCode).toBe(400);
    expect((await send({})).statusCode).toBe(400);
    expect((await send({ 'x-requested-with': 'karpear', origin: 'http://localhost' })).statusCode).toBe(204);
    expect(
      (await send({ 'content-type': 'application/json', origin: 'http://localhost:80' }, '{}')).statusCode,
    ).toBe(204);
    // Reads are not affected.
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { cookie, origin: 'https://evil.example' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('sets __Host-karpear with Secure when served over HTTPS', async () => {
    const secure = await createAuthTestApp({
      database: t.database,
      keyring: t.ctx.keyring,
      config: { secureCookies: true },
    });
    try {
      const c = creds.get('prosecutor@demo.karpear.test')!;
      t.clock.advance(30_000);
      secure.clock.set(t.clock.now());
      const cookie = await signInWithTotp(secure, c.email, c.password, c.totpSecret!);
      expect(cookie).toMatch(/^__Host-karpear=/);
      const set = (await post(secure, '/api/v1/auth/logout', undefined, { cookie })).cookies[0]!;
      expect(set).toMatchObject({
        name: '__Host-karpear',
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
      });
      expect(set.domain).toBeUndefined();
      // The plain-HTTP name is not read by a secure server.
      const plain = cookie.replace('__Host-karpear', 'karpear');
      expect(
        (await secure.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: plain } }))
          .statusCode,
      ).toBe(401);
    } finally {
      await secure.app.close();
    }
  });

  it('keeps nothing but the hash of session tokens', async () => {
    const cookie = await signInAs(t, 'auditor@demo.karpear.test');
    const token = cookie.split('karpear=')[1]!.split(';')[0]!;
    const rows = await t.database.db.execute(sql`SELECT * FROM sessions`);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
