// @vitest-environment happy-dom
import { createMemoryHistory } from '@tanstack/react-router';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../i18n';
import { App, createQueryClient } from './App';
import { createAppRouter } from './router';

const health = {
  status: 'ok',
  database: { engine: 'pglite', reachable: true, migrationsCurrent: true },
  version: '0.1.0',
};

beforeAll(() => {
  // happy-dom has no matchMedia; Mantine reads it for colour scheme and responsive hooks.
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
});

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () => new Response(JSON.stringify(health), { headers: { 'content-type': 'application/json' } }),
    ),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderApp(path = '/') {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  // No stored choice: the app must start in Khmer.
  return render(<App router={router} i18n={createI18n()} queryClient={createQueryClient()} />);
}

describe('app shell', () => {
  it('starts in Khmer with the pillar navigation, then switches to English', async () => {
    renderApp();

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('ការពារ')).toBeTruthy();
    expect(document.documentElement.lang).toBe('km');

    const nav = screen.getByRole('navigation', { name: 'ម៉ឺនុយចម្បង' });
    for (const pillar of ['បង្ការ', 'ស៊ើបអង្កេត', 'ការពារ', 'ចោទប្រកាន់', 'ភាពជាដៃគូ']) {
      expect(within(nav).getByRole('group', { name: pillar })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'សំណុំរឿង' }).getAttribute('href')).toBe('/cases');
    expect(await screen.findByText('ដំណើរការធម្មតា')).toBeTruthy();

    fireEvent.click(within(banner).getByRole('button', { name: 'English' }));

    const englishNav = await screen.findByRole('navigation', { name: 'Main navigation' });
    for (const pillar of ['Prevent', 'Investigate', 'Protect', 'Prosecute', 'Partner']) {
      expect(within(englishNav).getByRole('group', { name: pillar })).toBeTruthy();
    }
    expect(within(englishNav).getByRole('link', { name: 'Offender register & screening' })).toBeTruthy();
    expect(screen.getByText('Working normally')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  it('shows an honest placeholder naming the pillar for a planned capability', async () => {
    renderApp('/victims');
    expect(await screen.findByRole('heading', { level: 1, name: 'ជនរងគ្រោះ និងការសម្ភាសន៍' })).toBeTruthy();
    expect(screen.getByText('សសរស្តម្ភ៖ ការពារ')).toBeTruthy();
  });

  it('answers unknown addresses with a translated not-found page', async () => {
    renderApp('/no-such-page');
    expect(await screen.findByRole('heading', { level: 1, name: 'រកមិនឃើញទំព័រ' })).toBeTruthy();
  });
});
