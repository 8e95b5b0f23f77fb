// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import { type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, INVESTIGATOR } from '../cases/caseFixtures';

const task = (id: string, title: string, overdue: boolean) => ({
  id,
  caseId: CASE.id,
  tipId: null,
  lineKey: 'L1',
  title,
  ownerId: INVESTIGATOR.id,
  dueAt: overdue ? '2026-01-01T10:00:00.000Z' : '2099-01-01T10:00:00.000Z',
  status: 'open',
  completedAt: null,
  version: 1,
  overdue,
  reference: CASE.reference,
});

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, INVESTIGATOR])
    .on('GET /api/v1/my-work', [
      200,
      {
        tasks: [
          task('00000000-0000-4000-8000-0000000000b1', 'Request subscriber records', true),
          task('00000000-0000-4000-8000-0000000000b2', 'Interview the witness', false),
        ],
        tips: [],
      },
    ]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('my work', { timeout: 45_000 }, () => {
  it('marks only the overdue task and links each task to its case', async () => {
    window.history.replaceState(null, '', '/work');
    render(<App i18n={createI18n('en')} />);
    await screen.findByRole('heading', { level: 1, name: en.work.title }, { timeout: 15_000 });
    const late = (await screen.findByText('Request subscriber records')).closest('tr') as HTMLElement;
    const onTime = screen.getByText('Interview the witness').closest('tr') as HTMLElement;
    expect(within(late).queryByText(en.cases.tasks.overdue)).toBeTruthy();
    expect(within(onTime).queryByText(en.cases.tasks.overdue)).toBeNull();
    expect(within(late).getByRole('link', { name: CASE.reference }).getAttribute('href')).toBe(
      `/cases/${CASE.id}`,
    );
    expect(screen.getByText(en.work.noTips)).toBeTruthy();
    expect(api.unhandled).toEqual([]);
  });
});
