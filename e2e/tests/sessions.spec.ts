import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addCard, coachAndCoachee } from '../support/board';

/** Tomorrow's date, YYYY-MM-DD (the session is scheduled ahead, in UTC like these accounts). */
function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

const stageTitle = (page: Page, name: string) => page.locator('.room__stage-title', { hasText: name });

test('coach and coachee run a session together: WIFLE, accept, roadblock, pull a card made ready, close; the next one opens with the review', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const p = await coachAndCoachee(browser, 'Becoming a team lead');
  const col = (kind: string) => p.columns.find((c) => c.kind === kind)?.id as string;
  const goal = await addCard(p.coachApi, p.engagementId, { columnId: col('todo'), type: 'goal', title: 'Lead one-to-ones well' });
  const ready = { ownerId: p.coacheeApi.userId, dueOn: '2030-01-31', definitionOfDone: [{ text: 'Shown to the coach' }], parentId: goal.id };
  await addCard(p.coachApi, p.engagementId, { columnId: col('verify'), type: 'task', title: 'Draft the team charter', ...ready });
  await addCard(p.coachApi, p.engagementId, { columnId: col('doing'), type: 'task', title: 'Interview three peers', ...ready });
  await addCard(p.coacheeApi, p.engagementId, { columnId: col('todo'), type: 'task', title: 'Write my first agenda' });

  // The coach schedules two weekly sessions.
  const { coach, coachee } = p;
  await coach.goto(`/e/${p.engagementId}/sessions`);
  await expect(coach.getByRole('button', { name: 'Schedule a session' })).toBeVisible();
  await expectAccessible(coach, 'sessions, none yet');
  await coach.getByRole('button', { name: 'Schedule a session' }).click();
  await expectAccessible(coach, 'schedule form');
  await coach.getByLabel('Date', { exact: true }).fill(tomorrow());
  await coach.getByLabel('Start time').fill('09:00');
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

  // WIFLE: each clears the air; the coach sees the coachee's note live.
  await coachee.getByLabel('Your WIFLE note').fill('Nervous about the reorganisation');
  await coachee.getByRole('button', { name: 'I’m done' }).click();
  await expect(coach.getByText('Nervous about the reorganisation')).toBeVisible();
  await expectAccessible(coachee, 'session room: WIFLE, coachee');
  await coach.getByRole('button', { name: 'I’m done' }).click();
  await coach.getByRole('button', { name: 'Next: Verify →' }).click();

  // Verify: the coach accepts the card; both see the celebration.
  await expect(stageTitle(coachee, 'Verify')).toBeVisible();
  await expect(coach.getByRole('heading', { name: 'Draft the team charter' })).toBeVisible();
  await expectAccessible(coach, 'session room: Verify');
  await coach.getByRole('button', { name: 'Accept to Done' }).click();
  await expect(coach.locator('.celebrate')).toContainText('“Draft the team charter” is accepted');
  await expect(coachee.locator('.celebrate')).toContainText('“Draft the team charter” is accepted');
  await expectAccessible(coachee, 'session room: accepted');
  await expect(coach.getByText('Nothing waits in Verify. Go on to In Progress.')).toBeVisible();
  await coach.getByRole('button', { name: 'Next: In Progress →' }).click();

  // In Progress: the coachee flags a roadblock; the coach sees it at once.
  await expect(stageTitle(coachee, 'In Progress')).toBeVisible();
  await coachee.getByLabel('Roadblock').fill('Waiting for HR to approve the budget');
  await coachee.getByRole('button', { name: 'Raise a roadblock' }).click();
  await expect(coach.getByText('Blocked: Waiting for HR to approve the budget')).toBeVisible();
  await expectAccessible(coachee, 'session room: In Progress');
  await coachee.getByRole('button', { name: 'Next: Pull →' }).click();

  // Pull: the card lacks what it needs; its gaps are filled together, then it moves.
  await expect(stageTitle(coach, 'Pull')).toBeVisible();
  await expect(coachee.getByTestId('wip-capacity')).toHaveText('Room for 2 more in In Progress (1 of 3).');
  await expect(coachee.getByRole('heading', { name: 'Write my first agenda' })).toBeVisible();
  await expectAccessible(coachee, 'session room: Pull');
  await coachee.getByRole('button', { name: 'Pull into In Progress' }).click();
  const dialog = coachee.getByRole('dialog', { name: 'Get this card ready' });
  await dialog.getByLabel('Owner').selectOption({ label: 'Theo Coachee (coachee)' });
  await dialog.getByLabel('Due date').fill('2030-02-15');
  await dialog.getByLabel('Definition of done, item 1').fill('Agenda sent a day before');
  await dialog.getByLabel('Goal it serves').selectOption({ label: 'Lead one-to-ones well' });
  await expectAccessible(coachee, 'session room: readiness dialog');
  await dialog.getByRole('button', { name: 'Save and move' }).click();
  await expect(coachee.getByTestId('wip-capacity')).toHaveText('Room for 1 more in In Progress (2 of 3).');
  await coach.getByRole('button', { name: 'Next: Commitments →' }).click();

  // Commitments: the pulled card, with its owner and due date.
  await expect(stageTitle(coachee, 'Commitments')).toBeVisible();
  await expect(coachee.getByTestId('commitment')).toHaveCount(1);
  await expect(coachee.getByTestId('commitment')).toContainText('Write my first agenda');
  await coachee.getByLabel('Shared notes').fill('Try the new agenda format next week.');
  await coachee.getByRole('button', { name: 'Save shared notes' }).click();
  await coach.getByLabel('Private notes').fill('Watch the workload.');
  await coach.getByRole('button', { name: 'Save private notes' }).click();
  await expect(coachee.getByLabel('Private notes')).toHaveCount(0);
  await expectAccessible(coach, 'session room: Commitments');
  await coach.getByRole('button', { name: 'Close the session' }).click();

  // Both see the same recap.
  for (const page of [coach, coachee]) {
    const recap = page.getByTestId('recap');
    await expect(recap).toBeVisible();
    await expect(recap.locator('.recap__section', { hasText: 'Completed' })).toContainText('Draft the team charter');
    await expect(recap.locator('.recap__section', { hasText: 'Blocked' })).toContainText('Interview three peers — Waiting for HR to approve the budget');
    await expect(recap.locator('.recap__section', { hasText: 'New commitments' })).toContainText('Write my first agenda — Theo Coachee, due 2030-02-15');
    await expect(recap).toContainText('Try the new agenda format next week.');
    await expect(recap).not.toContainText('Watch the workload.');
    await expect(recap.getByRole('link', { name: 'Download PDF' })).toHaveAttribute('href', /recap\.pdf$/);
  }
  expect(await coach.getByTestId('recap').textContent()).toBe(await coachee.getByTestId('recap').textContent());
  await expectAccessible(coach, 'recap');

  // The next session opens with the commitment review: the card is still in progress, so it was missed.
  await coach.getByRole('link', { name: '← All sessions' }).click();
  await coach.getByTestId('session-row').first().getByRole('link', { name: 'Start' }).click();
  await coach.getByRole('button', { name: 'Start the session' }).click();
  await expect(coach.getByRole('heading', { name: 'Commitment review: 0 kept, 1 missed' })).toBeVisible();
  await expect(coach.locator('.review__item')).toContainText('Write my first agenda');
  await expectAccessible(coach, 'session room: commitment review');

  await p.close();
});
