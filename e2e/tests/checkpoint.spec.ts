import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addCard, coachAndCoachee } from '../support/board';

/**
 * Every click, key press, field filled or option chosen by a person in the room, counted. Navigation the
 * journey does for its own setup (opening home) is not counted; everything a person does after is.
 */
class Interactions {
  readonly by = { coach: 0, coachee: 0 };
  get total() {
    return this.by.coach + this.by.coachee;
  }
  async click(who: keyof Interactions['by'], target: Locator) {
    this.by[who] += 1;
    await target.click();
  }
  async fill(who: keyof Interactions['by'], target: Locator, text: string) {
    this.by[who] += 1;
    await target.fill(text);
  }
  async press(who: keyof Interactions['by'], target: Locator, key: string) {
    this.by[who] += 1;
    await target.press(key);
  }
}

/** On a phone nothing may make the page wider than the screen. */
async function expectNoOverflow(page: Page, where: string) {
  const { width, culprits } = await page.evaluate(() => {
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && !clipped(el))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { width: document.documentElement.scrollWidth, culprits: wide.slice(0, 5) };
  });
  expect(width, `${where}: the page is ${width} px wide on a 390 px phone (${culprits.join(', ')})`).toBeLessThanOrEqual(390);
}

const stageTitle = (page: Page, name: string) => page.locator('.room__stage-title', { hasText: name });
const focusTitle = (page: Page) => page.getByTestId('focus-card').locator('h3').first();

