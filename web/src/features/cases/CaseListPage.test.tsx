// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, INVESTIGATOR } from './caseFixtures';

/**
 * The case list's total: exact as the server counts it, and "10,000+" when the server says it stopped
 * counting (`totalCapped`, cases.repo.ts CASE_TOTAL_CAP).
 */
let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi().on('GET /api/v1/me', [200, INVESTIGATOR]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function serveList(total: number, totalCapped: boolean) {
  api.on('GET /api/v1/cases', [200, { items: [CASE], limit: 25, offset: 0, total, totalCapped }]);
}

async function renderList(language: 'km' | 'en') {
  window.history.replaceState(null, '', '/cases');
  render(<App i18n={createI18n(language)} />);
  await screen.findByRole('link', { name: CASE.reference }, { timeout: 15_000 });
}

// Generous limits: the first render loads the page's lazy chunk, slow on a shared 2-core machine.
describe('case list total', { timeout: 45_000 }, () => {
  it('shows "10,000+" when the server capped the count', async () => {
    serveList(10_000, true);
    await renderList('en');
    expect(screen.getByText(en.cases.list.count.replace('{{count}}', '10,000+'))).toBeTruthy();
    // 10,000 cases at 25 a page: the last page control is page 400.
    expect(screen.getByRole('button', { name: '400' })).toBeTruthy();
  });

  it('shows the exact count, without "+", under the cap', async () => {
    serveList(42, false);
    await renderList('en');
    expect(screen.getByText(en.cases.list.count.replace('{{count}}', '42'))).toBeTruthy();
    expect(screen.queryByText(/\+/)).toBeNull();
  });

  it('says "10,000+" in Khmer too', async () => {
    serveList(10_000, true);
    await renderList('km');
    const capped = `${(10_000).toLocaleString('km')}+`;
    expect(screen.getByText(km.cases.list.count.replace('{{count}}', capped))).toBeTruthy();
  });
});
