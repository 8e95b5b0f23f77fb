// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../app/App';
import { createI18n } from '../../../i18n';
import en from '../../../i18n/en.json';
import { error, type MockApi, meBody, mockApi, stubMatchMedia } from '../../../testing/mockApi';

const IMPORTER = meBody({
  roles: ['hotline_operator'],
  abilities: ['tips.list', 'tips.read', 'tips.import', 'tips.read_import'],
});
const ID = '00000000-0000-4000-8000-0000000000a9';
const TIP = '00000000-0000-4000-8000-0000000000d1';
const base = {
  id: ID,
  createdAt: '2026-11-28T08:00:00.000Z',
  finishedAt: null,
  files: 2,
  duplicates: 0,
};
const QUEUED = { ...base, status: 'queued', processed: 0, imported: 0, rejected: 0, results: [] };
const DONE = {
  ...base,
  status: 'done',
  finishedAt: '2026-11-28T08:00:05.000Z',
  processed: 2,
  imported: 1,
  rejected: 1,
  results: [
    {
      file: 'in/a.xml',
      outcome: 'imported',
      reports: 1,
      imported: 1,
      duplicates: 0,
      rejected: 0,
      errors: [],
      tipIds: [TIP],
    },
    {
      file: 'in/b.xml',
      outcome: 'rejected',
      reports: 1,
      imported: 0,
      duplicates: 0,
      rejected: 1,
      errors: [{ path: 'report/victim/victimPerson/age', reason: 'impossible age 200 (must be 0–120)' }],
      tipIds: [],
    },
  ],
};

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  api = mockApi()
    .on('GET /api/v1/me', [200, IMPORTER])
    .on('GET /api/v1/tips/imports', [200, { items: [], total: 0, limit: 10, offset: 0 }]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderPage() {
  window.history.replaceState(null, '', '/tips/import');
  render(<App i18n={createI18n('en')} />);
  await screen.findByRole('heading', { level: 1, name: en.tipsImport.title }, { timeout: 20_000 });
}

function chooseFiles(names: string[]) {
  const input = document.querySelector('input[type="file"][accept]') as HTMLInputElement;
  const files = names.map((n) => new File(['<report/>'], n, { type: 'application/xml' }));
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

describe('CyberTipline import page', () => {
  it('uploads the chosen files as multipart, polls the progress, then lists each file with its reason', {
    timeout: 45_000,
  }, async () => {
    let polls = 0;
    let sent: FormData | undefined;
    api
      .on('POST /api/v1/tips/imports', ({ init }) => {
        sent = init?.body as FormData;
        return [202, QUEUED];
      })
      .on(`GET /api/v1/tips/imports/${ID}`, () => {
        polls++;
        return [200, polls === 1 ? QUEUED : DONE];
      });
    await renderPage();
    const upload = screen.getByRole('button', { name: en.tipsImport.upload }) as HTMLButtonElement;
    expect(upload.disabled).toBe(true);
    chooseFiles(['a.xml', 'b.xml']);
    await waitFor(() => expect(upload.disabled).toBe(false));
    fireEvent.click(upload);
    expect(await screen.findByText('in/b.xml', {}, { timeout: 8000 })).toBeTruthy();
    expect(sent).toBeInstanceOf(FormData);
    expect(sent!.getAll('files').map((f) => (f as File).name)).toEqual(['a.xml', 'b.xml']);
    const post = api.calls.find((c) => c.route === 'POST /api/v1/tips/imports');
    expect(post?.headers['x-requested-with']).toBe('karpear');
    // No JSON content type: the browser sets multipart/form-data with its boundary itself.
    expect(post?.headers['content-type']).toBeUndefined();
    expect(screen.getByText('impossible age 200 (must be 0–120)')).toBeTruthy();
    expect(screen.getByText('report/victim/victimPerson/age:', { exact: false })).toBeTruthy();
    expect(screen.getByRole('link', { name: en.tipsImport.openTip }).getAttribute('href')).toBe(
      `/tips/${TIP}`,
    );
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it('names the file the server refused as too large', { timeout: 45_000 }, async () => {
    api.on(
      'POST /api/v1/tips/imports',
      error('payload_too_large', 413, [{ path: 'huge.xml', message: 'file too large' }]),
    );
    await renderPage();
    chooseFiles(['huge.xml']);
    fireEvent.click(screen.getByRole('button', { name: en.tipsImport.upload }));
    expect(
      await screen.findByText(
        en.tipsImport.fileTooLarge.replace('{{file}}', 'huge.xml'),
        {},
        { timeout: 5000 },
      ),
    ).toBeTruthy();
  });

  it('is not offered to a user without the import ability', { timeout: 45_000 }, async () => {
    api.on('GET /api/v1/me', [200, meBody({ roles: ['prosecutor'], abilities: [] })]);
    window.history.replaceState(null, '', '/tips/import');
    render(<App i18n={createI18n('en')} />);
    await waitFor(() =>
      expect(screen.queryByRole('heading', { level: 1, name: en.tipsImport.title })).toBeNull(),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(screen.queryByRole('button', { name: en.tipsImport.upload })).toBeNull();
  });
});
