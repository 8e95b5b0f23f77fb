// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../i18n';
import { AGENCY, error, type MockApi, meBody, mockApi, stubMatchMedia } from '../testing/mockApi';
import { App } from './App';
import { browserLocation } from './navigation';

const health = {
  status: 'ok',
  database: { engine: 'pglite', reachable: true, migrationsCurrent: true },
  version: '0.1.0',
};

let api: MockApi;
let assign: ReturnType<typeof vi.spyOn>;

beforeAll(stubMatchMedia);

beforeEach(() => {
  localStorage.clear();
  api = mockApi().on('GET /api/health', [200, health]);
  assign = vi.spyOn(browserLocation, 'assign').mockImplementation(() => {});
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderAt(path: string) {
  window.history.replaceState(null, '', path);
  // No stored choice: the app must start in Khmer.
  return render(<App i18n={createI18n()} />);
}

const slow = { timeout: 5000 };

describe('auth gate', () => {
  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    api.on('GET /api/v1/me', error('unauthenticated', 401));
    renderAt('/cases?x=1');
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/login?next=%2Fcases%3Fx%3D1'), slow);
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the signed-in shell: name, agency in the current language, navigation by abilities', async () => {
    api.on('GET /api/v1/me', [200, meBody()]);
    renderAt('/');

    const banner = await screen.findByRole('banner', {}, slow);
    expect(within(banner).getByText('Pich Rotha')).toBeTruthy();
    expect(within(banner).getByText(AGENCY.nameKm)).toBeTruthy();
    expect(document.documentElement.lang).toBe('km');

    const nav = screen.getByRole('navigation', { name: 'ម៉ឺនុយចម្បង' });
    for (const pillar of ['បង្ការ', 'ស៊ើបអង្កេត', 'ការពារ', 'ចោទប្រកាន់', 'ភាពជាដៃគូ']) {
      expect(within(nav).getByRole('group', { name: pillar })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'សំណុំរឿង' }).getAttribute('href')).toBe('/cases');
    const admin = within(nav).getByRole('group', { name: 'ការគ្រប់គ្រង' });
    expect(within(admin).getByRole('link', { name: 'អ្នកប្រើប្រាស់' }).getAttribute('href')).toBe('/admin/users');
    expect(within(admin).getByRole('link', { name: 'ស្ថាប័ន និងអង្គភាព' })).toBeTruthy();
    // No approvals.* ability: no inbox.
    expect(within(nav).queryByRole('link', { name: 'ការអនុម័ត' })).toBeNull();
    expect(await screen.findByText('ដំណើរការធម្មតា')).toBeTruthy();

    fireEvent.click(within(banner).getByRole('button', { name: 'English' }));
    const englishNav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(englishNav).getByRole('link', { name: 'Offender register & screening' })).toBeTruthy();
    expect(within(banner).getByText(AGENCY.nameEn)).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  it('offers no administration to a user without admin abilities, and answers its pages with not-found', async () => {
    api.on('GET /api/v1/me', [200, meBody({ roles: ['investigator'], abilities: ['agencies.list'] })]);
    renderAt('/admin/users');
    expect(await screen.findByRole('heading', { level: 1, name: 'រកមិនឃើញទំព័រ' }, slow)).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'ម៉ឺនុយចម្បង' });
    expect(within(nav).queryByRole('group', { name: 'ការគ្រប់គ្រង' })).toBeNull();
    expect(api.calls.some((call) => call.route.startsWith('GET /api/v1/users'))).toBe(false);
  });

  it('shows the terms of use until they are acknowledged', async () => {
    let acknowledged = false;
    api
      .on('GET /api/v1/me', () => [200, meBody({ bannerAcknowledged: acknowledged })])
      .on('POST /api/v1/me/banner', () => {
        acknowledged = true;
        return [204];
      });
    renderAt('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'លក្ខខណ្ឌប្រើប្រាស់' }, slow)).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'ខ្ញុំយល់ និងទទួលយក' }));
    expect(await screen.findByRole('navigation', { name: 'ម៉ឺនុយចម្បង' })).toBeTruthy();
    expect(api.calls.filter((call) => call.route === 'POST /api/v1/me/banner')).toHaveLength(1);
  });

  it('signs out from the account menu and leaves with a full page load', async () => {
    api.on('GET /api/v1/me', [200, meBody()]).on('POST /api/v1/auth/logout', [204]);
    renderAt('/');
    fireEvent.click(await screen.findByTestId('user-menu', {}, slow));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'ចាកចេញ' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/login'));
    expect(api.calls.map((call) => call.route)).toContain('POST /api/v1/auth/logout');
    // Every call carries the header the server requires.
    expect(api.calls.every((call) => call.headers['x-requested-with'] === 'karpear')).toBe(true);
  });

  it('shows an honest placeholder naming the pillar for a planned capability', async () => {
    api.on('GET /api/v1/me', [200, meBody()]);
    renderAt('/victims');
    expect(await screen.findByRole('heading', { level: 1, name: 'ជនរងគ្រោះ និងការសម្ភាសន៍' }, slow)).toBeTruthy();
    expect(screen.getByText('សសរស្តម្ភ៖ ការពារ')).toBeTruthy();
  });

  it('answers unknown addresses with a translated not-found page, without asking to sign in', async () => {
    api.on('GET /api/v1/me', error('unauthenticated', 401));
    renderAt('/no-such-page');
    expect(await screen.findByRole('heading', { level: 1, name: 'រកមិនឃើញទំព័រ' }, slow)).toBeTruthy();
  });
});
