import { expect, test } from '@playwright/test';
import { addCard, card, coachAndCoachee, column } from '../support/board';

test('a long Done shows its recent cards and the older ones on demand, and stays right as cards leave it', async ({ browser }) => {
  const p = await coachAndCoachee(browser);
  const todo = p.columns.find((c) => c.kind === 'todo')!;
  const done = p.columns.find((c) => c.kind === 'done')!;
  const finished: { id: string; version: number }[] = [];
  for (let i = 1; i <= 54; i += 1) {
    const c = await addCard(p.coachApi, p.engagementId, { columnId: todo.id, title: `Finished step ${i}` });
    finished.push(await p.coachApi.call('POST', `/api/cards/${c.id}/move`, { columnId: done.id, version: c.version }));
    // Distinct finishing times, so "the most recent" is one order.
    if (i <= 4) await new Promise((r) => setTimeout(r, 5));
  }
  for (const page of [p.coach, p.coachee]) {
    await page.goto(`/e/${p.engagementId}/board`);
    await expect(page.getByTestId('live-state')).toHaveText('Live');
  }
  const doneOf = (page: typeof p.coach) => column(page, 'Done');
  await expect(doneOf(p.coach).getByRole('button', { name: 'Show older done cards (4 not shown)' })).toBeVisible();
  await expect(doneOf(p.coach).getByTitle('54 cards')).toBeVisible();
  await expect(card(doneOf(p.coach), 'Finished step 1')).toHaveCount(0);

  // A card the coachee's board has not loaded goes back to To Do: it appears there, and Done counts one fewer.
  await p.coachApi.call('POST', `/api/cards/${finished[0].id}/move`, { columnId: todo.id, version: finished[0].version });
  await expect(card(column(p.coachee, 'To Do'), 'Finished step 1')).toBeVisible();
  await expect(doneOf(p.coachee).getByRole('button', { name: 'Show older done cards (3 not shown)' })).toBeVisible();
  await expect(doneOf(p.coachee).getByTitle('53 cards')).toBeVisible();

  await doneOf(p.coachee)
    .getByRole('button', { name: /Show older done cards/ })
    .click();
  await expect(card(doneOf(p.coachee), 'Finished step 2')).toBeVisible();
  await expect(card(doneOf(p.coachee), 'Finished step 4')).toBeVisible();
  await expect(doneOf(p.coachee).getByRole('button', { name: /Show older/ })).toHaveCount(0);
  await expect(doneOf(p.coachee).getByTitle('53 cards')).toBeVisible();
  await p.close();
});
