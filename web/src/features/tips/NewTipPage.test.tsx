// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import en from '../../i18n/en.json';
import { AGENCY, error, type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';
import { sourcesFor } from './NewTipPage';
import { DETAIL, OPERATOR, UNIT } from './tipFixtures';

let api: MockApi;
beforeAll(stubMatchMedia);
beforeEach(() => {
  localStorage.clear();
  api = mockApi()
    .on('GET /api/v1/me', [200, OPERATOR])
    .on(`GET /api/v1/agencies/${AGENCY.id}/units`, [200, { items: [UNIT], total: 1, limit: 100, offset: 0 }])
    .on(`GET /api/v1/tips/${DETAIL.id}`, [200, DETAIL]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderForm() {
  window.history.replaceState(null, '', '/tips/new');
  render(<App i18n={createI18n('en')} />);
  await screen.findByRole('heading', { level: 1, name: en.tips.intake.title }, { timeout: 15_000 });
}

const narrative = () => screen.getByRole('textbox', { name: new RegExp(`^${en.tips.fields.narrative}`) });
const submit = () => fireEvent.click(screen.getByRole('button', { name: en.tips.intake.submit }));

// Generous limits: the first render loads the page's lazy chunk, slow on a shared 2-core machine.
describe('operator intake', { timeout: 45_000 }, () => {
  it('checks the form with the API schema before sending, then shows server issues on their field', async () => {
    let attempts = 0;
    api.on('POST /api/v1/tips', ({ body }) => {
      attempts++;
      if (attempts === 1) {
        return error('validation_failed', 400, [
          { path: 'body.identifiers.0.value', message: 'is not a phone number' },
        ]);
      }
      return [201, { id: DETAIL.id, reference: DETAIL.reference, body }];
    });
    await renderForm();
    submit();
    expect(await screen.findByText(en.tips.intake.issue.required)).toBeTruthy();
    expect(attempts).toBe(0);

    fireEvent.change(narrative(), {
      target: { value: 'Synthetic: a caller reports a foreign man with two children.' },
    });
    fireEvent.click(screen.getByRole('button', { name: en.tips.intake.addIdentifier }));
    fireEvent.change(
      screen.getByRole('textbox', { name: en.tips.intake.identifierValue.replace('{{n}}', '1') }),
      {
        target: { value: '012 000' },
      },
    );
    fireEvent.change(screen.getByRole('textbox', { name: en.tips.intake.childAgeMin }), {
      target: { value: '12' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: en.tips.intake.childAgeMax }), {
      target: { value: '9' },
    });
    submit();
    expect(await screen.findByText(en.tips.intake.issue.ageOrder)).toBeTruthy();
    expect(attempts).toBe(0);

    fireEvent.change(screen.getByRole('textbox', { name: en.tips.intake.childAgeMax }), {
      target: { value: '13' },
    });
    submit();
    expect(
      await screen.findByText(en.errors.field.replace('{{detail}}', 'is not a phone number')),
    ).toBeTruthy();
    expect(api.calls.find((c) => c.route === 'POST /api/v1/tips')?.body).toEqual({
      source: 'phone',
      narrative: 'Synthetic: a caller reports a foreign man with two children.',
      childAgeMin: 12,
      childAgeMax: 13,
      imminentDanger: false,
      identifiers: [{ kind: 'phone', value: '012 000' }],
    });

    submit();
    // Recorded: the operator lands on the new tip's page.
    await screen.findByRole('heading', { level: 1, name: DETAIL.reference }, { timeout: 15_000 });
    await waitFor(() => expect(window.location.pathname).toBe(`/tips/${DETAIL.id}`));
  });

  it('offers partner staff only their own kind of source', () => {
    expect(sourcesFor(['ngo_caseworker'])).toEqual(['ngo']);
    expect(sourcesFor(['liaison_officer'])).toEqual(['partner', 'foreign_hotline']);
    expect(sourcesFor(['hotline_operator'])).toEqual([
      'phone',
      'walk_in',
      'ngo',
      'partner',
      'foreign_hotline',
    ]);
  });

  it('tells a caseworker the reference instead of opening a tip they may not read', async () => {
    api
      .on('GET /api/v1/me', [200, meBody({ roles: ['ngo_caseworker'], abilities: ['tips.create'] })])
      .on('POST /api/v1/tips', [201, { id: DETAIL.id, reference: 'TIP-2026-000777' }]);
    await renderForm();
    fireEvent.change(narrative(), { target: { value: 'Synthetic: seen at a guesthouse.' } });
    submit();
    expect(
      await screen.findByText(en.tips.intake.received.replace('{{reference}}', 'TIP-2026-000777')),
    ).toBeTruthy();
    expect(api.calls.find((c) => c.route === 'POST /api/v1/tips')?.body).toMatchObject({ source: 'ngo' });
    expect(api.calls.some((c) => c.route === `GET /api/v1/tips/${DETAIL.id}`)).toBe(false);
  });
});
