import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages, signIn, signOut } from './support/auth';
import { demoAccount } from './support/demo';
import { expectNoSeriousViolations, useE2eSuite } from './support/suite';
import { choose } from './support/ui';

// The journey of issue 7: tip → case → plan approved → task done. The operator records a tip and
// assigns it to the specialist unit; the unit's investigator converts it into a case, writes the
// investigation plan and submits it; the supervisor approves it; the investigator adds a task on a
// line of enquiry and marks it done. Synthetic data only.

const { en } = messages;
const OPERATOR = 'operator@demo.karpear.test';
const INVESTIGATOR = 'investigator@demo.karpear.test';
const SUPERVISOR = 'supervisor@demo.karpear.test';

const e2e = useE2eSuite({ env: { KARPEAR_AUTH_RATE_LIMIT_MAX: '500' } });

/** A fresh browser context signed in as `email`, in English. */
async function signedIn(email: string): Promise<Page> {
  const page = await e2e.open('/login');
  await page.getByRole('button', { name: en.language.en, exact: true }).click();
  await signIn(page, 'en', demoAccount(e2e.server(), email));
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  return page;
}

describe('cases journey', () => {
  it('tip → case → plan approved → task done', { timeout: 480_000 }, async () => {
    const stamp = Date.now();
    // 1. The operator records a tip and assigns it to the specialist unit.
    const operator = await signedIn(OPERATOR);
    await operator.goto('/tips/new');
    await operator.getByRole('heading', { level: 1, name: en.tips.intake.title, exact: true }).waitFor();
    await operator
      .getByRole('textbox', { name: en.tips.fields.narrative })
      .fill(`Synthetic e2e ${stamp}: an adult offering money to children online.`);
    await choose(operator, operator, en.tips.fields.province, 'Siem Reap');
    await operator.getByRole('button', { name: en.tips.intake.submit, exact: true }).click();
    await operator.waitForURL(/\/tips\/[0-9a-f-]{36}$/);
    const tipPath = new URL(operator.url()).pathname;
    await operator.getByRole('button', { name: en.tips.assign.open, exact: true }).click();
    const assign = operator.getByRole('dialog', { name: en.tips.assign.title });
    await choose(assign, operator, en.tips.assign.unit, 'Specialist TCSE unit (TCSE)');
    await assign.getByRole('button', { name: en.tips.assign.submit, exact: true }).click();
    await assign.waitFor({ state: 'detached' });
    await operator.getByText(en.tips.status.assigned, { exact: true }).first().waitFor();
    await signOut(operator, 'en');

    // 2. The unit's investigator converts it into a case (and so leads it).
    const investigator = await signedIn(INVESTIGATOR);
    await investigator.goto(tipPath);
    await investigator.getByRole('button', { name: en.tips.convert.open, exact: true }).click();
    const convert = investigator.getByRole('dialog', { name: en.tips.convert.title });
    const caseTitle = `Synthetic online case ${stamp}`;
    await convert.getByRole('textbox', { name: en.tips.convert.caseTitle }).fill(caseTitle);
    await convert.getByRole('button', { name: en.tips.convert.submit, exact: true }).click();
    await convert.getByRole('button', { name: en.common.done, exact: true }).click();

    // The case list finds it by its title.
    await investigator.goto('/cases');
    await investigator.getByRole('heading', { level: 1, name: en.cases.list.title, exact: true }).waitFor();
    await investigator.getByRole('textbox', { name: en.cases.list.search }).fill(caseTitle);
    await investigator.getByRole('button', { name: en.cases.list.searchSubmit, exact: true }).click();
    await investigator.getByRole('cell', { name: caseTitle, exact: true }).waitFor();
    await investigator
      .getByRole('row', { name: new RegExp(caseTitle) })
      .getByRole('link')
      .click();
    await investigator.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const casePath = new URL(investigator.url()).pathname;
    await investigator.getByText(caseTitle, { exact: true }).waitFor();
    const reference = (await investigator.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';
    expect(reference).toMatch(/^[A-Z0-9-]+-\d{4}-\d{4,6}$/);
    await expectNoSeriousViolations(investigator, 'the case page (overview)');

    // 3. The investigator writes the plan and submits it.
    await investigator.getByRole('tab', { name: en.cases.tabs.plan, exact: true }).click();
    await investigator.getByRole('button', { name: en.cases.plan.start, exact: true }).click();
    await investigator
      .getByRole('textbox', { name: new RegExp(`^${en.cases.plan.section.objectives}`) })
      .fill('Identify the adult behind the account');
    await investigator.getByRole('button', { name: en.cases.plan.addLine, exact: true }).click();
    await investigator
      .getByRole('textbox', { name: en.cases.plan.lineTitle, exact: true })
      .fill('Subscriber check');
    await investigator
      .getByRole('textbox', { name: new RegExp(`^${en.cases.plan.section.victimSupportPlan}`) })
      .fill('Refer the children to the partner NGO.');
    await investigator.getByRole('button', { name: en.cases.plan.saveDraft, exact: true }).click();
    await investigator.getByText(en.cases.planStatus.draft, { exact: true }).first().waitFor();
    await investigator.getByRole('button', { name: en.cases.plan.submit, exact: true }).click();
    await investigator.getByText(en.cases.planStatus.submitted, { exact: true }).first().waitFor();
    await expectNoSeriousViolations(investigator, 'the case page (plan)');
    await signOut(investigator, 'en');

    // 4. The supervisor approves it.
    const supervisor = await signedIn(SUPERVISOR);
    // The supervisor view lists the plan awaiting approval, linking to the case.
    await supervisor.goto('/cases/supervisor');
    const awaiting = supervisor.getByRole('region', { name: en.work.supervisor.plans });
    await awaiting.getByRole('link', { name: reference, exact: true }).waitFor();
    await expectNoSeriousViolations(supervisor, 'the supervisor view');
    await awaiting.getByRole('link', { name: reference, exact: true }).click();
    await supervisor.waitForURL((url) => url.pathname === casePath);
    await supervisor.getByRole('tab', { name: en.cases.tabs.plan, exact: true }).click();
    await supervisor.getByRole('button', { name: en.cases.plan.approve, exact: true }).click();
    const decision = supervisor.getByRole('dialog', { name: en.cases.plan.approve });
    await decision.getByRole('button', { name: en.cases.plan.confirmDecision, exact: true }).click();
    await decision.waitFor({ state: 'detached' });
    await supervisor.getByText(en.cases.plan.frozen, { exact: true }).waitFor();
    await signOut(supervisor, 'en');

    // 5. The investigator adds a task on the line of enquiry and marks it done.
    const again = await signedIn(INVESTIGATOR);
    await again.goto(casePath);
    await again.getByRole('tab', { name: en.cases.tabs.tasks, exact: true }).click();
    await again
      .getByRole('textbox', { name: new RegExp(`^${en.cases.tasks.task}`) })
      .fill('Request subscriber records');
    await choose(again, again, new RegExp(`^${en.cases.tasks.owner}`), 'Chan Sophea');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await again.getByLabel(new RegExp(`^${en.cases.tasks.due}`)).fill(tomorrow);
    await choose(again, again, en.cases.tasks.line, 'L1 — Subscriber check');
    await again.getByRole('button', { name: en.cases.tasks.create, exact: true }).click();
    await again.getByRole('cell', { name: 'Request subscriber records', exact: true }).waitFor();
    await choose(
      again,
      again,
      en.cases.tasks.statusOf.replace('{{title}}', 'Request subscriber records'),
      en.cases.taskStatus.done,
    );
    await expect
      .poll(async () =>
        again
          .getByRole('combobox', {
            name: en.cases.tasks.statusOf.replace('{{title}}', 'Request subscriber records'),
          })
          .inputValue(),
      )
      .toBe(en.cases.taskStatus.done);
    await expectNoSeriousViolations(again, 'the case page (tasks)');
  });
});
