// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { AGENCY, type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { DETAIL, OPERATOR, UNIT } from './tipFixtures';

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, OPERATOR])
    .on(`GET /api/v1/agencies/${AGENCY.id}/units`, [200, { items: [UNIT], total: 1, limit: 100, offset: 0 }])
    .on(`GET /api/v1/tips/${DETAIL.id}`, [200, DETAIL]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderTip(language: 'km' | 'en', detail: Record<string, unknown> = DETAIL) {
  api.on(`GET /api/v1/tips/${DETAIL.id}`, [200, detail]);
  window.history.replaceState(null, '', `/tips/${DETAIL.id}`);
  render(<App i18n={createI18n(language)} />);
  await screen.findByRole('heading', { level: 1, name: DETAIL.reference }, { timeout: 15_000 });
}

// Generous limits: the first render loads the page's lazy chunk, slow on a shared 2-core machine.
describe('tip page', { timeout: 45_000 }, () => {
  it('shows a related record the user may not read only as who holds it, in Khmer', async () => {
    await renderTip('km');
    const related = screen.getByRole('region', { name: km.tips.related.title });
    const held = km.tips.related.heldByUnit
      .replace('{{unit}}', 'AHT-SR')
      .replace('{{agency}}', 'KH-PP-SIEMREAP');
    expect(within(related).getByText(held, { exact: false })).toBeTruthy();
    // Only the record the user may read is a link, with its status.
    expect(
      within(related)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['TIP-2026-000041']);
    expect(within(related).getByText(`(${km.tips.status.triaged})`, { exact: false })).toBeTruthy();
    const entities = screen.getByRole('region', { name: km.tips.entities.title });
    expect(
      within(entities).getByText(km.tips.entities.shared.replace('{{count}}', '2'), { exact: false }),
    ).toBeTruthy();
    // Offered per the tip's abilities: no conversion, no legal authority for this operator.
    expect(screen.getByRole('button', { name: km.tips.triage.open })).toBeTruthy();
    expect(screen.queryByRole('button', { name: km.tips.convert.open })).toBeNull();
  });

  it('requires a reason when the operator changes the proposed priority', async () => {
    api.on(`POST /api/v1/tips/${DETAIL.id}/triage`, [200, { id: DETAIL.id }]);
    await renderTip('en');
    fireEvent.click(screen.getByRole('button', { name: en.tips.triage.open }));
    const dialog = await screen.findByRole('dialog', { name: en.tips.triage.title });
    expect(within(dialog).getByText(en.tips.rule.child_under_13, { exact: false })).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('combobox', { name: en.tips.fields.priority }));
    fireEvent.click(await screen.findByRole('option', { name: en.tips.priorityName.P1, hidden: true }));
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.triage.submit }));
    expect(await within(dialog).findByText(en.tips.triage.reasonMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/triage'))).toBe(false);

    fireEvent.change(within(dialog).getByRole('textbox', { name: new RegExp(en.tips.triage.reason) }), {
      target: { value: 'Caller saw the child this morning' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.triage.submit }));
    await waitFor(() => expect(api.calls.some((c) => c.route.endsWith('/triage'))).toBe(true));
    expect(api.calls.find((c) => c.route.endsWith('/triage'))?.body).toEqual({
      priority: 'P1',
      reason: 'Caller saw the child this morning',
      version: DETAIL.version,
    });
  });

  it('confirms the proposed priority without a reason', async () => {
    api.on(`POST /api/v1/tips/${DETAIL.id}/triage`, [200, { id: DETAIL.id }]);
    await renderTip('en');
    fireEvent.click(screen.getByRole('button', { name: en.tips.triage.open }));
    const dialog = await screen.findByRole('dialog', { name: en.tips.triage.title });
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.triage.submit }));
    await waitFor(() => expect(api.calls.some((c) => c.route.endsWith('/triage'))).toBe(true));
    expect(api.calls.find((c) => c.route.endsWith('/triage'))?.body).toEqual({ priority: 'P2', version: 3 });
  });

  it('reads the reporter contact only when asked, through its own audited route', async () => {
    api.on(`GET /api/v1/tips/${DETAIL.id}/reporter-contact`, [
      200,
      { reporterContact: 'Synthetic: +855 12 000 999' },
    ]);
    await renderTip('en', { ...DETAIL, abilities: [...DETAIL.abilities, 'tips.read_reporter_contact'] });
    expect(api.calls.some((c) => c.route.endsWith('/reporter-contact'))).toBe(false);
    expect(screen.getByText(en.tips.contact.auditNote)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: en.tips.contact.show }));
    expect(await screen.findByText('Synthetic: +855 12 000 999')).toBeTruthy();
    expect(api.calls.filter((c) => c.route.endsWith('/reporter-contact'))).toHaveLength(1);
  });

  it('sends a closing status only with a reason', async () => {
    api.on(`POST /api/v1/tips/${DETAIL.id}/status`, [200, { id: DETAIL.id }]);
    await renderTip('en');
    fireEvent.click(screen.getByRole('button', { name: en.tips.statusChange.open }));
    const dialog = await screen.findByRole('dialog', { name: en.tips.statusChange.title });
    fireEvent.click(within(dialog).getByRole('button', { name: en.tips.statusChange.submit }));
    expect(await within(dialog).findByText(en.tips.statusChange.reasonMissing)).toBeTruthy();
    expect(within(dialog).getByText(en.tips.statusChange.statusMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/status'))).toBe(false);
  });
});
