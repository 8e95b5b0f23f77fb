// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../app/App';
import { createI18n } from '../../../i18n';
import en from '../../../i18n/en.json';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../../testing/mockApi';

const OFFICER = meBody({
  roles: ['immigration_officer'],
  abilities: [
    'screening.check',
    'screening.batch',
    'screening.batch_read',
    'screening.guest_import',
    'screening.guest_read',
  ],
});
const ID = '00000000-0000-4000-8000-0000000000b1';
const EMPTY = { items: [], total: 0, limit: 10, offset: 0 };
const QUEUED = {
  id: ID,
  fileName: 'arrivals.csv',
  createdAt: '2026-11-28T08:00:00.000Z',
  status: 'queued',
  inputBytes: 300,
  summary: null,
  finishedAt: null,
};
const DONE = {
  ...QUEUED,
  status: 'done',
  finishedAt: '2026-11-28T08:00:04.000Z',
  summary: { rows: 6, screened: 4, rejectedLines: 2, hitRows: 2, reviewRows: 1, pairs: 3, listSize: 9 },
};

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  api = mockApi()
    .on('GET /api/v1/me', [200, OFFICER])
    .on('GET /api/v1/screening/batch', [200, EMPTY])
    .on('GET /api/v1/screening/guests', [200, EMPTY]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderAt(path: string, title: string) {
  window.history.replaceState(null, '', path);
  render(<App i18n={createI18n('en')} />);
  await screen.findByRole('heading', { level: 1, name: title }, { timeout: 20_000 });
}

function chooseFile(name: string) {
  const input = document.querySelector('input[type="file"][accept]') as HTMLInputElement;
  Object.defineProperty(input, 'files', {
    value: [new File(['full_name\nA B\n'], name)],
    configurable: true,
  });
  fireEvent.change(input);
}

describe('batch screening page', () => {
  it('uploads the arrivals file, follows the job, then offers the hits and rejects downloads', {
    timeout: 45_000,
  }, async () => {
    let polls = 0;
    let sent: FormData | undefined;
    api
      .on('POST /api/v1/screening/batch', ({ init }) => {
        sent = init?.body as FormData;
        return [202, QUEUED];
      })
      .on(`GET /api/v1/screening/batch/${ID}`, () => {
        polls++;
        return [200, polls === 1 ? QUEUED : DONE];
      });
    await renderAt('/screening/batch', en.offendersBatch.batch.title);
    const upload = screen.getByRole('button', { name: en.offendersBatch.batch.upload }) as HTMLButtonElement;
    expect(upload.disabled).toBe(true);
    chooseFile('arrivals.csv');
    await waitFor(() => expect(upload.disabled).toBe(false));
    fireEvent.click(upload);
    const hits = await screen.findByRole(
      'link',
      { name: en.offendersBatch.batch.downloadHits },
      { timeout: 8000 },
    );
    expect(hits.getAttribute('href')).toBe(`/api/v1/screening/batch/${ID}/hits.csv`);
    expect(
      screen.getByRole('link', { name: en.offendersBatch.batch.downloadRejects }).getAttribute('href'),
    ).toBe(`/api/v1/screening/batch/${ID}/rejects.csv`);
    expect((sent!.get('file') as File).name).toBe('arrivals.csv');
    expect(screen.getByText(en.offendersBatch.hitsGoToUnit)).toBeTruthy();
  });
});

describe('guest register page', () => {
  it('shows the counts, every rejected line with its column, and the hits with their establishment', {
    timeout: 45_000,
  }, async () => {
    api.on('POST /api/v1/screening/guests', [
      201,
      {
        id: ID,
        fileName: 'register.xlsx',
        createdAt: '2026-11-28T08:00:00.000Z',
        rows: 3,
        screened: 2,
        hits: 1,
        rejected: 1,
        rejects: [{ line: 4, column: 'province', reason: "unknown province 'Atlantis'" }],
        hitList: [
          {
            reference: 'HIT-0A1B2C3D',
            level: 'hit',
            score: 0.97,
            line: 2,
            guestId: 'G1',
            establishment: 'Golden Lotus Guesthouse',
            province: 'KH-17',
            reasons: ['name: token_swap', 'dob: exact'],
          },
        ],
      },
    ]);
    await renderAt('/screening/guests', en.offendersBatch.guests.title);
    chooseFile('register.xlsx');
    fireEvent.click(screen.getByRole('button', { name: en.offendersBatch.guests.upload }));
    expect(await screen.findByText('HIT-0A1B2C3D', {}, { timeout: 8000 })).toBeTruthy();
    expect(screen.getByText('Golden Lotus Guesthouse')).toBeTruthy();
    expect(screen.getByText("unknown province 'Atlantis'")).toBeTruthy();
    expect(screen.getByText('3 guests read, 2 screened, 1 rejected, 1 hits')).toBeTruthy();
  });

  it('is not offered without the guest-import ability', { timeout: 45_000 }, async () => {
    api.on('GET /api/v1/me', [200, meBody({ roles: ['prosecutor'], abilities: [] })]);
    window.history.replaceState(null, '', '/screening/guests');
    render(<App i18n={createI18n('en')} />);
    await new Promise((r) => setTimeout(r, 1500));
    expect(screen.queryByRole('button', { name: en.offendersBatch.guests.upload })).toBeNull();
  });
});
