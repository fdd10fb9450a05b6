import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { card, coachAndCoachee, column } from '../support/board';

test('a coach imports a CSV of cards: a preview first, then the cards are on the board', async ({ browser }) => {
  const p = await coachAndCoachee(browser, 'Imported from a spreadsheet');
  const { coach } = p;
  await coach.goto(`/e/${p.engagementId}/people`);
  await expect(coach.getByRole('heading', { name: 'Import cards' })).toBeVisible();
  const csv = [
    'title,type,column,due date,definition of done',
    'Map the stakeholders,task,To Do,2026-03-02,List;Interview three',
    'Ideas for later,task,Someday,,',
  ].join('\n');
  await coach.getByLabel('File').setInputFiles({ name: 'plan.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(coach.getByRole('heading', { name: 'Preview: plan.csv' })).toBeVisible();
  await expect(coach.getByText('Would add 2 cards (0 archived), 0 comments and 1 column.')).toBeVisible();
  await expect(coach.getByRole('row', { name: /Someday Someday \(backlog; a new column\) 1/ })).toBeVisible();
  await expectAccessible(coach, 'import preview');
  await coach.getByRole('button', { name: 'Import 2 cards' }).click();
  await expect(coach.getByRole('heading', { name: 'Imported: plan.csv' })).toBeVisible();
  await coach.getByRole('link', { name: 'Open the board' }).click();
  await expect(card(column(coach, 'To Do'), 'Map the stakeholders')).toBeVisible();
  await expect(card(column(coach, 'Someday'), 'Ideas for later')).toBeVisible();
  await p.close();
});

test('a coach adds a webhook in Settings, sees its secret once, then deletes it', async ({ browser }) => {
  const p = await coachAndCoachee(browser, 'Sent to our CRM');
  const { coach } = p;
  await coach.goto('/settings');
  const section = coach.getByRole('region', { name: 'Webhooks' });
  await section.getByLabel('Endpoint').fill('https://hooks.example.com/carriage');
  await section.getByLabel('Engagements').selectOption({ label: 'Sent to our CRM' });
  await section
    .getByRole('checkbox', { name: /commented/ })
    .first()
    .check();
  await section.getByRole('button', { name: 'Add webhook' }).click();
  const secret = section.getByLabel('Signing secret');
  await expect(secret).toHaveValue(/^whsec_/);
  const item = section.getByRole('listitem').filter({ hasText: 'hooks.example.com' });
  await expect(item).toContainText('Sent to our CRM · 3 event types');
  await expectAccessible(coach, 'settings with a webhook');
  // Shown once: after a reload only the address is listed.
  await coach.reload();
  await expect(coach.getByRole('region', { name: 'Webhooks' }).getByLabel('Signing secret')).toHaveCount(0);
  await coach.getByRole('region', { name: 'Webhooks' }).getByRole('button', { name: 'Deliveries' }).click();
  await expect(coach.getByText('Nothing sent yet.', { exact: false })).toBeVisible();
  await coach.getByRole('region', { name: 'Webhooks' }).getByRole('button', { name: 'Delete' }).click();
  await expect(coach.getByRole('region', { name: 'Webhooks' }).getByText('No webhooks.')).toBeVisible();
  await p.close();
});
