// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../../i18n';
import en from '../../i18n/en.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

/** An identifier's page: "Merge into…" (same kind, reason required), "merged into X" and its undo. */
const DUP_ID = '00000000-0000-4000-8000-0000000000e2';
const KEEP_ID = '00000000-0000-4000-8000-0000000000e3';
const MERGE_ID = '00000000-0000-4000-8000-0000000000e4';
const base = {
  kind: 'email',
  stopListed: null,
  recordCount: 1,
  firstSeenAt: '2026-11-28T09:00:00.000Z',
  lastSeenAt: '2026-11-28T10:00:00.000Z',
  records: [],
  mergedFrom: [],
};
const DUP = { ...base, id: DUP_ID, value: 'syn.dup@mail.test.kh', mergedInto: null, canMerge: true };
const KEEP = { ...base, id: KEEP_ID, value: 'syn.keep@mail.test.kh', mergedInto: null, canMerge: true };
const slow = { timeout: 15_000 };

let api: MockApi;
let searches: Array<{ q: string | null; kind: string | null }>;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
  searches = [];
  api = mockApi()
    .on('GET /api/v1/me', [
      200,
      meBody({ roles: ['intel_analyst'], abilities: ['entities.list', 'tips.read'] }),
    ])
    .on('GET /api/v1/alerts/count', [200, { unacknowledged: 0 }])
    .on('GET /api/v1/entities', ({ url }) => {
      searches.push({ q: url.searchParams.get('q'), kind: url.searchParams.get('kind') });
      return [200, { items: [DUP, KEEP], limit: 50, offset: 0, total: 2 }];
    })
    .on(`GET /api/v1/entities/${DUP_ID}`, [200, DUP])
    .on(`POST /api/v1/entities/${DUP_ID}/merge`, [
      201,
      {
        id: MERGE_ID,
        kind: 'email',
        survivorId: KEEP_ID,
        mergedId: DUP_ID,
        reason: 'Same address',
        mergedAt: '2026-11-28T11:00:00.000Z',
        movedLinks: 1,
        removedDuplicates: 0,
        undoneAt: null,
      },
    ]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('identifier page merges', { timeout: 45_000 }, () => {
  it('merges into an identifier of the same kind found by search, only with a reason', async () => {
    window.history.replaceState(null, '', `/entities/${DUP_ID}`);
    render(<App i18n={createI18n()} />);
    fireEvent.click(await screen.findByRole('button', { name: en.entities.merge.open }, slow));
    fireEvent.change(screen.getByRole('textbox', { name: en.entities.merge.search }), {
      target: { value: 'syn.keep' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.entities.merge.searchButton }));
    await waitFor(() => expect(searches).toContainEqual({ q: 'syn.keep', kind: 'email' }));
    fireEvent.click(screen.getByRole('combobox', { name: new RegExp(en.entities.merge.into) }));
    const options = await screen.findAllByRole('option', { hidden: true });
    // The identifier itself is never offered.
    expect(options.map((o) => o.textContent)).toEqual([KEEP.value]);
    fireEvent.click(options[0] as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: en.entities.merge.submit }));
    expect(await screen.findByText(en.entities.merge.reasonRequired)).toBeTruthy();
    expect(api.calls.some((c) => c.route.endsWith('/merge'))).toBe(false);
    fireEvent.change(screen.getByRole('textbox', { name: new RegExp(en.entities.merge.reason) }), {
      target: { value: 'Same address, typo' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.entities.merge.submit }));
    await waitFor(() => expect(api.calls.some((c) => c.route.endsWith('/merge'))).toBe(true));
    expect(api.calls.find((c) => c.route.endsWith('/merge'))?.body).toEqual({
      intoId: KEEP_ID,
      reason: 'Same address, typo',
    });
  });

  it('shows "merged into" with a link to the survivor and undoes the merge', async () => {
    api
      .on(`GET /api/v1/entities/${DUP_ID}`, [
        200,
        {
          ...DUP,
          mergedInto: {
            mergeId: MERGE_ID,
            id: KEEP_ID,
            value: KEEP.value,
            mergedAt: '2026-11-28T11:00:00.000Z',
          },
        },
      ])
      .on(`POST /api/v1/entities/merges/${MERGE_ID}/undo`, [200, {}]);
    window.history.replaceState(null, '', `/entities/${DUP_ID}`);
    render(<App i18n={createI18n()} />);
    const link = await screen.findByRole('link', { name: KEEP.value }, slow);
    expect(link.getAttribute('href')).toBe(`/entities/${KEEP_ID}`);
    expect(screen.queryByRole('button', { name: en.entities.merge.open })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: en.entities.merge.undo }));
    await waitFor(() =>
      expect(api.calls.some((c) => c.route === `POST /api/v1/entities/merges/${MERGE_ID}/undo`)).toBe(true),
    );
  });
});
