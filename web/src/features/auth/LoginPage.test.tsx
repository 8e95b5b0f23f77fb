// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import {
  error,
  type MockApi,
  meBody,
  mockApi,
  stubMatchMedia,
  trackMissingKeys,
} from '../../testing/mockApi';

const CHALLENGE = 'c'.repeat(43);
let api: MockApi;
let missingKeys: string[] = [];

beforeAll(stubMatchMedia);

beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/health', [
      200,
      {
        status: 'ok',
        version: '0',
        database: { engine: 'pglite', reachable: true, migrationsCurrent: true },
      },
    ])
    .on('GET /api/v1/me', [200, meBody()]);
});

afterEach(() => {
  // The public pages must not need a translation the first chunk does not carry.
  expect(missingKeys).toEqual([]);
  cleanup();
  vi.unstubAllGlobals();
});

function renderLogin(path = '/login', language?: 'en') {
  window.history.replaceState(null, '', path);
  const i18n = createI18n(language);
  missingKeys = trackMissingKeys(i18n);
  return render(<App i18n={i18n} />);
}

function fillCredentials(email = 'agency.admin@demo.karpear.test', password = 'correct horse battery') {
  fireEvent.change(screen.getByLabelText(label(km.auth.fields.email)), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(label(km.auth.fields.password)), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: km.auth.login.continue }));
}

/** A field's label: the text, then Mantine's required asterisk if any (and nothing else). */
function label(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);
}

/** The live region that announces errors (assertive) holds the message. */
function announcedError(): string {
  const region = document.querySelector('[aria-live="assertive"]:not(:empty)');
  return region?.textContent ?? '';
}

