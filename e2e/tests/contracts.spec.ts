import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { coachAndCoachee } from '../support/engagement';

function isoDay(offsetDays: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

async function downloadPdf(page: Page): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const path = await download.path();
  return fs.readFileSync(path);
}

test('a contract drafted from the vision is signed by coachee and coach, printed, verified, and put on the board', async ({ browser }) => {
  test.setTimeout(120_000);
  const { coachCtx, coach, coacheeCtx, eli, engagementUrl } = await coachAndCoachee(browser);
  const engagementId = engagementUrl.split('/e/')[1];

  // The coach writes the vision and the quote.
  await coach.goto(`${engagementUrl}/contract`);
  await expect(coach.getByLabel('Current situation')).toBeVisible();
  await expectAccessible(coach, 'contract tab: vision form');
  await coach.getByLabel('Current situation').fill('Eli was promoted to team lead and still does most of the work himself.');
  await coach.getByLabel('Desired future').fill('A team that delivers without Eli in every task.');
  await coach.getByRole('button', { name: 'Add a goal' }).click();
  await coach.getByLabel('Goal 1: what').fill('Delegate with confidence');
  await coach.getByLabel('How it is measured').fill('Share of team tasks Eli does himself');
  await coach.getByLabel('Target').fill('Under 20%');
  await coach.getByLabel('Price').fill('1800');
  await coach.getByLabel('Sessions included').fill('6');
  await coach.getByLabel('Charged').selectOption('fixed');
  await coach.getByLabel('What the quote covers').fill('Six sessions over three months, with the shared board between them.');
  await coach.getByRole('button', { name: 'Save the vision' }).click();
  await expect(coach.getByText('Saved.')).toBeVisible();
  await expectAccessible(coach, 'vision saved');

  // The coachee reads the vision and comments.
  await eli.goto(`${engagementUrl}/contract`);
  await expect(eli.getByText('A team that delivers without Eli in every task.')).toBeVisible();
  await eli.getByLabel('Add a comment').fill('Could we also cover running one-to-ones?');
  await eli.getByRole('button', { name: 'Comment' }).click();
  await expect(eli.getByText('Could we also cover running one-to-ones?')).toBeVisible();
  await expectAccessible(eli, 'contract tab: vision, coachee');

  // One step from the vision to a draft; the coach adds a deliverable and dates, previews and sends it.
  // An edit to the vision not saved yet goes into the draft made from it.
  await coach.getByLabel('Target').fill('Under 15%');
  await coach.getByRole('button', { name: 'Draft a contract from the vision' }).click();
  await expect(coach.getByLabel('Target')).toHaveValue('Under 15%');
  await expect(coach.getByLabel('Title')).toHaveValue('Coaching agreement: Stepping into leadership');
  await expect(coach.getByLabel('Goal 1: what')).toHaveValue('Delegate with confidence');
  await expectAccessible(coach, 'contract editor');
  await coach.getByLabel('Start date').fill(isoDay(0));
  await coach.getByLabel('End date').fill(isoDay(89));
  await coach.getByRole('button', { name: 'Add a deliverable' }).click();
  await coach.getByLabel('Deliverable 1: description').fill('A delegation plan for the team');
  await coach.getByLabel('Acceptance criteria (one per line)').fill('Every recurring task has an owner\nReviewed with the team');
  await coach.getByLabel('Serves goal').selectOption({ label: '1. Delegate with confidence' });
  await coach.getByRole('button', { name: 'Add a deliverable' }).click();
  await coach.getByLabel('Deliverable 2: description').fill('Two projects handed over');
  await coach.getByRole('button', { name: 'Save draft' }).click();
  await expect(coach.getByText('Draft saved.')).toBeVisible();
  await expectAccessible(coach, 'contract draft saved');

  // A refused save says so beside its button, marks the field and takes the focus there.
  await coach.getByLabel('Title').fill('');
  await coach.getByRole('button', { name: 'Save draft' }).click();
  await expect(coach.getByText('Not saved. Check the field marked above.')).toBeVisible();
  await expect(coach.getByLabel('Title')).toBeFocused();
  await expect(coach.locator('.contract-editor').getByText('Give the contract a title.')).toBeVisible();
  await expectAccessible(coach, 'contract draft refused');
  await coach.getByLabel('Title').fill('Coaching agreement: Stepping into leadership');
  await coach.getByRole('button', { name: 'Preview as the signer sees it' }).click();
  await expect(coach.getByRole('article', { name: 'Contract text' }).getByText('1,800.00 EUR fixed price (6 sessions included)')).toBeVisible();
  await expectAccessible(coach, 'contract preview');

  // Sending never drops what was typed: unsaved edits are saved first, and a refusal is shown by the button.
  await coach.getByRole('button', { name: 'Back to editing' }).click();
  await coach.getByLabel('Amount').fill('1999');
  await coach.getByLabel('Currency (ISO)').fill('EU');
  await coach.getByRole('button', { name: 'Save and send for signature' }).click();
  await expect(coach.getByRole('region', { name: 'Send for signature' }).getByRole('alert')).toHaveText(
    'Your changes could not be saved, so the contract was not sent. Fix the fields marked in the form, then try again.',
  );
  await expect(coach.getByLabel('Currency (ISO)')).toBeFocused();
  await expect(coach.getByTestId('contract-status')).toHaveText('Draft');
  await expectAccessible(coach, 'contract send refused');
  await coach.getByLabel('Currency (ISO)').fill('EUR');
  await coach.getByRole('button', { name: 'Save and send for signature' }).click();
  await expect(coach.getByTestId('contract-status')).toHaveText('Awaiting signatures');
  await expectAccessible(coach, 'contract sent');
  await expect(coach.getByRole('article', { name: 'Contract text' }).getByText('1,999.00 EUR fixed price (6 sessions included)')).toBeVisible();
  const contractUrl = coach.url();

  // The coachee signs in their own browser.
  await eli.goto(`${engagementUrl}/contract`);
  await eli.getByRole('link', { name: /Coaching agreement: Stepping into leadership/ }).click();
  await expect(eli.getByRole('heading', { name: 'Sign this contract' })).toBeVisible();
  await expect(eli.getByRole('article', { name: 'Contract text' }).getByText('A delegation plan for the team')).toBeVisible();
  await expectAccessible(eli, 'sign the contract');
  await eli.getByLabel('Type your full name').fill('Someone Else');
  await eli.getByLabel('I agree to sign this contract electronically').check();
  await eli.getByRole('button', { name: 'Sign the contract' }).click();
  await expect(eli.getByText('Type your full name as it appears on the contract: Eli Coachee.')).toBeVisible();
  await expectAccessible(eli, 'sign the contract, refused');
  await eli.getByLabel('Type your full name').fill('Eli Coachee');
  await eli.getByRole('button', { name: 'Sign the contract' }).click();
  await expect(eli.getByRole('heading', { name: 'Sign this contract' })).toHaveCount(0);
  await expect(eli.getByTestId('contract-status')).toHaveText('Awaiting signatures');
  await expect(eli.getByText(/Signed as “Eli Coachee”/)).toBeVisible();
  await expectAccessible(eli, 'contract signed by the coachee');

  // The coach signs last; the contract becomes active (it starts today).
  await coach.goto(contractUrl);
  await coach.getByLabel('Type your full name').fill('Nora Coach');
  await coach.getByLabel('I agree to sign this contract electronically').check();
  await coach.getByRole('button', { name: 'Sign the contract' }).click();
  await expect(coach.getByTestId('contract-status')).toHaveText('Active');
  await expect(coach.getByRole('table').getByText('Signed by every signer')).toBeVisible();
  await expectAccessible(coach, 'contract active');
  // Eli opening the contract to sign it is in the audit trail.
  await expect(coach.getByRole('row').filter({ hasText: 'Viewed' }).filter({ hasText: 'Eli Coachee' })).toHaveCount(1);

  // Both download the same PDF; the verify page recognises it and refuses an altered copy.
  const coachPdf = await downloadPdf(coach);
  await eli.reload();
  await expect(eli.getByTestId('contract-status')).toHaveText('Active');
  const eliPdf = await downloadPdf(eli);
  expect(coachPdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(eliPdf.equals(coachPdf)).toBe(true);

  await eli.goto('/verify');
  await expectAccessible(eli, 'verify');
  await eli.getByLabel('Contract PDF').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: eliPdf });
  await expect(eli.getByTestId('verify-result')).toContainText('Verified');
  await expect(eli.getByTestId('verify-result')).toContainText('Nora Coach (coach) signed');
  await expectAccessible(eli, 'verify, verified');
  const altered = Buffer.concat([eliPdf, Buffer.from('\n%%EOF\n')]);
  await eli.getByLabel('Contract PDF').setInputFiles({ name: 'altered.pdf', mimeType: 'application/pdf', buffer: altered });
  await expect(eli.getByTestId('verify-result')).toContainText('Not verified');
  await expect(eli.getByTestId('verify-result')).toContainText('altered');
  await expectAccessible(eli, 'verify, not verified');

  // The deliverables become cards on the board, under their goal.
  await coach.getByRole('button', { name: 'Put deliverables on the board' }).click();
  await expect(coach.getByText('3 cards added to To Do on the board.')).toBeVisible();
  await expectAccessible(coach, 'contract on the board');
  const board = await (await coach.request.get(`/api/engagements/${engagementId}/board`)).json();
  const cards = board.columns.flatMap(
    (c: { cards: { title: string; type: string; parentId: string | null; contractId: string | null; id: string }[] }) => c.cards,
  );
  const goal = cards.find((c: { type: string }) => c.type === 'goal');
  expect(goal.title).toBe('Delegate with confidence');
  expect(cards.filter((c: { parentId: string | null }) => c.parentId === goal.id).map((c: { title: string }) => c.title)).toEqual([
    'A delegation plan for the team',
  ]);
  expect(cards.every((c: { contractId: string | null }) => c.contractId === contractUrl.split('/').pop())).toBe(true);
  await coach.getByRole('link', { name: 'Open the board' }).click();
  await expect(coach.getByText('A delegation plan for the team').first()).toBeVisible();
  await expectAccessible(coach, 'board from the contract');

  await Promise.all([coachCtx.close(), coacheeCtx.close()]);
});
