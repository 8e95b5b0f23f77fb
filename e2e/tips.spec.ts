import { describe, expect, it } from 'vitest';
import { messages, signIn, signOut } from './support/auth';
import { demoAccount } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';
import { choose } from './support/ui';

// A hotline tip from the call to the case (issue 5): an operator records a phone tip in Khmer, finds
// it in the queue, confirms a higher priority with a reason and assigns it to the specialist unit; the
// unit's supervisor, in English, converts it into a case. Synthetic data only.

const { km, en } = messages;
const OPERATOR = 'operator@demo.karpear.test';
const SUPERVISOR = 'supervisor@demo.karpear.test';

const e2e = useE2eSuite({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' } });
const running = () => e2e.server();
const open = (path: string) => e2e.open(path);

describe('hotline tips', () => {
  it('operator records, triages and assigns a tip; the supervisor converts it into a case', {
    timeout: 300_000,
  }, async () => {
    const operator = demoAccount(running(), OPERATOR);
    // A signed-out visit goes to the log-in page, and back to the form afterwards.
    const page = await open('/tips/new');
    await page.getByRole('heading', { level: 1, name: km.auth.login.title, exact: true }).waitFor();
    await signIn(page, 'km', operator);
    await page.waitForURL(/\/tips\/new$/);
    await page.getByRole('heading', { level: 1, name: km.tips.intake.title, exact: true }).waitFor();
    await expectNoSeriousViolations(page, 'the intake form (km)');

    // Intake: a phone tip with a child's age, a province and a phone number.
    const narrative = `Synthetic e2e ${Date.now()}: a foreign man seen with two children at a guesthouse.`;
    await page.getByRole('textbox', { name: km.tips.fields.narrative }).fill(narrative);
    await choose(page, page, km.tips.fields.province, 'សៀមរាប');
    await page.getByRole('textbox', { name: km.tips.intake.childAgeMin, exact: true }).fill('10');
    await page.getByRole('textbox', { name: km.tips.intake.childAgeMax, exact: true }).fill('12');
    await page.getByRole('button', { name: km.tips.intake.addIdentifier, exact: true }).click();
    await page
      .getByRole('textbox', { name: km.tips.intake.identifierValue.replace('{{n}}', '1'), exact: true })
      .fill('+855 12 000 321');
    await page
      .getByRole('textbox', { name: km.tips.intake.reporterContact })
      .fill('Synthetic caller, evenings');
    await page.getByRole('button', { name: km.tips.intake.submit, exact: true }).click();

    // The new tip's page: its reference is the heading.
    await page.waitForURL(/\/tips\/[0-9a-f-]{36}$/);
    const tipPath = new URL(page.url()).pathname;
    // The tip's reference (T-<year>-<6 digits>), not the form's heading still on screen a moment.
    const heading = page.getByRole('heading', { level: 1, name: /^T-\d{4}-\d{6}$/ });
    await heading.waitFor();
    const reference = (await heading.textContent())?.trim() ?? '';
    expect(reference).not.toBe('');
    await page.getByText(km.tips.status.new, { exact: true }).first().waitFor();
    await expectNoSeriousViolations(page, 'the tip page (km)');

    // It is in the queue.
    await page.getByRole('link', { name: km.tips.detail.back, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: km.tips.queue.title, exact: true }).waitFor();
    await page.getByRole('link', { name: reference, exact: true }).waitFor();
    await expectNoSeriousViolations(page, 'the tip queue (km)');

    // Triage: a higher priority than proposed needs a reason.
    // From the keyboard: focus the tip's reference in the queue and press Enter (in one step).
    await page.getByRole('link', { name: reference, exact: true }).press('Enter');
    await page.waitForURL((url) => url.pathname === tipPath);
    await page.getByRole('button', { name: km.tips.triage.open, exact: true }).click();
    const triage = page.getByRole('dialog', { name: km.tips.triage.title });
    await choose(triage, page, km.tips.fields.priority, km.tips.priorityName.P1);
    await triage.getByRole('button', { name: km.tips.triage.submit, exact: true }).click();
    await triage.getByText(km.tips.triage.reasonMissing, { exact: true }).waitFor();
    await triage
      .getByRole('textbox', { name: km.tips.triage.reason })
      .fill('The caller saw the children today.');
    await triage.getByRole('button', { name: km.tips.triage.submit, exact: true }).click();
    await triage.waitFor({ state: 'detached' });
    await page.getByText(km.tips.status.triaged, { exact: true }).first().waitFor();
    await page.getByText('The caller saw the children today.', { exact: false }).waitFor();

    // Assign it to the specialist unit.
    await page.getByRole('button', { name: km.tips.assign.open, exact: true }).click();
    const assign = page.getByRole('dialog', { name: km.tips.assign.title });
    await choose(assign, page, km.tips.assign.unit, 'អង្គភាពជំនាញ TCSE (TCSE)');
    await assign.getByRole('button', { name: km.tips.assign.submit, exact: true }).click();
    await assign.waitFor({ state: 'detached' });
    await page.getByText(km.tips.status.assigned, { exact: true }).first().waitFor();
    await signOut(page, 'km');

    // The unit's supervisor, in English, converts it into a case.
    const supervisor = demoAccount(running(), SUPERVISOR);
    const second = await open('/login');
    await second.getByRole('button', { name: en.language.en, exact: true }).click();
    await signIn(second, 'en', supervisor);
    await second.goto(tipPath);
    await second.getByRole('heading', { level: 1, name: reference, exact: true }).waitFor();
    await second.getByRole('button', { name: en.tips.convert.open, exact: true }).click();
    const convert = second.getByRole('dialog', { name: en.tips.convert.title });
    await convert.getByRole('textbox', { name: en.tips.convert.caseTitle }).fill('Synthetic guesthouse case');
    await convert.getByRole('button', { name: en.tips.convert.submit, exact: true }).click();
    await convert.getByText(/^Case .+ was created from this tip\.$/).waitFor();
    await convert.getByRole('button', { name: en.common.done, exact: true }).click();
    await second.getByText(en.tips.status.converted_to_case, { exact: true }).first().waitFor();
    await second.getByText(en.tips.detail.converted, { exact: true }).waitFor();
    await expectNoSeriousViolations(second, 'the converted tip (en)');
  });
});
