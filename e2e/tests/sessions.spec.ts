import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addCard, coachAndCoachee } from '../support/board';

/** Ten minutes from now, as the schedule form's date and time in UTC (these accounts' zone): "Join now" and "Start" are offered from 15 minutes before. */
function inTenMinutes(): { date: string; time: string } {
  const at = new Date(Date.now() + 10 * 60_000).toISOString();
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}

const stageTitle = (page: Page, name: string) => page.locator('.room__stage-title', { hasText: name });
const focusTitle = (page: Page) => page.getByTestId('focus-card').locator('h3').first();

test('coach and coachee run one room: WIFLE, the coach leads the focus, tick and accept, send back with a reason, pull a card made ready in place, agree, close; the next one is held now', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const p = await coachAndCoachee(browser, 'Becoming a team lead');
  const col = (kind: string) => p.columns.find((c) => c.kind === kind)?.id as string;
  const goal = await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), type: 'goal', title: 'Lead one-to-ones well' });
  const ready = { ownerId: p.coacheeApi.userId, dueOn: '2030-01-31', definitionOfDone: [{ text: 'Shown to the coach' }], parentId: goal.id };
  await addCard(p.coachApi, p.engagementId, { columnId: col('verify'), type: 'task', title: 'Draft the team charter', ...ready });
  await addCard(p.coachApi, p.engagementId, { columnId: col('verify'), type: 'task', title: 'Summarise the survey', ...ready });
  await addCard(p.coachApi, p.engagementId, { columnId: col('doing'), type: 'task', title: 'Interview three peers', ...ready });
  await addCard(p.coacheeApi, p.engagementId, { columnId: col('todo'), type: 'task', title: 'Write my first agenda' });

  // The coach schedules two weekly sessions, the first in ten minutes.
  const { coach, coachee } = p;
  await coach.goto(`/e/${p.engagementId}/sessions`);
  await expect(coach.getByRole('button', { name: 'Schedule a session' })).toBeVisible();
  await expectAccessible(coach, 'sessions, none yet');
  await coach.getByRole('button', { name: 'Schedule a session' }).click();
  await expectAccessible(coach, 'schedule form');
  const soon = inTenMinutes();
  await coach.getByLabel('Date', { exact: true }).fill(soon.date);
  await coach.getByLabel('Start time').fill(soon.time);
  await coach.getByLabel('Repeats').selectOption('weekly');
  await coach.getByLabel('Number of sessions').fill('2');
  await coach.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(coach.getByText('2 sessions scheduled.')).toBeVisible();
  await expect(coach.getByTestId('session-row')).toHaveCount(2);
  await expectAccessible(coach, 'sessions scheduled');

  // The coach opens the first session's room and starts it; the coachee joins from their own device.
  await coach.getByTestId('session-row').first().getByRole('link', { name: 'Start' }).click();
  await coach.getByRole('button', { name: 'Start the session' }).click();
  await expect(stageTitle(coach, 'WIFLE')).toBeVisible();
  await expectAccessible(coach, 'session room: WIFLE');
  await coachee.goto(`/e/${p.engagementId}/sessions`);
  await coachee.getByTestId('session-row').first().getByRole('link', { name: 'Open the room' }).click();
  await expect(stageTitle(coachee, 'WIFLE')).toBeVisible();

  // WIFLE: the coachee's note saves itself and reaches the coach, no button needed.
  await coachee.getByLabel('Your WIFLE note').fill('Nervous about the reorganisation');
  await expect(coachee.getByText('Saved', { exact: true })).toBeVisible();
  await expect(coach.getByText('Nervous about the reorganisation')).toBeVisible();
  await expectAccessible(coachee, 'session room: WIFLE, coachee');
  await coach.getByRole('button', { name: 'Next: Verify →' }).click();

  // Verify: one room. The coach pages to the second card; the coachee's screen follows.
  await expect(stageTitle(coachee, 'Verify')).toBeVisible();
  await expect(focusTitle(coachee)).toHaveText('Draft the team charter');
  await coach.getByRole('button', { name: 'Next →' }).click();
  await expect(focusTitle(coachee)).toHaveText('Summarise the survey');
  await expect(coachee.getByText('Card 2 of 2 · with the coach')).toBeVisible();
  // The coachee may browse on their own, with one way back.
  await coachee.getByRole('button', { name: '← Previous' }).click();
  await expect(focusTitle(coachee)).toHaveText('Draft the team charter');
  await coachee.getByRole('button', { name: 'Back to where the coach is' }).click();
  await expect(focusTitle(coachee)).toHaveText('Summarise the survey');
  await expectAccessible(coach, 'session room: Verify');

  // The coachee sends it back with what is missing, in one step; the card carries the reason.
  await coachee.getByLabel('Not done yet? What is still missing').fill('The charts are missing');
  await coachee.getByRole('button', { name: 'Send back to In Progress' }).click();
  await expect(focusTitle(coach)).toHaveText('Draft the team charter');
  // Nothing ticked: accepting asks once. The coachee ticks the definition of done; the coach sees it and accepts.
  await coach.getByRole('button', { name: 'Accept to Done' }).click();
  await expect(coach.getByText('1 of 1 items of the definition of done is not ticked. Accept it anyway?')).toBeVisible();
  await coach.getByRole('button', { name: 'Not yet' }).click();
  await coachee.getByRole('checkbox', { name: 'Shown to the coach' }).click();
  await expect(coachee.getByRole('checkbox', { name: 'Shown to the coach' })).toBeChecked();
  await expect(coach.getByRole('checkbox', { name: 'Shown to the coach' })).toBeChecked();
  await coach.getByRole('button', { name: 'Accept to Done' }).click();
  await expect(coach.locator('.celebrate')).toContainText('“Draft the team charter” is accepted');
  await expect(coachee.locator('.celebrate')).toContainText('“Draft the team charter” is accepted');
  await expectAccessible(coachee, 'session room: accepted');
  await expect(coach.getByText('Nothing waits in Verify. Go on to In Progress.')).toBeVisible();
  await coach.getByRole('button', { name: 'Next: In Progress →' }).click();

  // In Progress: the card sent back shows why; the coachee flags a roadblock on the other; the coach sees it at once.
  await expect(stageTitle(coachee, 'In Progress')).toBeVisible();
  await expect(focusTitle(coachee)).toHaveText('Interview three peers');
  await coachee.getByLabel('Roadblock').fill('Waiting for HR to approve the budget');
  await coachee.getByLabel('Roadblock').press('Enter');
  await expect(coach.getByText('Blocked: Waiting for HR to approve the budget')).toBeVisible();
  await coach.getByRole('button', { name: 'Next →' }).click();
  await expect(focusTitle(coachee)).toHaveText('Summarise the survey');
  await expect(coachee.getByTestId('focus-card')).toContainText('Sent back: The charts are missing');
  await expectAccessible(coachee, 'session room: In Progress');
  await coachee.getByRole('button', { name: 'Next: Pull →' }).click();

  // Pull: the card's gaps are filled on the card itself, with the defaults (owner: who pulls; due: the next session).
  await expect(stageTitle(coach, 'Pull')).toBeVisible();
  await expect(coachee.getByTestId('wip-capacity')).toHaveText('Room for 1 more in In Progress (2 of 3).');
  await expect(focusTitle(coachee)).toHaveText('Write my first agenda');
  await expect(coachee.getByLabel('Owner')).toHaveValue(p.coacheeApi.userId);
  const nextWeek = new Date(Date.parse(`${soon.date}T${soon.time}:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  await expect(coachee.getByLabel('Due date')).toHaveValue(nextWeek);
  await expect(coachee.getByLabel('Goal it serves')).toHaveValue(goal.id);
  await coachee.getByLabel('Done when…').fill('Agenda sent a day before');
  await expectAccessible(coachee, 'session room: Pull, gaps in place');
  await coachee.getByRole('button', { name: 'Save and pull into In Progress' }).click();
  await expect(coachee.getByTestId('wip-capacity')).toHaveText('In Progress is full (3 of 3). Finish something before pulling more.');
  // Full: what is finished moves to Verify from right here.
  await coachee.getByRole('button', { name: 'Finished: move “Interview three peers” to Verify' }).click();
  await expect(coach.getByTestId('wip-capacity')).toHaveText('Room for 1 more in In Progress (2 of 3).');
  await coach.getByRole('button', { name: 'Next: Commitments →' }).click();

  // Commitments: the pulled card, agreed by both; notes save themselves.
  await expect(stageTitle(coachee, 'Commitments')).toBeVisible();
  await expect(coachee.getByTestId('commitment')).toHaveCount(1);
  await expect(coachee.getByTestId('commitment')).toContainText('Write my first agenda');
  await coachee.getByRole('button', { name: 'We agree' }).click();
  await coach.getByRole('button', { name: 'We agree' }).click();
  await expect(coachee.locator('.agreement__people')).toContainText('Agreed Clara Coach');
  await coachee.getByLabel('Shared notes').fill('Try the new agenda format next week.');
  await expect(coach.getByLabel('Shared notes')).toHaveValue('Try the new agenda format next week.');
  await coach.getByLabel('Private notes').fill('Watch the workload.');
  await expect(coach.getByText('Saved', { exact: true })).toBeVisible();
  await expect(coachee.getByLabel('Private notes')).toHaveCount(0);
  await expectAccessible(coach, 'session room: Commitments');
  await coach.getByRole('button', { name: 'Close the session' }).click();

  // Both see the same recap.
  for (const page of [coach, coachee]) {
    const recap = page.getByTestId('recap');
    await expect(recap).toBeVisible();
    await expect(recap.locator('.recap__section', { hasText: 'Completed' })).toContainText('Draft the team charter');
    await expect(recap.locator('.recap__section', { hasText: 'Sent back' })).toContainText('Summarise the survey — still missing: The charts are missing');
    await expect(recap.locator('.recap__section', { hasText: 'Blocked' })).toContainText('Interview three peers — Waiting for HR to approve the budget');
    await expect(recap.locator('.recap__section', { hasText: 'New commitments' })).toContainText(`Write my first agenda — Theo Coachee, due ${nextWeek}`);
    await expect(recap.getByTestId('recap-agreements')).toContainText('Theo Coachee agreed at');
    await expect(recap.getByTestId('recap-agreements')).toContainText('Clara Coach agreed at');
    await expect(recap).toContainText('Try the new agenda format next week.');
    await expect(recap).not.toContainText('Watch the workload.');
    await expect(recap.getByRole('link', { name: 'Download PDF' })).toHaveAttribute('href', /recap\.pdf$/);
  }
  await expect(coachee.getByTestId('recap')).toHaveText((await coach.getByTestId('recap').textContent()) ?? '');
  await expectAccessible(coach, 'recap');

  // After the close the shared notes are final; what comes later is an addendum, shown as such on both screens.
  await expect(coachee.getByRole('textbox', { name: 'Shared notes' })).toHaveCount(0);
  await coachee.getByLabel('Add an addendum').fill('Found the old agenda template.');
  await coachee.getByRole('button', { name: 'Add to the recap' }).click();
  await expect(coach.locator('.recap__addenda')).toContainText('Found the old agenda template.');
  await expect(coach.locator('.recap__addenda')).toContainText('by Theo Coachee');
  await expectAccessible(coachee, 'recap with an addendum');

  // The next session is a week away: it can't be started today; the coach holds an unscheduled one now,
  // which opens with the commitment review (the card is still in progress, so it was missed).
  await coach.getByRole('link', { name: '← All sessions' }).click();
  await coach.getByTestId('session-row').getByRole('link', { name: 'Open', exact: true }).click();
  await expect(coach.getByText('This session is planned for later.')).toBeVisible();
  await expect(coach.getByRole('button', { name: 'Start the session' })).toHaveCount(0);
  await expectAccessible(coach, 'session room: not yet');
  await coach.getByRole('button', { name: 'Hold an unscheduled session now' }).click();
  await expect(coach.getByRole('heading', { name: 'Commitment review: 0 kept, 1 missed' })).toBeVisible();
  await expect(coach.locator('.review__item')).toContainText('Write my first agenda');
  await expectAccessible(coach, 'session room: commitment review');

  await p.close();
});
