import { describe, expect, it } from 'vitest';
import { messages, signIn } from './support/auth';
import { demoAccount } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';

// The border desk (issue 6): an immigration officer, whose navigation offers only the desk, checks a
// traveller on the demo register (invented "Testy Placeholder McDemo", passport GB ZZ0000101) and
// gets a red hit with instructions and no register details; then a traveller with no match. In Khmer.

const { km } = messages;
const OFFICER = 'immigration@demo.karpear.test';

const e2e = useE2eSuite({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' } });

describe('border desk', () => {
  it('answers a hit with instructions only, then a no-hit', { timeout: 150_000 }, async () => {
    const page = await e2e.open('/login');
    await signIn(page, 'km', demoAccount(e2e.server(), OFFICER));
    const desk = page.getByRole('link', { name: km.offenders.nav.borderCheck });
    await desk.click();
    await page.getByRole('heading', { level: 1, name: km.offenders.check.title }).waitFor();
    // Nothing of the register to browse for a desk-only officer.
    expect(await page.getByRole('link', { name: km.capabilities.offenders }).count()).toBe(0);

    await page.getByLabel(km.offenders.check.passportNumber).fill('ZZ 0000101');
    await page.getByLabel(km.offenders.check.passportCountry).fill('GBR');
    await page.getByLabel(km.offenders.check.names, { exact: true }).fill('Testy Placeholder McDemo');
    await page.getByRole('button', { name: km.offenders.check.submit, exact: true }).click();
    const hit = page.locator('[data-result="hit"]');
    await hit.waitFor();
    const text = (await hit.textContent()) ?? '';
    expect(text).toContain('TCSE');
    expect(text).toMatch(/HIT-[0-9A-F]{8}/);
    for (const secret of ['Testy', 'Placeholder', 'REG-2025', 'Synthetic demo offence'])
      expect(text).not.toContain(secret);

    await expectNoSeriousViolations(page, 'a hit at the border desk');

    await page.getByRole('button', { name: km.offenders.check.next }).click();
    await page.getByLabel(km.offenders.check.names, { exact: true }).fill('Nobody Inparticular Journeyman');
    await page.getByRole('button', { name: km.offenders.check.submit, exact: true }).click();
    await page.locator('[data-result="no_hit"]').waitFor();
  });
});
