// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../app/App';
import { createI18n } from '../../../i18n';
import km from '../../../i18n/km.json';
import { AGENCY, error, type MockApi, meBody, mockApi, stubMatchMedia } from '../../../testing/mockApi';

const USER = {
  id: '00000000-0000-4000-8000-0000000000aa',
  email: 'investigator@demo.karpear.test',
  displayName: 'Chan Sophea',
  roles: ['investigator'],
  status: 'locked',
  agencyId: AGENCY.id,
  unitId: null,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  factors: { totp: true, webauthn: 0 },
};

let api: MockApi;

beforeAll(stubMatchMedia);

beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, meBody()])
    .on('GET /api/v1/agencies', [
      200,
      {
        items: [{ ...AGENCY, country: 'KH', createdAt: '', abilities: [] }],
        total: 1,
        limit: 100,
        offset: 0,
      },
    ])
    .on(`GET /api/v1/agencies/${AGENCY.id}/units`, [200, { items: [], total: 0, limit: 100, offset: 0 }])
    .on('GET /api/v1/users', [200, { items: [USER], total: 1, limit: 50, offset: 0 }]);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderUsers() {
  window.history.replaceState(null, '', '/admin/users');
  render(<App i18n={createI18n()} />);
  return screen.findByRole('heading', { level: 1, name: km.nav.users }, { timeout: 5000 });
}

describe('users administration', () => {
  it('lists users with translated roles and status, and searches by name or e-mail', async () => {
    await renderUsers();
    const row = (await screen.findByText('Chan Sophea')).closest('tr') as HTMLElement;
    expect(within(row).getByText(km.roles.investigator)).toBeTruthy();
    expect(within(row).getByText(km.userStatus.locked)).toBeTruthy();
    expect(within(row).getByText(km.admin.users.never)).toBeTruthy();

    fireEvent.change(screen.getByRole('searchbox', { name: km.admin.users.search }), {
      target: { value: 'chan' },
    });
    await waitFor(() =>
      expect(api.calls.some((call) => call.route === 'GET /api/v1/users' && call.body === undefined)).toBe(
        true,
      ),
    );
    await waitFor(
      () =>
        expect(
          (fetch as ReturnType<typeof vi.fn>).mock.calls.some(([url]) => String(url).includes('q=chan')),
        ).toBe(true),
      { timeout: 2000 },
    );
  });

  it('invites a user: server issues appear on their fields, then the link is shown once', async () => {
    let attempts = 0;
    api.on('POST /api/v1/users', ({ body }) => {
      attempts++;
      if (attempts === 1)
        return error('validation_failed', 400, [{ path: 'body.email', message: 'is not an e-mail address' }]);
      expect(body).toEqual({ email: 'new@demo.karpear.test', name: 'Sok New', roles: ['investigator'] });
      return [
        201,
        {
          user: { ...USER, email: 'new@demo.karpear.test', displayName: 'Sok New', status: 'invited' },
          invitationUrl: '/invite#tok',
        },
      ];
    });
    await renderUsers();
    fireEvent.click(screen.getByRole('button', { name: km.admin.users.invite.open }));
    const dialog = await screen.findByRole('dialog', { name: km.admin.users.invite.title });
    const submit = within(dialog).getByRole('button', { name: km.admin.users.invite.submit });

    fireEvent.click(submit);
    expect(await within(dialog).findByText(km.admin.users.missing.roles)).toBeTruthy();
    expect(attempts).toBe(0);

    fireEvent.change(within(dialog).getByRole('textbox', { name: km.admin.users.fields.email }), {
      target: { value: 'new@demo.karpear.test' },
    });
    fireEvent.change(within(dialog).getByRole('textbox', { name: km.admin.users.fields.name }), {
      target: { value: 'Sok New' },
    });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: km.roles.investigator }));
    fireEvent.click(submit);
    expect(
      await within(dialog).findByText(km.errors.field.replace('{{detail}}', 'is not an e-mail address')),
    ).toBeTruthy();

    fireEvent.click(submit);
    const link = (await screen.findByRole('textbox', {
      name: km.admin.users.invite.link,
    })) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/invite#tok`);
    expect(screen.getByRole('button', { name: km.admin.link.copy })).toBeTruthy();
  });

  it('unlocks a locked user from the edit dialog', async () => {
    api.on(`POST /api/v1/users/${USER.id}/unlock`, [200, { ...USER, status: 'active' }]);
    await renderUsers();
    fireEvent.click(
      await screen.findByRole('button', {
        name: km.admin.users.edit.open.replace('{{name}}', 'Chan Sophea'),
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: km.admin.users.unlock.button }));
    expect(await within(dialog).findByText(km.admin.users.unlock.done)).toBeTruthy();
  });
});
