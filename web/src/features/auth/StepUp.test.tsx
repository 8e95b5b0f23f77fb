// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import km from '../../i18n/km.json';
import { error, type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

let api: MockApi;

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
  cleanup();
  vi.unstubAllGlobals();
});

function passwordField(name: string): HTMLElement {
  return screen.getByLabelText(new RegExp(`^${name}\\s*\\*?$`));
}

async function changePassword() {
  window.history.replaceState(null, '', '/');
  render(<App i18n={createI18n()} />);
  fireEvent.click(await screen.findByTestId('user-menu', {}, { timeout: 5000 }));
  fireEvent.click(await screen.findByRole('menuitem', { name: km.account.changePassword }));
  const dialog = await screen.findByRole('dialog', { name: km.account.changePassword });
  fireEvent.change(passwordField(km.account.currentPassword), { target: { value: 'old password 123' } });
  fireEvent.change(passwordField(km.auth.password.new), { target: { value: 'a brand new passphrase' } });
  fireEvent.change(passwordField(km.auth.password.confirm), { target: { value: 'a brand new passphrase' } });
  fireEvent.click(within(dialog).getByRole('button', { name: km.account.savePassword }));
}

describe('step-up', () => {
  it('asks for the second factor when the server wants it, then sends the request again', async () => {
    let attempts = 0;
    api
      .on('POST /api/v1/me/password', () => (++attempts === 1 ? error('step_up_required', 401) : [204]))
      .on('POST /api/v1/auth/step-up', [204]);
    await changePassword();

    const stepUp = await screen.findByRole('dialog', { name: km.auth.stepUp.title });
    const code = within(stepUp).getByLabelText(new RegExp(`^${km.auth.totp.label}`));
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    fireEvent.change(code, { target: { value: '111 222' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: km.auth.stepUp.confirm }));

    expect(await screen.findByText(km.account.passwordChanged)).toBeTruthy();
    expect(api.calls.find((call) => call.route === 'POST /api/v1/auth/step-up')?.body).toEqual({
      code: '111222',
    });
    expect(attempts).toBe(2);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: km.auth.stepUp.title })).toBeNull());
  });

  it('keeps the dialog open on a wrong code, and sends nothing more when cancelled', async () => {
    let attempts = 0;
    api
      .on('POST /api/v1/me/password', () => {
        attempts++;
        return error('step_up_required', 401);
      })
      .on('POST /api/v1/auth/step-up', error('step_up_required', 401));
    await changePassword();

    const stepUp = await screen.findByRole('dialog', { name: km.auth.stepUp.title });
    fireEvent.change(within(stepUp).getByLabelText(new RegExp(`^${km.auth.totp.label}`)), {
      target: { value: '000000' },
    });
    fireEvent.click(within(stepUp).getByRole('button', { name: km.auth.stepUp.confirm }));
    expect(await within(stepUp).findByText(km.auth.stepUp.rejected)).toBeTruthy();

    fireEvent.click(within(stepUp).getByRole('button', { name: km.common.cancel }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: km.auth.stepUp.title })).toBeNull());
    expect(attempts).toBe(1);
    // Still in the change-password dialog, nothing claimed to have happened.
    expect(screen.queryByText(km.account.passwordChanged)).toBeNull();
  });
});
