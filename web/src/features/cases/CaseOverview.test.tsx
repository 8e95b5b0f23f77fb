// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import { type MockApi, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { CASE, DRAFT, INVESTIGATOR, UNIT_ID } from './caseFixtures';

/** The case overview's team picker (unit members, no id box) and identifier removal with confirmation. */
const OPEN_CASE = {
  ...CASE,
  status: 'under_investigation',
  closedReason: null,
  abilities: [...CASE.abilities, 'cases.manage_team'],
};
const MEMBER = {
  id: '00000000-0000-4000-8000-0000000000b2',
  displayName: 'Sok Dara',
  roles: ['investigator'],
};
const PARTNER = {
  id: '00000000-0000-4000-8000-0000000000b3',
  displayName: 'Chan Sophea',
  roles: ['prosecutor'],
  agencyId: '00000000-0000-4000-8000-0000000000a9',
  agencyNameEn: 'Phnom Penh Prosecutor Office',
  agencyNameKm: 'អយ្យការ',
};
const LINK = {
  linkId: '00000000-0000-4000-8000-0000000000d1',
  identifierId: '00000000-0000-4000-8000-0000000000d2',
  kind: 'phone',
  value: '+85512000111',
  role: 'suspect',
  stopListed: null,
  otherRecords: 0,
};

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, INVESTIGATOR])
    .on(`GET /api/v1/cases/${CASE.id}`, [200, OPEN_CASE])
    .on(`GET /api/v1/cases/${CASE.id}/plan`, [200, { current: DRAFT, versions: [DRAFT] }])
    .on(`GET /api/v1/units/${UNIT_ID}/members`, [200, [{ ...INVESTIGATOR, roles: ['investigator'] }, MEMBER]])
    .on('GET /api/v1/joint-partners', [200, [PARTNER]])
    .on(`GET /api/v1/cases/${CASE.id}/identifiers`, [200, { items: [LINK] }])
    .on(`POST /api/v1/cases/${CASE.id}/team`, [200, OPEN_CASE.team])
    .on(`DELETE /api/v1/cases/${CASE.id}/identifiers/${LINK.linkId}`, [
      200,
      { linkId: LINK.linkId, identifierId: LINK.identifierId, role: 'suspect', recordCount: 0 },
    ]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderCase() {
  window.history.replaceState(null, '', `/cases/${CASE.id}`);
  render(<App i18n={createI18n('en')} />);
  await screen.findByRole('heading', { level: 1, name: CASE.reference }, { timeout: 15_000 });
}

describe('case overview', { timeout: 45_000 }, () => {
  it("adds a team member chosen from the unit's members (the lead already on the team is not offered)", async () => {
    await renderCase();
    expect(screen.queryByRole('textbox', { name: /user id/i })).toBeNull();
    const picker = await screen.findByRole('combobox', { name: new RegExp(en.cases.team.member) });
    fireEvent.click(picker);
    const options = await screen.findAllByRole('option', { hidden: true });
    const labels = options.map((o) => o.textContent);
    expect(labels).toContain(`${MEMBER.displayName} — ${en.roles.investigator}`);
    expect(labels.some((l) => l?.startsWith(INVESTIGATOR.displayName))).toBe(false);
    fireEvent.click(options.find((o) => o.textContent?.startsWith(MEMBER.displayName)) as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: en.cases.team.add }));
    await waitFor(() =>
      expect(api.calls.some((c) => c.route === `POST /api/v1/cases/${CASE.id}/team`)).toBe(true),
    );
    expect(api.calls.find((c) => c.route === `POST /api/v1/cases/${CASE.id}/team`)?.body).toEqual({
      userId: MEMBER.id,
      caseRole: 'member',
    });
  });

  it('adds a prosecutor of another agency to a joint case, in the prosecutor role', async () => {
    await renderCase();
    const picker = await screen.findByRole('combobox', { name: new RegExp(en.cases.team.member) });
    fireEvent.click(picker);
    const label = `${PARTNER.displayName} — ${en.roles.prosecutor} — ${PARTNER.agencyNameEn}`;
    const option = await screen.findByRole('option', { name: label, hidden: true });
    fireEvent.click(option);
    fireEvent.click(screen.getByRole('button', { name: en.cases.team.add }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.route === `POST /api/v1/cases/${CASE.id}/team`)?.body).toEqual({
        userId: PARTNER.id,
        caseRole: 'prosecutor',
      }),
    );
  });

  it('removes an identifier from the case only after confirming', async () => {
    await renderCase();
    const remove = await screen.findByRole('button', {
      name: en.cases.identifiers.remove.replace('{{value}}', LINK.value),
    });
    fireEvent.click(remove);
    const dialog = await screen.findByRole('dialog', { name: en.cases.identifiers.confirmTitle });
    expect(api.calls.some((c) => c.route.startsWith('DELETE'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: en.cases.identifiers.confirmRemove }));
    await waitFor(() =>
      expect(
        api.calls.some((c) => c.route === `DELETE /api/v1/cases/${CASE.id}/identifiers/${LINK.linkId}`),
      ).toBe(true),
    );
  });
});
