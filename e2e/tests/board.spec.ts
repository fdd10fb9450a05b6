import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addCard, card, cardControl, coachAndCoachee, column, drag } from '../support/board';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function openBoard(page: Page, engagementId: string) {
  await page.goto(`/e/${engagementId}/board`);
  await expect(page.getByRole('region', { name: 'To Do', exact: true })).toBeVisible();
  await expect(page.getByTestId('live-state')).toHaveText('Live');
  await expectAccessible(page, 'board');
}

test('the coach drags a card and the coachee sees it move without reloading', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Draft my 90-day plan' });
  await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Book a mentor meeting' });
  await openBoard(p.coach, p.engagementId);
  await openBoard(p.coachee, p.engagementId);
  await expect(card(column(p.coachee, 'To Do'), 'Draft my 90-day plan')).toBeVisible();
  await p.coachee.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });

  const moved = p.coach.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
  await drag(p.coach, card(p.coach, 'Draft my 90-day plan'), column(p.coach, 'Verify'));
  expect((await moved).status()).toBe(200);
  await expect(card(column(p.coach, 'Verify'), 'Draft my 90-day plan')).toBeVisible();
  // The coachee's board follows within a second, from the live stream alone.
  await expect(card(column(p.coachee, 'Verify'), 'Draft my 90-day plan')).toBeVisible({ timeout: 1_000 });
  await expect(card(column(p.coachee, 'To Do'), 'Draft my 90-day plan')).toHaveCount(0);
  expect(await p.coachee.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // Reordering within a column by mouse is kept too.
  await drag(p.coach, card(p.coach, 'Book a mentor meeting'), card(p.coach, 'Draft my 90-day plan'), 'top');
  await expect(column(p.coachee, 'Verify').getByRole('button', { name: /./ }).first()).toHaveAccessibleName('Book a mentor meeting');
  await p.close();
});

test('a move past the WIP limit shows the rule’s message and goes over only with a reason', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  const doing = p.columns.find((c) => c.kind === 'doing')!;
  const goal = await addCard(p.coachApi, p.engagementId, { columnId: todo.id, type: 'goal', title: 'Lead the team calmly' });
  const ready = (title: string, columnId: string) =>
    addCard(p.coachApi, p.engagementId, {
      columnId,
      title,
      ownerId: p.coacheeApi.userId,
      dueOn: inDays(14),
      definitionOfDone: [{ text: 'Shown in a session' }],
      parentId: goal.id,
    });
  for (const t of ['First thing', 'Second thing', 'Third thing']) await ready(t, doing.id);
  await ready('Fourth thing', todo.id);

  await openBoard(p.coachee, p.engagementId);
  await expect(column(p.coachee, 'In Progress').getByText('3 / 3')).toBeVisible();
  await drag(p.coachee, card(p.coachee, 'Fourth thing'), column(p.coachee, 'In Progress'));
  const dialog = p.coachee.getByRole('dialog', { name: 'In Progress is at its WIP limit' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveText(
    'In Progress holds 3 of 3 cards (its WIP limit). Finish or move a card out of In Progress first, or give a reason to go over the limit.',
  );
  await expectAccessible(p.coachee, 'WIP limit dialog');
  await dialog.getByRole('button', { name: 'Keep within the limit' }).click();
  await expect(dialog).toBeHidden();
  await expect(card(column(p.coachee, 'To Do'), 'Fourth thing')).toBeVisible();

  await drag(p.coachee, card(p.coachee, 'Fourth thing'), column(p.coachee, 'In Progress'));
  await dialog.getByLabel('Reason to go over the limit').fill('The board meets on Friday');
  await dialog.getByRole('button', { name: 'Go over the limit' }).click();
  const moved = card(column(p.coachee, 'In Progress'), 'Fourth thing');
  await expect(moved).toBeVisible();
  await expect(moved.getByText('Over WIP limit: The board meets on Friday')).toBeVisible();
  await expectAccessible(p.coachee, 'board, over the WIP limit');
  await expect(column(p.coachee, 'In Progress').getByText('4 / 3')).toBeVisible();
  await p.close();
});

test('a card moves by keyboard alone, with announcements', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Write to three former colleagues' });
  await openBoard(p.coachee, p.engagementId);
  const page = p.coachee;
  await cardControl(page, 'Write to three former colleagues').focus();
  await page.keyboard.press('Space');
  const live = page.locator('[id^="DndLiveRegion"]');
  await expect(live).toContainText('“Write to three former colleagues” is over To Do');
  await page.keyboard.press('ArrowRight');
  await expect(live).toContainText('is over In Progress');
  await page.keyboard.press('ArrowRight');
  await expect(live).toContainText('is over Verify, position 1 of 1');
  await page.keyboard.press('Space');
  await expect(live).toContainText('“Write to three former colleagues” was dropped in Verify');
  await expect(card(column(page, 'Verify'), 'Write to three former colleagues')).toBeVisible();
  await expect(cardControl(column(page, 'Verify'), 'Write to three former colleagues')).toBeFocused();
  await page.reload();
  await expect(card(column(page, 'Verify'), 'Write to three former colleagues')).toBeVisible();
  // Enter opens the card.
  await cardControl(page, 'Write to three former colleagues').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Write to three former colleagues' })).toBeVisible();
  await expectAccessible(page, 'card panel');
  await p.close();
});

