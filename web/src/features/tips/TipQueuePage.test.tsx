// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { AGENCY, type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { OPERATOR, SUMMARY, UNIT } from './tipFixtures';

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, OPERATOR])
    .on(`GET /api/v1/agencies/${AGENCY.id}/units`, [200, { items: [UNIT], total: 1, limit: 100, offset: 0 }])
    .on('GET /api/v1/tips', [200, { items: [SUMMARY], total: 1, limit: 50, offset: 0 }]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The query strings of every GET /api/v1/tips so far. */
function listQueries(): URLSearchParams[] {
  return (fetch as ReturnType<typeof vi.fn>).mock.calls
    .map(([url]) => new URL(String(url), 'http://localhost'))
    .filter((url) => url.pathname === '/api/v1/tips')
    .map((url) => url.searchParams);
}

async function renderQueue(path: string, language: 'km' | 'en' = 'km') {
  window.history.replaceState(null, '', path);
  render(<App i18n={createI18n(language)} />);
  const messages = language === 'km' ? km : en;
  await screen.findByRole('heading', { level: 1, name: messages.tips.queue.title }, { timeout: 15_000 });
}

// Generous limits: the first render loads the page's lazy chunk, slow on a shared 2-core machine.
describe('tip queue', { timeout: 45_000 }, () => {
  it('sends the filters in the address to the API, sorted by time left by default', async () => {
    await renderQueue('/tips?status=open&priority=P1&province=KH-12&assignee=me&page=2');
    await waitFor(() => expect(listQueries().length).toBeGreaterThan(0));
    const query = listQueries().at(-1) as URLSearchParams;
    expect(query.getAll('status')).toEqual(['new', 'triaged', 'assigned']);
    expect(query.get('priority')).toBe('P1');
    expect(query.get('province')).toBe('KH-12');
    expect(query.get('assignee')).toBe('me');
    expect(query.get('sort')).toBe('time_left');
    expect(query.get('offset')).toBe('50');
    expect(query.get('limit')).toBe('50');
  });

  it('puts a changed filter into the address and the query, back on page one', async () => {
    await renderQueue('/tips?page=3', 'en');
    const row = (await screen.findByRole('link', { name: SUMMARY.reference })).closest('tr') as HTMLElement;
    expect(within(row).getByText(`${en.tips.proposedBadge.replace('{{priority}}', 'P2')}`)).toBeTruthy();
    expect(within(row).getByText(en.tips.status.new)).toBeTruthy();
    expect(within(row).getByText('3 h 0 min left')).toBeTruthy();

    fireEvent.click(screen.getByRole('combobox', { name: en.tips.fields.sla }));
    fireEvent.click(await screen.findByRole('option', { name: en.tips.slaState.breached, hidden: true }));
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('sla')).toBe('breached'));
    expect(new URLSearchParams(window.location.search).get('page')).toBeNull();
    await waitFor(() => expect(listQueries().at(-1)?.get('sla')).toBe('breached'));
    expect(listQueries().at(-1)?.get('offset')).toBe('0');

    fireEvent.change(screen.getByRole('searchbox', { name: en.tips.queue.search }), {
      target: { value: 'guesthouse' },
    });
    await waitFor(() => expect(listQueries().at(-1)?.get('q')).toBe('guesthouse'), { timeout: 2000 });
    expect(new URLSearchParams(window.location.search).get('q')).toBe('guesthouse');
  });

  it('ignores address values the API would refuse', async () => {
    await renderQueue('/tips?status=bogus&priority=P9&sort=sideways&assignee=someone');
    await waitFor(() => expect(listQueries().length).toBeGreaterThan(0));
    const query = listQueries().at(-1) as URLSearchParams;
    expect([...query.keys()].sort()).toEqual(['limit', 'offset', 'sort']);
    expect(query.get('sort')).toBe('time_left');
  });

  it('assigns the selected tips to a unit in one request', async () => {
    api.on('POST /api/v1/tips/assign', [200, { assigned: 1 }]);
    await renderQueue('/tips', 'en');
    const bulk = screen.getByRole('button', { name: en.tips.queue.bulkAssign.replace('{{count}}', '0') });
    expect(bulk.hasAttribute('disabled')).toBe(true);
    fireEvent.click(
      await screen.findByRole('checkbox', {
        name: en.tips.queue.select.replace('{{reference}}', SUMMARY.reference),
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: en.tips.queue.bulkAssign.replace('{{count}}', '1') }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.assign.submit }));
    expect(await within(dialog).findByText(en.tips.assign.unitMissing)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('combobox', { name: en.tips.assign.unit }));
    fireEvent.click(
      await screen.findByRole('option', { name: `${UNIT.nameEn} (${UNIT.code})`, hidden: true }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.assign.submit }));
    await waitFor(() => expect(api.calls.some((c) => c.route === 'POST /api/v1/tips/assign')).toBe(true));
    const call = api.calls.find((c) => c.route === 'POST /api/v1/tips/assign');
    expect(call?.body).toEqual({ unitId: UNIT.id, assigneeId: null, tipIds: [SUMMARY.id] });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('is not offered to users who may not read tips at all', async () => {
    api.on('GET /api/v1/me', [200, meBody({ roles: ['trainer'], abilities: [] })]);
    window.history.replaceState(null, '', '/tips');
    render(<App i18n={createI18n('en')} />);
    expect(await screen.findByText(en.tips.queue.intakeOnly, {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.queryByRole('link', { name: en.tips.queue.new })).toBeNull();
    expect(api.calls.some((c) => c.route === 'GET /api/v1/tips')).toBe(false);
  });
});