describe('login page', () => {
  it('starts in Khmer with focus on the e-mail field, and explains empty fields', async () => {
    renderLogin();
    expect(screen.getByRole('heading', { level: 1, name: km.auth.login.title })).toBeTruthy();
    const email = screen.getByLabelText(label(km.auth.fields.email));
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(email.getAttribute('autocomplete')).toBe('username');
    fireEvent.click(screen.getByRole('button', { name: km.auth.login.continue }));
    expect(await screen.findByText(km.auth.fields.emailMissing)).toBeTruthy();
    expect(screen.getByText(km.auth.fields.passwordMissing)).toBeTruthy();
    expect(api.calls.some((call) => call.route === 'POST /api/v1/auth/login')).toBe(false);
  });

  it('asks for the authenticator code, then opens the signed-in app at the page asked for', async () => {
    api
      .on('POST /api/v1/auth/login', [200, { next: 'totp', challenge: CHALLENGE }])
      .on('POST /api/v1/auth/totp', [200, { user: { id: 'u', email: 'e', displayName: 'Pich Rotha' } }]);
    renderLogin('/login?next=%2Fvictims');
    fillCredentials();

    const code = await screen.findByLabelText(label(km.auth.totp.label));
    await waitFor(() => expect(document.activeElement).toBe(code));
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    fireEvent.change(code, { target: { value: '123 456' } });
    fireEvent.click(screen.getByRole('button', { name: km.auth.login.verify }));

    expect(
      await screen.findByRole('heading', { level: 1, name: km.capabilities.victims }, { timeout: 5000 }),
    ).toBeTruthy();
    expect(window.location.pathname).toBe('/victims');
    const totpCall = api.calls.find((call) => call.route === 'POST /api/v1/auth/totp');
    expect(totpCall?.body).toEqual({ challenge: CHALLENGE, code: '123456' });
    expect(api.calls[0]?.body).toEqual({
      email: 'agency.admin@demo.karpear.test',
      password: 'correct horse battery',
    });
  });

  it('never follows a next address outside the app', async () => {
    api
      .on('POST /api/v1/auth/login', [200, { next: 'totp', challenge: CHALLENGE }])
      .on('POST /api/v1/auth/totp', [200, { user: { id: 'u', email: 'e', displayName: 'x' } }]);
    renderLogin('/login?next=%2F%2Fevil.example%2Fx');
    fillCredentials();
    fireEvent.change(await screen.findByLabelText(label(km.auth.totp.label)), {
      target: { value: '123456' },
    });
    fireEvent.click(screen.getByRole('button', { name: km.auth.login.verify }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
  });

  it('answers a wrong password or code with one generic message, back at the first step', async () => {
    api
      .on('POST /api/v1/auth/login', [200, { next: 'totp', challenge: CHALLENGE }])
      .on('POST /api/v1/auth/totp', error('unauthenticated', 401));
    renderLogin();
    fillCredentials();
    fireEvent.change(await screen.findByLabelText(label(km.auth.totp.label)), {
      target: { value: '000000' },
    });
    fireEvent.click(screen.getByRole('button', { name: km.auth.login.verify }));

    await waitFor(() => expect(announcedError()).toBe(km.auth.errors.generic));
    const email = screen.getByLabelText(label(km.auth.fields.email)) as HTMLInputElement;
    expect(email.value).toBe('agency.admin@demo.karpear.test');
    expect((screen.getByLabelText(label(km.auth.fields.password)) as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(email));
  });

  it('says when there were too many attempts (429), in English too', async () => {
    api.on('POST /api/v1/auth/login', error('rate_limited', 429));
    renderLogin('/login', 'en');
    fireEvent.change(screen.getByLabelText(label(en.auth.fields.email)), { target: { value: 'a@b.test' } });
    fireEvent.change(screen.getByLabelText(label(en.auth.fields.password)), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: en.auth.login.continue }));
    await waitFor(() => expect(announcedError()).toBe(en.auth.errors.rateLimited));
  });

  it('accepts a recovery code instead of the authenticator code', async () => {
    api
      .on('POST /api/v1/auth/login', [200, { next: 'totp', challenge: CHALLENGE }])
      .on('POST /api/v1/auth/recovery', [200, { user: { id: 'u', email: 'e', displayName: 'x' } }]);
    renderLogin();
    fillCredentials();
    fireEvent.click(await screen.findByRole('button', { name: km.auth.totp.useRecovery }));
    const input = await screen.findByLabelText(label(km.auth.recovery.label));
    await waitFor(() => expect(document.activeElement).toBe(input));
    fireEvent.change(input, { target: { value: ' abcd-efgh-ijkl ' } });
    fireEvent.click(screen.getByRole('button', { name: km.auth.login.verify }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(api.calls.find((call) => call.route === 'POST /api/v1/auth/recovery')?.body).toEqual({
      challenge: CHALLENGE,
      code: 'abcd-efgh-ijkl',
    });
  });

  it('enrols an authenticator on the first sign-in and shows the recovery codes once', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    api
      .on('POST /api/v1/auth/login', [200, { next: 'enrol', challenge: CHALLENGE }])
      .on('POST /api/v1/auth/enrol/totp', [
        200,
        { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://x', qrSvg: svg },
      ])
      .on('POST /api/v1/auth/enrol/totp/confirm', [200, { recoveryCodes: ['aaaa-1111', 'bbbb-2222'] }]);
    renderLogin();
    fillCredentials();

    fireEvent.click(await screen.findByRole('button', { name: km.auth.enrol.chooseTotp }, { timeout: 5000 }));
    const qr = (await screen.findByRole('img', { name: km.auth.enrol.qrAlt })) as HTMLImageElement;
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // The SVG is never inserted as markup.
    expect(document.querySelector('svg script')).toBeNull();
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSW Y3DP EHPK 3PXP');

    fireEvent.change(screen.getByLabelText(label(km.auth.enrol.codeLabel)), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: km.auth.enrol.confirm }));

    const list = await screen.findByRole('list', { name: km.auth.recoveryCodes.listLabel });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['aaaa-1111', 'bbbb-2222']);
    const proceed = screen.getByRole('button', { name: km.auth.recoveryCodes.continue }) as HTMLButtonElement;
    expect(proceed.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(km.auth.recoveryCodes.saved));
    expect(proceed.disabled).toBe(false);
    fireEvent.click(proceed);
    await waitFor(() => expect(window.location.pathname).toBe('/'));
  });
});

describe('invitation page', () => {
  it('takes the token from the fragment, checks the password and reports a refused one on its field', async () => {
    const token = 't'.repeat(43);
    let attempts = 0;
    api.on('POST /api/v1/auth/invitation', ({ body }) => {
      attempts++;
      expect(body).toMatchObject({ token });
      return attempts === 1
        ? error('validation_failed', 400, [{ path: 'body.password', message: 'is too common' }])
        : [200, { next: 'login' }];
    });
    renderLogin(`/invite#${token}`);
    const password = await screen.findByLabelText(label(km.auth.password.new));
    await waitFor(() => expect(window.location.hash).toBe(''));

    fireEvent.change(password, { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: km.auth.invite.submit }));
    expect(
      await screen.findByText(
        km.auth.password.lengthError.replace('{{min}}', '12').replace('{{max}}', '128'),
      ),
    ).toBeTruthy();

    fireEvent.change(password, { target: { value: 'password1234' } });
    fireEvent.change(screen.getByLabelText(label(km.auth.password.confirm)), {
      target: { value: 'password1234' },
    });
    fireEvent.click(screen.getByRole('button', { name: km.auth.invite.submit }));
    expect(await screen.findByText(km.auth.password.rejected)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: km.auth.invite.submit }));
    fireEvent.click(await screen.findByRole('button', { name: km.auth.invite.goToLogin }));
    expect(await screen.findByRole('heading', { level: 1, name: km.auth.login.title })).toBeTruthy();
    expect(window.location.pathname).toBe('/login');
  });
});
