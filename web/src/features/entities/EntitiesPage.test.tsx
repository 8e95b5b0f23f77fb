// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

const ENTITY_ID = '00000000-0000-4000-8000-0000000000e1';
const TIP_ID = '00000000-0000-4000-8000-0000000000c1';
const PHONE = {
  id: ENTITY_ID,
  kind: 'phone',
  value: '+85512388001',
  stopListed: null,
  recordCount: 3,
  firstSeenAt: '2026-11-28T09:00:00.000Z',
  lastSeenAt: '2026-11-28T10:00:00.000Z',
};
const DETAIL = {
  ...PHONE,
  records: [
    {
      recordType: 'tip',
      id: TIP_ID,
      reference: 'T-2026-000042',
      status: 'new',
      holder: { agencyCode: 'KH-NP-AHTJP', unitCode: 'HOTLINE' },
      roles: ['suspect'],
      visible: true,
    },
    {
      recordType: 'tip',
      id: null,
      reference: null,
      status: null,
      holder: { agencyCode: 'KH-GDI', unitCode: 'BORDER' },
      roles: [],
      visible: false,
    },
  ],
};
// Generous: the first render loads the lazy page chunk, slow on a busy machine.
const slow = { timeout: 15_000 };

let api: MockApi;
let queries: Array<string | null>;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  queries = [];
  api = mockApi()
    .on('GET /api/v1/me', [
      200,
      meBody({ roles: ['intel_analyst'], abilities: ['entities.list', 'tips.read'] }),
    ])
    .on('GET /api/v1/alerts/count', [200, { unacknowledged: 0 }])
    .on('GET /api/v1/entities', ({ url }) => {
      const q = url.searchParams.get('q');
      queries.push(q);
      const items = q === null || PHONE.value.includes(q) ? [PHONE] : [];
      return [200, { items, limit: 50, offset: 0, total: items.length }];
    })
    .on(`GET /api/v1/entities/${ENTITY_ID}`, [200, DETAIL]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
  window.history.replaceState(null, '', path);
  render(<App i18n={createI18n()} />);
}

describe('entities pages', () => {
  it('lists and searches identifiers in Khmer, each linking to its page', async () => {
    renderAt('/entities');
    expect(await screen.findByRole('heading', { level: 1, name: km.entities.title }, slow)).toBeTruthy();
    const link = await screen.findByRole('link', { name: PHONE.value }, slow);
    expect(link.getAttribute('href')).toBe(`/entities/${ENTITY_ID}`);
    fireEvent.change(screen.getByRole('textbox', { name: km.entities.search }), {
      target: { value: 'nobody' },
    });
    fireEvent.click(screen.getByRole('button', { name: km.entities.searchButton }));
    expect(await screen.findByText(km.entities.empty, {}, slow)).toBeTruthy();
    expect(queries).toEqual([null, 'nobody']);
    expect(api.unhandled).toEqual([]);
  });

  it("shows an identifier's records: readable ones linked, others only by holder", async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    renderAt(`/entities/${ENTITY_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: PHONE.value }, slow)).toBeTruthy();
    const tip = screen.getByRole('link', { name: 'T-2026-000042' });
    expect(tip.getAttribute('href')).toBe(`/tips/${TIP_ID}`);
    const holder = en.tips.related.heldByUnit.replace('{{unit}}', 'BORDER').replace('{{agency}}', 'KH-GDI');
    expect(screen.getByText(`${en.tips.related.type.tip}: ${holder}`)).toBeTruthy();
    expect(screen.getByText(en.entities.moreRecords.replace('{{count}}', '1'))).toBeTruthy();
  });

  it('is not offered to a user without the ability', async () => {
    api.on('GET /api/v1/me', [200, meBody({ roles: ['ngo_caseworker'], abilities: [] })]);
    renderAt('/entities');
    expect(await screen.findByRole('heading', { level: 1, name: km.notFound.title }, slow)).toBeTruthy();
    expect(api.calls.some((c) => c.route.startsWith('GET /api/v1/entities'))).toBe(false);
  });
});
