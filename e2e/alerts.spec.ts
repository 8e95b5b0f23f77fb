import { describe, expect, it } from 'vitest';
import { messages, signIn, signOut } from './support/auth';
import { demoAccount } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';
import { callApi } from './support/ui';

// Alerts (issue 5): an operator assigns a tip to the specialist unit; its supervisor sees the count on
// the header's bell, opens the alerts page (linked to the tip) and acknowledges the alert. Synthetic data.

const { km } = messages;
const OPERATOR = 'operator@demo.karpear.test';
const SUPERVISOR = 'supervisor@demo.karpear.test';

const e2e = useE2eSuite({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' } });
const running = () => e2e.server();
const open = (path: string) => e2e.open(path);

describe('alerts', () => {
  it('a supervisor sees a unit alert on the bell and acknowledges it', { timeout: 150_000 }, async () => {
    const operatorPage = await open('/login');
    await signIn(operatorPage, 'km', demoAccount(running(), OPERATOR));
    const me = await callApi<{ agency: { id: string } }>(operatorPage, 'GET', '/api/v1/me');
    const units = await callApi<{ items: Array<{ id: string; code: string }> }>(
      operatorPage,
      'GET',
      `/api/v1/agencies/${me.agency.id}/units`,
    );
    const tcse = units.items.find((u) => u.code === 'TCSE')!;
    const tip = await callApi<{ id: string; reference: string }>(operatorPage, 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'Synthetic alert journey tip.',
    });
    await callApi(operatorPage, 'POST', `/api/v1/tips/${tip.id}/assign`, { unitId: tcse.id });
    await signOut(operatorPage, 'km');

    const page = await open('/login');
    await signIn(page, 'km', demoAccount(running(), SUPERVISOR));
    const bell = page.getByTestId('alerts-bell');
    const counted = new RegExp(`^${km.alerts.bellCount.replace('{{count}}', '\\d+')}$`);
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(counted);
    await bell.click();
    await page.getByRole('heading', { level: 1, name: km.alerts.title, exact: true }).waitFor();
    const text = km.alerts.kind.tip_assigned.replace('{{reference}}', tip.reference);
    await page.getByText(text, { exact: true }).waitFor();
    const link = page.getByRole('link', { name: km.alerts.open.replace('{{reference}}', tip.reference) });
    expect(await link.getAttribute('href')).toBe(`/tips/${tip.id}`);

    await expectNoSeriousViolations(page, 'the alerts page');

    const before = Number((await bell.getAttribute('aria-label'))?.match(/\d+/)?.[0]);
    await page.getByRole('button', { name: `${km.alerts.acknowledge}: ${text}` }).click();
    await page.getByText(text, { exact: true }).waitFor({ state: 'detached' });
    await expect
      .poll(() => bell.getAttribute('aria-label'))
      .toBe(before - 1 > 0 ? km.alerts.bellCount.replace('{{count}}', String(before - 1)) : km.alerts.bell);
  });
});
