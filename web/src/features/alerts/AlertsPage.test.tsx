// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

const TIP_ID = '00000000-0000-4000-8000-0000000000c1';
const SLA = {
  id: '00000000-0000-4000-8000-0000000000a1',
  kind: 'sla_breach',
  recordType: 'tip',
  recordId: TIP_ID,
  reference: 'T-2026-000042',
  params: { priority: 'P1', dueAt: '2026-11-28T10:00:00.000Z' },
  createdAt: '2026-11-28T10:00:05.000Z',
  acknowledgedAt: null,
};
const HIT = {
  id: '00000000-0000-4000-8000-0000000000a2',
  kind: 'register_hit',
  recordType: 'register_entry',
  recordId: '00000000-0000-4000-8000-0000000000c2',
  reference: 'R-000007',
  params: {},
  createdAt: '2026-11-28T09:00:00.000Z',
  acknowledgedAt: null,
};
const slow = { timeout: 5000 };

let api: MockApi;
let acknowledged: Set<string>;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  acknowledged = new Set();
  const current = () =>
    [SLA, HIT].map((a) =>
      acknowledged.has(a.id) ? { ...a, acknowledgedAt: '2026-11-28T10:05:00.000Z' } : a,
    );
  api = mockApi()
    .on('GET /api/v1/me', [200, meBody({ roles: ['unit_supervisor'], abilities: ['tips.read'] })])
    .on('GET /api/v1/alerts/count', () => [
      200,
      { unacknowledged: current().filter((a) => a.acknowledgedAt === null).length },
    ])
    .on('GET /api/v1/alerts', ({ url }) => {
      const open = url.searchParams.get('unacknowledged') === 'true';
      const items = current().filter((a) => !open || a.acknowledgedAt === null);
      return [200, { items, limit: 25, offset: 0, total: items.length }];
    })
    .on('POST /api/v1/alerts/00000000-0000-4000-8000-0000000000a1/ack', () => {
      acknowledged.add(SLA.id);
      return [200, { ...SLA, acknowledgedAt: '2026-11-28T10:05:00.000Z' }];
    });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
  window.history.replaceState(null, '', path);
  render(<App i18n={createI18n()} />);
}

describe('alerts', () => {
  it('shows the unacknowledged count on the header bell, linking to the alerts page', async () => {
    renderAt('/');
    const bell = await screen.findByRole(
      'link',
      { name: km.alerts.bellCount.replace('{{count}}', '2') },
      slow,
    );
    expect(bell.getAttribute('href')).toBe('/alerts');
    expect(
      within(screen.getByTestId('alerts-bell-count').parentElement as HTMLElement).getByText('2'),
    ).toBeTruthy();
  });

  it('lists alerts in Khmer per kind, links tips, and acknowledges one', async () => {
    renderAt('/alerts');
    expect(await screen.findByRole('heading', { level: 1, name: km.alerts.title }, slow)).toBeTruthy();
    const slaText = km.alerts.kind.sla_breach
      .replace('{{reference}}', SLA.reference)
      .replace('{{priority}}', 'P1');
    expect(await screen.findByText(slaText)).toBeTruthy();
    expect(
      screen.getByText(km.alerts.kind.register_hit.replace('{{reference}}', HIT.reference)),
    ).toBeTruthy();
    // A tip has a page: linked. A register entry has none yet: its reference as text.
    const tipLink = screen.getByRole('link', {
      name: km.alerts.open.replace('{{reference}}', SLA.reference),
    });
    expect(tipLink.getAttribute('href')).toBe(`/tips/${TIP_ID}`);
    expect(screen.getByText(km.alerts.record.replace('{{reference}}', HIT.reference))).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: `${km.alerts.acknowledge}: ${slaText}` }));
    await waitFor(() => expect(screen.queryByText(slaText)).toBeNull());
    expect(api.calls.filter((c) => c.route.endsWith('/ack'))).toHaveLength(1);
    // The bell follows.
    expect(
      await screen.findByRole('link', { name: km.alerts.bellCount.replace('{{count}}', '1') }, slow),
    ).toBeTruthy();
    // Acknowledged ones come back when the filter is off.
    fireEvent.click(screen.getByRole('switch', { name: km.alerts.onlyOpen }));
    expect(await screen.findByText(slaText)).toBeTruthy();
    expect(api.unhandled).toEqual([]);
  });

  it('reads in English too', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    renderAt('/alerts');
    expect(await screen.findByRole('heading', { level: 1, name: en.alerts.title }, slow)).toBeTruthy();
    expect(
      await screen.findByText(
        en.alerts.kind.sla_breach.replace('{{reference}}', SLA.reference).replace('{{priority}}', 'P1'),
      ),
    ).toBeTruthy();
  });
});
