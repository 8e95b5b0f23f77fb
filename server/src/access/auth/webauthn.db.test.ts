import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthTestApp,
  createAuthTestApp,
  post,
  seedDemoUsers,
  sessionCookieOf,
  signInAs,
} from '../../../test/auth.ts';
import { SoftAuthenticator } from '../../../test/soft-authenticator.ts';

/** Security keys and passkeys (SECURITY.md 8), with a software authenticator built from the spec. */
describe('WebAuthn', () => {
  let t: AuthTestApp;
  const email = 'key.holder@demo.karpear.test';
  const password = 'orchids on the balcony in kep';
  // `app.inject` talks to Host localhost: the relying party is localhost, the origin http://localhost.
  const key = new SoftAuthenticator('localhost', 'http://localhost');
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  const login = async (pw = password) =>
    (await post(t, '/api/v1/auth/login', { email, password: pw })).json();

  beforeAll(async () => {
    t = await createAuthTestApp();
    await seedDemoUsers(t);
    const admin = await signInAs(t, 'agency.admin@demo.karpear.test');
    const created = await post(
      t,
      '/api/v1/users',
      { email, name: 'Key Holder', roles: ['victim_support_officer'] },
      { cookie: admin },
    );
    const token = created.json().invitationUrl.split('#')[1];
    expect((await post(t, '/api/v1/auth/invitation', { token, password })).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => t?.close());

  it('enrols a security key at first log-in: no session before the key is verified', async () => {
    const { next, challenge } = await login();
    expect(next).toBe('enrol');
    const options = await post(t, '/api/v1/auth/enrol/webauthn/options', { challenge });
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({ rp: { id: 'localhost', name: 'Karpear' }, attestation: 'none' });
    expect(options.json().user.name).toBe(email);
    expect(sessionCookieOf(options)).toBeUndefined();
    // A registration made for another origin is refused.
    const foreign = await post(t, '/api/v1/auth/enrol/webauthn', {
      challenge,
      response: key.register(options.json(), 'https://evil.example'),
    });
    expect(foreign.statusCode).toBe(401);
    const res = await post(t, '/api/v1/auth/enrol/webauthn', {
      challenge,
      response: key.register(options.json()),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().recoveryCodes).toHaveLength(10);
    const cookie = sessionCookieOf(res)!;
    expect((await me(cookie)).json().factors).toEqual({ totp: false, webauthn: 1 });
  });

  it('signs in with the key; a wrong origin, a wrong challenge or another key fail', async () => {
    const { next, challenge } = await login();
    expect(next).toBe('webauthn');
    const options = (await post(t, '/api/v1/auth/webauthn/options', { challenge })).json();
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: key.id, type: 'public-key' })]);
    expect(
      (
        await post(t, '/api/v1/auth/webauthn', {
          challenge,
          response: key.authenticate(options, 'https://evil.example'),
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await post(t, '/api/v1/auth/webauthn', {
          challenge,
          response: key.authenticate({ challenge: 'AAAA' }),
        })
      ).statusCode,
    ).toBe(401);
    const stranger = new SoftAuthenticator('localhost', 'http://localhost');
    expect(
      (await post(t, '/api/v1/auth/webauthn', { challenge, response: stranger.authenticate(options) }))
        .statusCode,
    ).toBe(401);
    const ok = await post(t, '/api/v1/auth/webauthn', { challenge, response: key.authenticate(options) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.email).toBe(email);
    expect((await me(sessionCookieOf(ok)!)).statusCode).toBe(200);
    const counter = await t.database.query<{ counter: string }>(
      `SELECT counter FROM webauthn_credentials WHERE id = $1`,
      [key.id],
    );
    expect(Number(counter[0]!.counter)).toBe(key.counter);
  });

  it('refuses a replayed assertion and an authenticator counter going backwards', async () => {
    const first = await login();
    const options = (await post(t, '/api/v1/auth/webauthn/options', { challenge: first.challenge })).json();
    const response = key.authenticate(options);
    expect(
      (await post(t, '/api/v1/auth/webauthn', { challenge: first.challenge, response })).statusCode,
    ).toBe(200);
    const second = await login();
    await post(t, '/api/v1/auth/webauthn/options', { challenge: second.challenge });
    expect(
      (await post(t, '/api/v1/auth/webauthn', { challenge: second.challenge, response })).statusCode,
    ).toBe(401);
    // A cloned key whose signature counter is behind the stored one.
    const saved = key.counter;
    key.counter = 0;
    const third = await login();
    const o3 = (await post(t, '/api/v1/auth/webauthn/options', { challenge: third.challenge })).json();
    expect(
      (await post(t, '/api/v1/auth/webauthn', { challenge: third.challenge, response: key.authenticate(o3) }))
        .statusCode,
    ).toBe(401);
    key.counter = saved;
  });

  it('answers a wrong password alike at the options step, and the key then cannot succeed', async () => {
    const wrong = await login('not the password at all');
    expect(wrong.next).toBe('webauthn');
    const real = await login();
    const a = await post(t, '/api/v1/auth/webauthn/options', { challenge: wrong.challenge });
    const b = await post(t, '/api/v1/auth/webauthn/options', { challenge: real.challenge });
    expect(a.statusCode).toBe(200);
    expect(Object.keys(a.json()).sort()).toEqual(Object.keys(b.json()).sort());
    expect(a.json().allowCredentials).toEqual(b.json().allowCredentials);
    const res = await post(t, '/api/v1/auth/webauthn', {
      challenge: wrong.challenge,
      response: key.authenticate(a.json()),
    });
    expect(res.statusCode).toBe(401);
    // A TOTP code cannot open a key-only account either.
    expect(
      (await post(t, '/api/v1/auth/totp', { challenge: real.challenge, code: '123456' })).statusCode,
    ).toBe(401);
  });

  it('steps up with the key: token rotated, old cookie dead', async () => {
    const cookie = await signInAs(t, email);
    const options = await post(t, '/api/v1/auth/step-up/webauthn/options', {}, { cookie });
    expect(options.statusCode).toBe(200);
    const res = await post(
      t,
      '/api/v1/auth/step-up/webauthn',
      { response: key.authenticate(options.json()) },
      { cookie },
    );
    expect(res.statusCode).toBe(204);
    const rotated = sessionCookieOf(res)!;
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await me(rotated)).statusCode).toBe(200);
    // The step-up challenge is single use.
    const again = await post(
      t,
      '/api/v1/auth/step-up/webauthn',
      { response: key.authenticate(options.json()) },
      { cookie: rotated },
    );
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('step_up_required');
  });
});
