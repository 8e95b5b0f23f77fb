// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { toEntryBody } from './entryDraft';

const ENTRY = {
  id: '00000000-0000-4000-8000-0000000000e1',
  reference: 'REG-2026-00007',
  status: 'proposed',
  lapsed: false,
  basis: 'deported',
  primaryName: 'Testy Placeholder',
  dob: '1961-07',
  nationalities: ['GB'],
  riskLevel: 'high',
  reviewDate: null,
  expiresAt: null,
  agencyId: '00000000-0000-4000-8000-000000000001',
  unitId: null,
  createdAt: '2026-11-28T08:00:00.000Z',
  updatedAt: '2026-11-28T08:00:00.000Z',
  version: 1,
  names: [
    { name: 'Testy Placeholder', primary: true },
    { name: 'តេស្ទី ផ្លេសហូលឌ័រ', primary: false },
  ],
  passports: [{ country: 'GB', number: 'ZZ0000101' }],
  gender: 'male',
  offences: ['Synthetic offence'],
  legalBasis: 'Synthetic basis',
  sourceDocument: null,
  photoRef: null,
  instructions: 'Call the duty officer',
  createdBy: '00000000-0000-4000-8000-0000000000ab',
  activatedAt: null,
  removedReason: null,
  approval: {
    id: '00000000-0000-4000-8000-0000000000ap',
    state: 'pending',
    requestedBy: '00000000-0000-4000-8000-0000000000ab',
    requestedAt: '2026-11-28T08:00:00.000Z',
    expiresAt: '2026-12-05T08:00:00.000Z',
    justification: 'Deportation order received from the partner',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
  },
  abilities: ['offenders.decide_activation'],
};

let api: MockApi;

beforeAll(stubMatchMedia);

beforeEach(() => {
  api = mockApi()
    .on('GET /api/v1/me', [
      200,
      meBody({
        roles: ['unit_supervisor'],
        abilities: ['offenders.list', 'offenders.read', 'screening.check'],
      }),
    ])
    .on(`GET /api/v1/register/${ENTRY.id}`, [200, ENTRY]);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('register entry page', () => {
  it('lets a second person approve the pending activation, and shows the entry active', async () => {
    const i18n = createI18n();
    await i18n.changeLanguage('en');
    const decisions: unknown[] = [];
    api.on(`POST /api/v1/register/${ENTRY.id}/activation/decision`, ({ body }) => {
      decisions.push(body);
      return [
        200,
        { ...ENTRY, status: 'active', approval: { ...ENTRY.approval, state: 'approved' }, abilities: [] },
      ];
    });
    window.history.replaceState(null, '', `/offenders/${ENTRY.id}`);
    render(<App i18n={i18n} />);
    await screen.findByText(ENTRY.approval.justification, {}, { timeout: 20_000 });
    expect(screen.getByText('តេស្ទី ផ្លេសហូលឌ័រ')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Decision note'), { target: { value: 'Checked' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve and activate' }));
    await screen.findByText('Active');
    expect(decisions).toEqual([{ decision: 'approved', note: 'Checked' }]);
    expect(screen.queryByRole('button', { name: 'Approve and activate' })).toBeNull();
  }, 30_000);
});

describe('entry form body', () => {
  it('drops empty rows, makes the first name primary when none is, and ends expiry at the end of the day', () => {
    const body = toEntryBody({
      basis: 'convicted_kh',
      names: [
        { name: ' Testy Placeholder ', primary: false },
        { name: '', primary: false },
        { name: 'T. Placeholder', primary: false },
      ],
      dob: { precision: 'year', year: '1961', month: '07', day: '02' },
      gender: null,
      nationalities: 'GB, fra',
      passports: [
        { country: 'GB', number: 'ZZ1 234' },
        { country: 'FR', number: ' ' },
      ],
      offences: 'One, with a comma\n\nTwo',
      legalBasis: ' Basis ',
      sourceDocument: '',
      photoRef: '',
      riskLevel: 'low',
      reviewDate: '',
      expiresAt: '2027-01-31',
      instructions: 'Call',
    });
    expect(body).toMatchObject({
      names: [
        { name: 'Testy Placeholder', primary: true },
        { name: 'T. Placeholder', primary: false },
      ],
      dob: '1961',
      nationalities: ['GB', 'fra'],
      passports: [{ country: 'GB', number: 'ZZ1 234' }],
      offences: ['One, with a comma', 'Two'],
      legalBasis: 'Basis',
      sourceDocument: null,
      reviewDate: null,
      expiresAt: '2027-01-31T23:59:59Z',
    });
  });
});
