// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../app/App';
import { createI18n } from '../../../i18n';
import km from '../../../i18n/km.json';
import { error, type MockApi, meBody, mockApi, stubMatchMedia } from '../../../testing/mockApi';

const APPROVAL = {
  id: '00000000-0000-4000-8000-0000000000cc',
  kind: 'register.activation',
  recordType: 'register_entry',
  recordId: '00000000-0000-4000-8000-0000000000dd',
  agencyId: '00000000-0000-4000-8000-000000000001',
  requestedBy: '00000000-0000-4000-8000-0000000000ee',
  requestedAt: '2026-11-28T08:00:00.000Z',
  expiresAt: '2026-12-05T08:00:00.000Z',
  justification: 'Conviction confirmed by the court on 2 November.',
  state: 'pending',
  decidedBy: null,
  decidedAt: null,
  decisionNote: null,
  abilities: ['approvals.decide'],
};

let api: MockApi;

beforeAll(stubMatchMedia);

beforeEach(() => {
  api = mockApi()
    .on('GET /api/v1/me', [
      200,
      meBody({ roles: ['unit_supervisor'], abilities: ['approvals.list', 'approvals.decide'] }),
    ])
    .on('GET /api/v1/approvals', [200, { items: [APPROVAL], total: 1, limit: 20, offset: 0 }]);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('approvals inbox', () => {
  it('rejects with a required note, proving the second factor first', async () => {
    let decisions = 0;
    api
      .on(`POST /api/v1/approvals/${APPROVAL.id}/decision`, ({ body }) => {
        decisions++;
        if (decisions === 1) return error('step_up_required', 401);
        expect(body).toEqual({ decision: 'rejected', note: 'The court file number is missing.' });
        return [200, { ...APPROVAL, state: 'rejected', abilities: [] }];
      })
      .on('POST /api/v1/auth/step-up', [204]);
    window.history.replaceState(null, '', '/approvals');
    render(<App i18n={createI18n()} />);

    const card = (await screen.findByText(APPROVAL.justification, {}, { timeout: 5000 })).closest(
      'article',
    ) as HTMLElement;
    fireEvent.click(within(card).getByRole('button', { name: km.approvals.reject }));
    const dialog = await screen.findByRole('dialog', { name: km.approvals.rejectTitle });
    fireEvent.click(within(dialog).getByRole('button', { name: km.approvals.reject }));
    expect(await within(dialog).findByText(km.approvals.noteMissing)).toBeTruthy();
    expect(decisions).toBe(0);

    fireEvent.change(within(dialog).getByRole('textbox'), {
      target: { value: 'The court file number is missing.' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: km.approvals.reject }));

    const stepUp = await screen.findByRole('dialog', { name: km.auth.stepUp.title });
    fireEvent.change(within(stepUp).getByRole('textbox'), { target: { value: '123456' } });
    fireEvent.click(within(stepUp).getByRole('button', { name: km.auth.stepUp.confirm }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(decisions).toBe(2);
    // The inbox is asked again after the decision.
    expect(api.calls.filter((call) => call.route === 'GET /api/v1/approvals').length).toBeGreaterThanOrEqual(
      2,
    );
  });
});
