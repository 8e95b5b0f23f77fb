// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import { error, type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, DRAFT, INVESTIGATOR } from './caseFixtures';

/** The People tab: victims by code, the "Add person" form with field errors, removal after confirming. */
const OPEN_CASE = { ...CASE, status: 'under_investigation', closedReason: null };
const SUSPECT = {
  linkId: '00000000-0000-4000-8000-0000000001a1',
  personId: '00000000-0000-4000-8000-0000000001b1',
  role: 'suspect',
  displayName: 'Marcus Synthetic',
  victimCode: null,
  named: true,
  addedAt: '2026-03-01T08:00:00.000Z',
};
const VICTIM = {
  linkId: '00000000-0000-4000-8000-0000000001a2',
  personId: null,
  role: 'victim_code',
  displayName: 'V-7KQ2ZD',
  victimCode: 'V-7KQ2ZD',
  named: false,
  addedAt: '2026-03-01T08:00:00.000Z',
};
const PERSONS = `/api/v1/cases/${CASE.id}/persons`;

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, INVESTIGATOR])
    .on(`GET /api/v1/cases/${CASE.id}`, [200, OPEN_CASE])
    .on(`GET /api/v1/cases/${CASE.id}/plan`, [200, { current: DRAFT, versions: [DRAFT] }])
    .on(`GET /api/v1/cases/${CASE.id}/identifiers`, [200, { items: [] }])
    .on(`GET ${PERSONS}`, [200, { items: [SUSPECT, VICTIM] }])
    .on(`DELETE ${PERSONS}/${SUSPECT.linkId}`, [200, { linkId: SUSPECT.linkId, removedAt: SUSPECT.addedAt }]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function openPeople() {
  window.history.replaceState(null, '', `/cases/${CASE.id}`);
  render(<App i18n={createI18n('en')} />);
  await screen.findByRole('heading', { level: 1, name: CASE.reference }, { timeout: 15_000 });
  fireEvent.click(screen.getByRole('tab', { name: en.persons.tab }));
  await screen.findByText(SUSPECT.displayName);
}

describe('case people', { timeout: 45_000 }, () => {
  it('lists people with roles, a victim by code marked as withheld', async () => {
    await openPeople();
    const table = screen.getByRole('table');
    expect(within(table).getByText(en.persons.role.victim_code)).toBeTruthy();
    expect(within(table).getByText(en.persons.withheld)).toBeTruthy();
    expect(within(table).getByText(/V-7KQ2ZD/)).toBeTruthy();
    expect(within(table).getByText(en.persons.role.suspect)).toBeTruthy();
  });

  it('checks the form before sending, shows server issues at their field, then sends the person', async () => {
    let answer: [number, unknown] = error('validation_failed', 400, [
      { path: 'body.person.dob', message: 'is not a real date' },
    ]);
    api.on(`POST ${PERSONS}`, () => answer);
    await openPeople();
    const submit = screen.getByRole('button', { name: en.persons.form.submit });
    fireEvent.click(submit);
    expect(await screen.findByText(en.persons.form.nameMissing)).toBeTruthy();
    expect(screen.getByText(en.persons.form.roleMissing)).toBeTruthy();
    expect(api.calls.some((c) => c.route === `POST ${PERSONS}`)).toBe(false);

    fireEvent.change(screen.getByRole('textbox', { name: en.persons.form.nameN.replace('{{n}}', '1') }), {
      target: { value: 'Peter Synthetic' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.persons.form.addName }));
    fireEvent.change(screen.getByRole('textbox', { name: en.persons.form.nameN.replace('{{n}}', '2') }), {
      target: { value: 'ពេត្រ' },
    });
    fireEvent.click(screen.getAllByRole('radio', { name: en.persons.form.primary })[1]!);
    fireEvent.click(screen.getByRole('combobox', { name: new RegExp(`^${en.persons.form.role}`) }));
    fireEvent.click(await screen.findByRole('option', { name: en.persons.role.witness, hidden: true }));
    fireEvent.change(screen.getByRole('textbox', { name: new RegExp(`^${en.persons.form.dob}`) }), {
      target: { value: '1990-02-30' },
    });
    fireEvent.click(submit);
    await waitFor(() => expect(api.calls.filter((c) => c.route === `POST ${PERSONS}`)).toHaveLength(1));
    expect(await screen.findByText(/is not a real date/)).toBeTruthy();

    answer = [
      201,
      {
        linkId: SUSPECT.linkId,
        personId: SUSPECT.personId,
        role: 'witness',
        deconfliction: { matches: 0, alertsRaised: 0 },
      },
    ];
    fireEvent.change(screen.getByRole('textbox', { name: new RegExp(`^${en.persons.form.dob}`) }), {
      target: { value: '1990-02' },
    });
    fireEvent.click(submit);
    await screen.findByText(en.persons.form.added);
    const posts = api.calls.filter((c) => c.route === `POST ${PERSONS}`);
    expect(posts.at(-1)?.body).toEqual({
      person: {
        names: [
          { name: 'Peter Synthetic', primary: false },
          { name: 'ពេត្រ', primary: true },
        ],
        dob: '1990-02',
      },
      role: 'witness',
    });
  });

  it('removes a person only after confirming', async () => {
    await openPeople();
    fireEvent.click(
      screen.getByRole('button', {
        name: en.persons.detach.openFor.replace('{{name}}', SUSPECT.displayName),
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: en.persons.detach.title });
    expect(api.calls.some((c) => c.route.startsWith('DELETE'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: en.persons.detach.submit }));
    await waitFor(() =>
      expect(api.calls.some((c) => c.route === `DELETE ${PERSONS}/${SUSPECT.linkId}`)).toBe(true),
    );
  });
});
