// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import km from '../../i18n/km.json';
import { error, type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, DRAFT, INVESTIGATOR } from './caseFixtures';

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, INVESTIGATOR])
    .on(`GET /api/v1/cases/${CASE.id}`, [200, CASE])
    .on(`GET /api/v1/cases/${CASE.id}/plan`, [200, { current: DRAFT, versions: [DRAFT] }]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderCase(language: 'km' | 'en') {
  window.history.replaceState(null, '', `/cases/${CASE.id}`);
  render(<App i18n={createI18n(language)} />);
  await screen.findByRole('heading', { level: 1, name: CASE.reference }, { timeout: 15_000 });
}

// Generous limits: the first render loads the page's lazy chunk, slow on a shared 2-core machine.
describe('case page', { timeout: 45_000 }, () => {
  it('refuses to reopen a closed case without a reason, then sends the reason with the version', async () => {
    api.on(`POST /api/v1/cases/${CASE.id}/status`, [200, { ...CASE, status: 'under_investigation' }]);
    await renderCase('en');
    fireEvent.click(screen.getByRole('button', { name: en.cases.statusChange.open }));
    const dialog = await screen.findByRole('dialog', { name: en.cases.statusChange.title });
    fireEvent.click(within(dialog).getByRole('combobox', { name: new RegExp(en.cases.statusChange.status) }));
    // From closed, reopening to "under investigation" is the only move offered.
    const options = await screen.findAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual([en.cases.status.under_investigation]);
    fireEvent.click(options[0] as HTMLElement);
    fireEvent.click(within(dialog).getByRole('button', { name: en.cases.statusChange.submit }));
    expect(await within(dialog).findByText(en.cases.statusChange.reasonMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/status'))).toBe(false);

    fireEvent.change(
      within(dialog).getByRole('textbox', { name: new RegExp(en.cases.statusChange.reason) }),
      {
        target: { value: 'New evidence from the hotline' },
      },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: en.cases.statusChange.submit }));
    await waitFor(() => expect(api.calls.some((c) => c.route.endsWith('/status'))).toBe(true));
    expect(api.calls.find((c) => c.route.endsWith('/status'))?.body).toEqual({
      status: 'under_investigation',
      reason: 'New evidence from the hotline',
      version: CASE.version,
    });
  });

  it('keeps the user’s plan text beside the reloaded plan when the save conflicts, in Khmer', async () => {
    let saves = 0;
    api.on(`PUT /api/v1/cases/${CASE.id}/plan/draft`, () => {
      saves += 1;
      return error('conflict', 409, [
        { path: 'body.lockVersion', message: 'stale: current lock version is 4' },
      ]);
    });
    await renderCase('km');
    fireEvent.click(screen.getByRole('tab', { name: km.cases.tabs.plan }));
    fireEvent.click(await screen.findByRole('button', { name: km.cases.plan.edit }));
    const objectives = screen.getByRole('textbox', { name: new RegExp(km.cases.plan.section.objectives) });
    fireEvent.change(objectives, { target: { value: 'Identify the account holder\nTrace the payments' } });
    fireEvent.click(screen.getByRole('button', { name: km.cases.plan.saveDraft }));

    expect(await screen.findByText(km.cases.plan.conflict)).toBeTruthy();
    expect(saves).toBe(1);
    // The save was at the lock version the editor loaded.
    expect(api.calls.find((c) => c.route.endsWith('/plan/draft'))?.body).toMatchObject({ lockVersion: 3 });
    const kept = screen.getByRole('region', { name: km.cases.plan.keptTitle });
    const keptText = within(kept).getByRole('textbox') as HTMLTextAreaElement;
    expect(keptText.value).toContain('Trace the payments');

    // Reload: the editor closes on the server's version; the user's text stays to copy from.
    api.on(`GET /api/v1/cases/${CASE.id}/plan`, [
      200,
      { current: { ...DRAFT, lockVersion: 4 }, versions: [{ ...DRAFT, lockVersion: 4 }] },
    ]);
    fireEvent.click(screen.getByRole('button', { name: km.cases.plan.reload }));
    await waitFor(() => expect(screen.queryByText(km.cases.plan.conflict)).toBeNull());
    expect(screen.queryByRole('button', { name: km.cases.plan.saveDraft })).toBeNull();
    expect(
      (
        within(screen.getByRole('region', { name: km.cases.plan.keptTitle })).getByRole(
          'textbox',
        ) as HTMLTextAreaElement
      ).value,
    ).toContain('Trace the payments');
  });

  it('asks the supervisor why before returning a submitted plan', async () => {
    const submitted = { ...DRAFT, status: 'submitted', submittedAt: '2026-03-02T09:00:00.000Z' };
    api
      .on(`GET /api/v1/cases/${CASE.id}`, [
        200,
        { ...CASE, abilities: [...CASE.abilities, 'cases.plans.decide'] },
      ])
      .on(`GET /api/v1/cases/${CASE.id}/plan`, [200, { current: submitted, versions: [submitted] }])
      .on(`POST /api/v1/cases/${CASE.id}/plan/decision`, [200, { ...submitted, status: 'returned' }]);
    await renderCase('en');
    fireEvent.click(screen.getByRole('tab', { name: en.cases.tabs.plan }));
    // Submitted: read-only, no editing offered.
    fireEvent.click(await screen.findByRole('button', { name: en.cases.plan.return }));
    expect(screen.queryByRole('button', { name: en.cases.plan.edit })).toBeNull();
    const dialog = await screen.findByRole('dialog', { name: en.cases.plan.return });
    fireEvent.click(within(dialog).getByRole('button', { name: en.cases.plan.confirmDecision }));
    expect(await within(dialog).findByText(en.cases.plan.reasonMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/plan/decision'))).toBe(false);
    fireEvent.change(
      within(dialog).getByRole('textbox', { name: new RegExp(en.cases.plan.decisionReason) }),
      {
        target: { value: 'Add the preservation request' },
      },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: en.cases.plan.confirmDecision }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.route.endsWith('/plan/decision'))?.body).toEqual({
        decision: 'returned',
        reason: 'Add the preservation request',
      }),
    );
  });

  it('refuses a task due in the past before asking the server', async () => {
    await renderCase('en');
    fireEvent.click(screen.getByRole('tab', { name: en.cases.tabs.tasks }));
    fireEvent.change(await screen.findByRole('textbox', { name: new RegExp(`^${en.cases.tasks.task}`) }), {
      target: { value: 'Request subscriber records' },
    });
    fireEvent.change(screen.getByLabelText(new RegExp(`^${en.cases.tasks.due}`)), {
      target: { value: '2020-01-01' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.cases.tasks.create }));
    expect(await screen.findByText(en.cases.tasks.dueInPast)).toBeTruthy();
    expect(screen.getByText(en.cases.tasks.ownerMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/tasks'))).toBe(false);
  });
});
