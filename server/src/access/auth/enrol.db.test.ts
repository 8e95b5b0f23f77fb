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
import { totpCode } from './totp.ts';

/** First log-in (invitation, enrolment, recovery codes) and administrator resets (SECURITY.md 8, 11). */
describe('invitations and enrolment', () => {
  let t: AuthTestApp;
  // A fresh administrator session each time: the tests move the clock far beyond the idle timeout.
  const admin = () => signInAs(t, 'agency.admin@demo.karpear.test');
  const me = (cookie?: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie ? { cookie } : {} });
  const tokenOf = (url: string) => url.split('#')[1]!;

  beforeAll(async () => {
    t = await createAuthTestApp();
    await seedDemoUsers(t);
  }, 60_000);
  afterAll(async () => t?.close());

  async function invite(email: string): Promise<{ id: string; token: string }> {
    const res = await post(
      t,
      '/api/v1/users',
      { email, name: 'New Officer', roles: ['investigator'] },
      { cookie: await admin() },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().invitationUrl).toMatch(/^\/invite#[A-Za-z0-9_-]{43}$/);
    return { id: res.json().user.id, token: tokenOf(res.json().invitationUrl) };
  }
  const sessionsOf = async (userId: string) =>
    (
      await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [
        userId,
      ])
    )[0]!.n;

  it('takes a new user from invitation to a session only after the second factor is confirmed', async () => {
    const email = 'new.officer@demo.karpear.test';
    const { id, token } = await invite(email);
    const password = 'seven lanterns over tonle sap';

    // Before the invitation is accepted there is no password: the challenge is dead.
    const early = await post(t, '/api/v1/auth/login', { email, password });
    expect(early.json().next).toBe('enrol');
    expect((await post(t, '/api/v1/auth/enrol/totp', { challenge: early.json().challenge })).statusCode).toBe(
      401,
    );

    for (const [bad, why] of [
      ['too short', /at least 12/],
      ['x'.repeat(129), /at most 128/],
      ['Password2024!', /common/],
      ['new.officer-rocks', /your name/],
    ] as const) {
      const res = await post(t, '/api/v1/auth/invitation', { token, password: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.issues[0]).toMatchObject({
        path: 'body.password',
        message: expect.stringMatching(why),
      });
    }
    const accepted = await post(t, '/api/v1/auth/invitation', { token, password });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ next: 'login' });
    expect((await post(t, '/api/v1/auth/invitation', { token, password })).statusCode).toBe(404);

    const login = await post(t, '/api/v1/auth/login', { email, password });
    expect(login.json().next).toBe('enrol');
    const challenge = login.json().challenge;
    const enrol = await post(t, '/api/v1/auth/enrol/totp', { challenge });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = enrol.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg/);
    expect(sessionCookieOf(enrol)).toBeUndefined();
    expect(await sessionsOf(id)).toBe(0);

    const code = await totpCode(secret, t.clock.now());
    const wrong = await post(t, '/api/v1/auth/enrol/totp/confirm', {
      challenge,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(await sessionsOf(id)).toBe(0);
    const confirmed = await post(t, '/api/v1/auth/enrol/totp/confirm', { challenge, code });
    expect(confirmed.statusCode).toBe(200);
    const recoveryCodes: string[] = confirmed.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const rc of recoveryCodes) expect(rc).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const cookie = sessionCookieOf(confirmed)!;
    expect((await me(cookie)).json()).toMatchObject({ email, factors: { totp: true, webauthn: 0 } });
    // Enrolment is over: the challenge is spent, the next log-in asks for the code.
    expect((await post(t, '/api/v1/auth/enrol/totp', { challenge })).statusCode).toBe(401);
    t.clock.advance(30_000);
    expect((await post(t, '/api/v1/auth/login', { email, password })).json().next).toBe('totp');
    expect(await signInWithTotp(t, email, password, secret)).toMatch(/^karpear=/);

    // Recovery codes: each works once.
    const useRecovery = async (rc: string) => {
      const l = await post(t, '/api/v1/auth/login', { email, password });
      return post(t, '/api/v1/auth/recovery', { challenge: l.json().challenge, code: rc.toUpperCase() });
    };
    const first = await useRecovery(recoveryCodes[0]!);
    expect(first.statusCode).toBe(200);
    expect(sessionCookieOf(first)).toBeDefined();
    expect((await useRecovery(recoveryCodes[0]!)).statusCode).toBe(401);
    expect((await useRecovery(recoveryCodes[1]!)).statusCode).toBe(200);
    const rows = await t.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL`,
      [id],
    );
    expect(rows[0]!.n).toBe(2);
    // Audited: the invitation, the enrolment and each log-in, without secrets.
    const events = await t.database.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE object_id = $1 OR actor_id = $2 ORDER BY position`,
      [id, id],
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create', 'set_password', 'enrol_factor', 'login']),
    );
    const dump = JSON.stringify(await t.database.query('SELECT * FROM audit_log'));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(password);
    expect(dump).not.toContain(recoveryCodes[2]!);
  });

  it('expires invitations after 72 hours', async () => {
    const { token } = await invite('late.officer@demo.karpear.test');
    t.clock.advance(72 * 3_600_000 + 1000);
    const res = await post(t, '/api/v1/auth/invitation', {
      token,
      password: 'seven lanterns over tonle sap',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('resets a password without touching the second factor, and ends existing sessions', async () => {
    const email = 'reset.officer@demo.karpear.test';
    const { id, token } = await invite(email);
    await post(t, '/api/v1/auth/invitation', { token, password: 'silk market at dawn in kampot' });
    const login = await post(t, '/api/v1/auth/login', { email, password: 'silk market at dawn in kampot' });
    const enrol = await post(t, '/api/v1/auth/enrol/totp', { challenge: login.json().challenge });
    const secret = enrol.json().secret;
    const confirmed = await post(t, '/api/v1/auth/enrol/totp/confirm', {
      challenge: login.json().challenge,
      code: await totpCode(secret, t.clock.now()),
    });
    const session = sessionCookieOf(confirmed)!;

    const reset = await post(t, `/api/v1/users/${id}/reset`, undefined, { cookie: await admin() });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().resetUrl).toMatch(/^\/invite#[A-Za-z0-9_-]{43}$/);
    const newPassword = 'ferry bells across the mekong';
    expect(
      (
        await post(t, '/api/v1/auth/invitation', {
          token: tokenOf(reset.json().resetUrl),
          password: newPassword,
        })
      ).statusCode,
    ).toBe(200);
    expect((await me(session)).statusCode).toBe(401);
    t.clock.advance(30_000);
    // Still asked for the same authenticator: a reset never skips MFA.
    const after = await post(t, '/api/v1/auth/login', { email, password: newPassword });
    expect(after.json().next).toBe('totp');
    await expect(signInWithTotp(t, email, 'silk market at dawn in kampot', secret)).rejects.toThrow(/401/);
    t.clock.advance(30_000);
    expect(await signInWithTotp(t, email, newPassword, secret)).toMatch(/^karpear=/);
  });

  it('keeps only the newest link of a user valid', async () => {
    const { id, token } = await invite('twice.invited@demo.karpear.test');
    const again = await post(t, `/api/v1/users/${id}/reset`, undefined, { cookie: await admin() });
    expect(again.statusCode).toBe(200);
    const password = 'seven lanterns over tonle sap';
    expect((await post(t, '/api/v1/auth/invitation', { token, password })).statusCode).toBe(404);
    expect(
      (await post(t, '/api/v1/auth/invitation', { token: tokenOf(again.json().resetUrl), password }))
        .statusCode,
    ).toBe(200);
  });

  it('stores only hashes of invitation tokens', async () => {
    const { token } = await invite('hash.only@demo.karpear.test');
    const dump = JSON.stringify(await t.database.query('SELECT * FROM invitations'));
    expect(dump).not.toContain(token);
  });
});