test('a 12-card checkpoint takes at most 26 interactions for coach and coachee together', async ({ browser }) => {
  test.setTimeout(150_000);
  const p = await coachAndCoachee(browser, 'Running the sales team');
  const { coach, coachee } = p;
  const col = (kind: string) => p.columns.find((c) => c.kind === kind)?.id as string;
  await p.coachApi.call('PATCH', `/api/columns/${col('doing')}`, { wipLimit: 5 });
  const goal = await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), type: 'goal', title: 'A team that sells without me' });
  const ready = (ticked: boolean) => ({
    ownerId: p.coacheeApi.userId,
    dueOn: '2030-01-31',
    definitionOfDone: [{ text: 'Shown to the coach', done: ticked }],
    parentId: goal.id,
  });
  // 3 in Verify (2 finished, 1 not), 4 in In Progress (full with the one sent back), 5 in To Do (2 not ready).
  for (const title of ['Pipeline review template', 'Hiring plan draft'])
    await addCard(p.coachApi, p.engagementId, { columnId: col('verify'), title, ...ready(true) });
  await addCard(p.coachApi, p.engagementId, { columnId: col('verify'), title: 'Commission model', ...ready(false) });
  for (const title of ['Weekly one-to-ones', 'Delegate the forecast', 'Coach two new reps', 'Clean up the CRM'])
    await addCard(p.coachApi, p.engagementId, { columnId: col('doing'), title, ...ready(false) });
  await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), title: 'Shadow a sales call', ...ready(false) });
  await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), title: 'Write the sales playbook', parentId: goal.id });
  for (const title of ['Quarterly kickoff', 'Territory split']) await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), title, ...ready(false) });
  await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), title: 'Ask for referrals' });
  // The session starts in five minutes; the next one is a week later (the default due date of what is pulled).
  const startsAt = new Date(Date.now() + 5 * 60_000);
  await p.coachApi.call('POST', `/api/engagements/${p.engagementId}/sessions`, {
    startsAt: startsAt.toISOString(),
    durationMinutes: 60,
    timeZone: 'UTC',
    recurrence: { cadence: 'weekly', count: 2 },
  });
  const nextOn = new Date(startsAt.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);

  const count = new Interactions();
  // The coach at a desk, the coachee on a phone.
  await coachee.setViewportSize({ width: 390, height: 844 });
  await coach.goto('/');
  await coachee.goto('/');

  // Joining: one click each, from home.
  await count.click('coach', coach.getByRole('link', { name: /Join now/ }).first());
  await count.click('coach', coach.getByRole('button', { name: 'Start the session' }));
  await count.click('coachee', coachee.getByRole('link', { name: /Join now/ }).first());
  await expect(stageTitle(coachee, 'WIFLE')).toBeVisible();
  await expectNoOverflow(coachee, 'WIFLE');
  await count.click('coach', coach.getByRole('button', { name: 'Next: Verify →' }));

  // Verify: accept two, send one back with its reason.
  await expect(focusTitle(coachee)).toHaveText('Pipeline review template');
  await count.click('coach', coach.getByRole('button', { name: 'Accept to Done' }));
  await expect(focusTitle(coachee)).toHaveText('Hiring plan draft');
  await count.click('coach', coach.getByRole('button', { name: 'Accept to Done' }));
  await expect(focusTitle(coachee)).toHaveText('Commission model');
  await expectNoOverflow(coachee, 'Verify');
  await count.fill('coachee', coachee.getByLabel('Not done yet? What is still missing'), 'The numbers for Q3 are missing');
  await count.click('coachee', coachee.getByRole('button', { name: 'Send back to In Progress' }));
  await expect(coach.getByText('Nothing waits in Verify. Go on to In Progress.')).toBeVisible();
  await count.click('coach', coach.getByRole('button', { name: 'Next: In Progress →' }));

  // In Progress: one roadblock on the card in focus.
  await expect(focusTitle(coachee)).toHaveText('Weekly one-to-ones');
  await expectNoOverflow(coachee, 'In Progress');
  await count.fill('coachee', coachee.getByLabel('Roadblock'), 'Two reps are on leave');
  await count.press('coachee', coachee.getByLabel('Roadblock'), 'Enter');
  await expect(coach.getByText('Blocked: Two reps are on leave')).toBeVisible();
  await count.click('coach', coach.getByRole('button', { name: 'Next: Pull →' }));

  // Pull: In Progress is full; finished work moves to Verify right here, then two cards come in, one made ready in place.
  await expect(coachee.getByTestId('wip-capacity')).toHaveText('In Progress is full (5 of 5). Finish something before pulling more.');
  await count.click('coachee', coachee.getByRole('button', { name: 'Finished: move “Delegate the forecast” to Verify' }));
  await count.click('coachee', coachee.getByRole('button', { name: 'Finished: move “Coach two new reps” to Verify' }));
  await expect(coach.getByTestId('wip-capacity')).toHaveText('Room for 2 more in In Progress (3 of 5).');
  await expect(focusTitle(coach)).toHaveText('Shadow a sales call');
  await count.click('coach', coach.getByRole('button', { name: 'Pull into In Progress' }));
  await expect(focusTitle(coachee)).toHaveText('Write the sales playbook');
  await expectNoOverflow(coachee, 'Pull');
  await count.fill('coachee', coachee.getByLabel('Done when…'), 'Playbook shared with the team');
  await count.click('coachee', coachee.getByRole('button', { name: 'Save and pull into In Progress' }));
  await expect(coach.getByTestId('wip-capacity')).toHaveText('In Progress is full (5 of 5). Finish something before pulling more.');
  await count.click('coach', coach.getByRole('button', { name: 'Next: Commitments →' }));

  // Commitments: both agree; a shared and a private note; close.
  await expect(coachee.getByTestId('commitment')).toHaveCount(2);
  await expectNoOverflow(coachee, 'Commitments');
  await count.click('coach', coach.getByRole('button', { name: 'We agree' }));
  await count.click('coachee', coachee.getByRole('button', { name: 'We agree' }));
  await count.fill('coachee', coachee.getByLabel('Shared notes'), 'Next time: the forecast, without the coach’s help.');
  await count.fill('coach', coach.getByLabel('Private notes'), 'Energy higher than last month.');
  await expect(coach.getByText('Saved', { exact: true })).toBeVisible();
  await expect(coach.locator('.agreement__people')).toContainText('Agreed Theo Coachee');
  await count.click('coach', coach.getByRole('button', { name: 'Close the session' }));

  // Both have the recap in front of them, with no further click.
  for (const page of [coach, coachee]) {
    const recap = page.getByTestId('recap');
    await expect(recap).toBeVisible();
    await expect(recap.locator('.recap__section', { hasText: 'Completed' })).toContainText('Pipeline review template');
    await expect(recap.locator('.recap__section', { hasText: 'Sent back' })).toContainText('Commission model — still missing: The numbers for Q3 are missing');
    await expect(recap.locator('.recap__section', { hasText: 'New commitments' })).toContainText(`Write the sales playbook — Theo Coachee, due ${nextOn}`);
    await expect(recap).toContainText('Next time: the forecast');
  }
  await expectNoOverflow(coachee, 'Recap');
  await expectAccessible(coachee, 'recap after a counted checkpoint');

  console.info(`checkpoint: ${count.total} interactions (coach ${count.by.coach}, coachee ${count.by.coachee})`);
  expect(count.total).toBeLessThanOrEqual(26);
  await p.close();
});
