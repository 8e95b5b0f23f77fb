// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { createI18n } from '../../i18n';
import { type MockApi, meBody, mockApi, stubMatchMedia } from '../../testing/mockApi';

let api: MockApi;

beforeAll(stubMatchMedia);

beforeEach(() => {
  api = mockApi().on('GET /api/v1/me', [
    200,
    meBody({ roles: ['immigration_officer'], abilities: ['screening.check'] }),
  ]);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const en = () => {
  const i18n = createI18n();
  void i18n.changeLanguage('en');
  return i18n;
};

describe('border desk', () => {
  it('sends the passport first and shows a red hit with the instructions and the unit to call', async () => {
    const sent: unknown[] = [];
    api.on('POST /api/v1/screening/check', ({ body }) => {
      sent.push(body);
      return [
        200,
        {
          result: 'hit',
          level: 'hit',
          reference: 'HIT-0A1B2C3D',
          instructions: 'Hold and call the duty officer',
          dutyUnit: {
            id: '00000000-0000-4000-8000-0000000000aa',
            nameEn: 'Specialist unit',
            nameKm: 'អង្គភាព',
          },
          checkedAt: '2026-11-28T08:00:00.000Z',
        },
      ];
    });
    window.history.replaceState(null, '', '/screening/check');
    render(<App i18n={en()} />);
    const passport = await screen.findByLabelText('Passport number', {}, { timeout: 20_000 });
    expect(document.activeElement).toBe(passport);
    fireEvent.change(passport, { target: { value: 'ZZ123 456' } });
    fireEvent.change(screen.getByLabelText('Names', { exact: false }), {
      target: { value: 'Testy Placeholder' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const panel = await screen.findByText('HIT — follow the instructions');
    const alert = panel.closest('[data-result]') as HTMLElement;
    expect(alert.dataset.result).toBe('hit');
    expect(within(alert).getByText('Hold and call the duty officer')).toBeTruthy();
    expect(within(alert).getByText('HIT-0A1B2C3D')).toBeTruthy();
    expect(within(alert).getByText(/Specialist unit/)).toBeTruthy();
    expect(sent).toEqual([{ passportNumber: 'ZZ123 456', names: ['Testy Placeholder'] }]);
    // The desk-only officer's navigation offers the border check and not the register's pillars.
    expect(screen.queryByRole('link', { name: 'Offender register & screening' })).toBeNull();
  }, 30_000);

  it('shows a green no-hit and clears the form for the next traveller', async () => {
    api.on('POST /api/v1/screening/check', [
      200,
      { result: 'no_hit', checkedAt: '2026-11-28T08:00:00.000Z' },
    ]);
    window.history.replaceState(null, '', '/screening/check');
    render(<App i18n={en()} />);
    const passport = await screen.findByLabelText('Passport number', {}, { timeout: 20_000 });
    fireEvent.change(passport, { target: { value: 'AB1234567' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const panel = await screen.findByText('No hit');
    expect((panel.closest('[data-result]') as HTMLElement).dataset.result).toBe('no_hit');
    fireEvent.click(screen.getByRole('button', { name: 'Next traveller' }));
    expect((passport as HTMLInputElement).value).toBe('');
    expect(screen.queryByText('No hit')).toBeNull();
  }, 30_000);
});