test('a stale edit is caught and both versions are shown', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  const c = await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Prepare the team retrospective' });
  await p.coach.goto(`/e/${p.engagementId}/board?card=${c.id}`);
  await p.coachee.goto(`/e/${p.engagementId}/board?card=${c.id}`);
  // The panel is named by the card's title, which changes here: find it by what it is.
  const coachPanel = p.coach.locator('.card-panel');
  const coacheePanel = p.coachee.locator('.card-panel');
  await expect(p.coach.getByRole('dialog', { name: 'Prepare the team retrospective' })).toBeVisible();
  await expect(coachPanel.getByLabel('Title')).toHaveValue('Prepare the team retrospective');
  await expect(coacheePanel.getByLabel('Title')).toHaveValue('Prepare the team retrospective');

  // The coachee starts editing; meanwhile the coach saves a different title.
  await coacheePanel.getByLabel('Title').fill('Run the team retrospective');
  await coachPanel.getByLabel('Title').fill('Prepare the retrospective with Sam');
  await coachPanel.getByRole('button', { name: 'Save changes' }).click();
  await expect(coachPanel.getByText('Saved.')).toBeVisible();
  await expect(coacheePanel.getByText('This card changed since you started editing.')).toBeVisible();
  await expectAccessible(p.coachee, 'card panel, changed elsewhere');

  await coacheePanel.getByRole('button', { name: 'Save changes' }).click();
  const conflict = coacheePanel.getByRole('alert').filter({ hasText: 'changed this card while you were editing' });
  await expect(conflict.getByRole('heading')).toHaveText('Clara Coach changed this card while you were editing');
  const row = conflict.getByRole('row', { name: /Title/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText('Prepare the retrospective with Sam');
  await expect(row.getByRole('cell').nth(1)).toHaveText('Run the team retrospective');
  await expectAccessible(p.coachee, 'card panel, conflict');
  // Nothing was overwritten.
  await expect(card(column(p.coach, 'To Do'), 'Prepare the retrospective with Sam')).toBeVisible();

  await conflict.getByRole('button', { name: 'Apply mine over theirs' }).click();
  await expect(coacheePanel.getByText('Saved.')).toBeVisible();
  await expect(card(column(p.coach, 'To Do'), 'Run the team retrospective')).toBeVisible();
  await p.close();
});

test('the readiness dialog fills what a card lacks, then moves it', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  await addCard(p.coachApi, p.engagementId, { columnId: todo.id, type: 'goal', title: 'Find a role with more ownership' });
  await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Update my CV' });
  await openBoard(p.coachee, p.engagementId);
  const page = p.coachee;
  await expect(card(page, 'Update my CV').getByText('Needs: owner, definition of done, due date, goal')).toBeVisible();

  await drag(page, card(page, 'Update my CV'), column(page, 'In Progress'));
  const dialog = page.getByRole('dialog', { name: 'Get this card ready' });
  await expect(dialog).toBeVisible();
  await expect(
    dialog.getByText("This card isn't ready to enter In Progress: it needs an owner, a definition of done, a due date and a goal it serves."),
  ).toBeVisible();
  await dialog.getByLabel('Owner').selectOption({ label: 'Theo Coachee (coachee)' });
  await dialog.getByLabel('Due date').fill(inDays(10));
  await dialog.getByLabel('Definition of done, item 1').fill('Sent to two recruiters');
  await dialog.getByLabel('Goal it serves').selectOption({ label: 'Find a role with more ownership' });
  await expectAccessible(page, 'readiness dialog');
  await dialog.getByRole('button', { name: 'Save and move' }).click();

  await expect(dialog).toBeHidden();
  const moved = card(column(page, 'In Progress'), 'Update my CV');
  await expect(moved).toBeVisible();
  await expect(moved.getByText(/Needs:/)).toHaveCount(0);
  await expect(moved.getByText('Theo Coachee')).toBeVisible();
  await page.reload();
  await expect(card(column(page, 'In Progress'), 'Update my CV')).toBeVisible();
  await p.close();
});

test('card text is Markdown that never runs script; archiving and restoring reach the other person live', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  const c = await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: 'Plan the offsite' });
  await openBoard(p.coachee, p.engagementId);
  await p.coach.goto(`/e/${p.engagementId}/board?card=${c.id}`);
  const panel = p.coach.locator('.card-panel');
  await panel.getByRole('button', { name: 'Edit description' }).click();
  await panel.getByLabel('Description').fill('Agenda:\n\n- **Strategy** first\n\n<img src="x" onerror="window.ran = 1"><script>window.ran = 2</script>');
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(panel.locator('.markdown strong')).toHaveText('Strategy');
  await expectAccessible(p.coach, 'card panel, description preview');
  await panel.getByRole('button', { name: 'Save changes' }).click();
  await expect(panel.getByText('Saved.')).toBeVisible();

  await panel.getByRole('tab', { name: 'Comments' }).click();
  await panel.getByLabel('Add a comment').fill('Booked the room. <a href="javascript:window.ran=3">see</a> _thanks_');
  await panel.getByRole('button', { name: 'Comment' }).click();
  await expect(panel.locator('.comment em')).toHaveText('thanks');
  await expectAccessible(p.coach, 'card panel, comments');
  await expect(panel.locator('.comment a')).not.toHaveAttribute('href', /javascript/);
  expect(await p.coach.evaluate(() => (window as unknown as { ran?: number }).ran)).toBeUndefined();
  await expect(card(p.coachee, 'Plan the offsite').getByText('1 comment')).toBeAttached();

  await panel.getByRole('button', { name: 'Archive card' }).click();
  await expect(panel.getByText('This card is archived.')).toBeVisible();
  await expectAccessible(p.coach, 'card panel, archived');
  await expect(card(p.coachee, 'Plan the offsite')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Restore card' }).click();
  await expect(card(column(p.coachee, 'To Do'), 'Plan the offsite')).toBeVisible();
  await panel.getByRole('tab', { name: 'History' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'Clara Coach restored the card' })).toBeVisible();
  await expectAccessible(p.coach, 'card panel, history');
  await p.close();
});
