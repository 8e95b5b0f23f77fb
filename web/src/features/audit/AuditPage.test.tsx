// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

const EVENT = {
  position: 42,
  at: '2026-11-28T08:00:00.123Z',
  actorId: '00000000-0000-4000-8000-0000000000aa',
  agencyId: null,
  action: 'read',
  objectType: 'victim',
  objectId: '00000000-0000-4000-8000-0000000000bb',
  outcome: 'denied',
  ip: '10.0.0.9',
  requestId: null,
  justification: null,
  details: { fields: ['name'] },
  hash: 'ab'.repeat(32),
};

const STATUS = {
  status: 'tampered',
  message: 'Event 7: its content does not match its hash.',
  events: 6,
  checkpoints: 2,
  latestCheckpoint: { position: 40, at: '2026-11-28T07:00:00.000Z' },
  unanchoredTail: 0,
  firstBadPosition: 7,
  problem: 'hash_mismatch',
  checkedAt: '2026-11-28T08:01:00.000Z',
  ms: 12,
  eventsPerSecond: 500,
  cached: false,
};

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, meBody({ roles: ['auditor'], abilities: ['audit.read', 'audit.export'] })])
    .on('GET /api/v1/audit/status', [200, STATUS])
    .on('GET /api/v1/audit/events', ({ url }) => [
      200,
      {
        items: url.searchParams.get('before') ? [] : [EVENT],
        limit: 50,
        nextBefore: url.searchParams.get('before') ? null : 42,
      },
    ]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderAudit() {
  window.history.replaceState(null, '', '/audit');
  render(<App i18n={createI18n()} />);
  return screen.findByRole('heading', { level: 1, name: km.audit.title }, { timeout: 5000 });
}

describe('audit log page', () => {
  it('shows the verification status, the events and a CSV link for the applied filters, in Khmer', async () => {
    await renderAudit();
    expect(await screen.findByText(km.audit.status.tampered)).toBeTruthy();
    expect(screen.getByText(km.audit.problems.hash_mismatch, { exact: false })).toBeTruthy();
    const row = (await screen.findByText(EVENT.objectId)).closest('tr') as HTMLElement;
    expect(within(row).getByText(km.audit.outcomes.denied)).toBeTruthy();
    expect(within(row).getByText('42')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: km.app.mainNavigation });
    expect(within(nav).getByRole('link', { name: km.audit.nav })).toBeTruthy();

    fireEvent.change(screen.getByLabelText(km.audit.objectType), { target: { value: 'victim' } });
    fireEvent.click(screen.getByRole('button', { name: km.audit.apply }));
    await waitFor(() =>
      expect(
        (fetch as ReturnType<typeof vi.fn>).mock.calls.some(([url]) =>
          String(url).includes('objectType=victim'),
        ),
      ).toBe(true),
    );
    const link = screen.getByRole('link', { name: km.audit.export });
    expect(link.getAttribute('href')).toBe('/api/v1/audit/export.csv?objectType=victim');

    fireEvent.click(screen.getByRole('button', { name: km.audit.older }));
    expect(await screen.findByText(km.audit.none)).toBeTruthy();
    expect(api.unhandled).toEqual([]);
  });

  it('is offered to auditors only', async () => {
    api.on('GET /api/v1/me', [200, meBody()]);
    window.history.replaceState(null, '', '/audit');
    render(<App i18n={createI18n('en')} />);
    expect(
      await screen.findByRole('heading', { level: 1, name: en.notFound.title }, { timeout: 5000 }),
    ).toBeTruthy();
    expect(api.calls.some((c) => c.route.startsWith('GET /api/v1/audit'))).toBe(false);
  });
});
