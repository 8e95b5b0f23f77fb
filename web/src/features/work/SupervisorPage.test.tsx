// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import km from '../../i18n/km.json';
import { meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, UNIT_ID } from '../cases/caseFixtures';

const SUPERVISOR = meBody({
  id: '00000000-0000-4000-8000-0000000000a8',
  displayName: 'Keo Vannak',
  roles: ['unit_supervisor'],
  abilities: ['cases.list', 'cases.supervisor_view', 'cases.my_work'],
});

beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  mockApi()
    .on('GET /api/v1/me', [200, SUPERVISOR])
    .on('GET /api/v1/cases/supervisor', [
      200,
      {
        unitId: UNIT_ID,
        caseload: [
          { status: 'open', count: 3 },
          { status: 'under_investigation', count: 5 },
        ],
        openCases: [{ id: CASE.id, reference: CASE.reference, status: 'open', ageDays: 12 }],
        overdueTasks: [],
        plansAwaitingApproval: [
          { caseId: CASE.id, reference: CASE.reference, version: 2, submittedAt: '2026-03-02T09:00:00.000Z' },
        ],
      },
    ]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('supervisor view', { timeout: 45_000 }, () => {
  it('shows the caseload by status and links plans awaiting approval, in Khmer', async () => {
    window.history.replaceState(null, '', '/cases/supervisor');
    render(<App i18n={createI18n('km')} />);
    await screen.findByRole('heading', { level: 1, name: km.work.supervisor.title }, { timeout: 15_000 });
    const caseload = await screen.findByRole('region', { name: km.work.supervisor.caseload });
    const row = within(caseload)
      .getByRole('rowheader', { name: km.cases.status.under_investigation })
      .closest('tr');
    expect(row?.textContent).toContain('5');
    const plans = screen.getByRole('region', { name: km.work.supervisor.plans });
    expect(within(plans).getByRole('link', { name: CASE.reference }).getAttribute('href')).toBe(
      `/cases/${CASE.id}`,
    );
    const overdue = screen.getByRole('region', { name: km.work.supervisor.overdue });
    expect(within(overdue).getByText(km.cases.none)).toBeTruthy();
  });
});
