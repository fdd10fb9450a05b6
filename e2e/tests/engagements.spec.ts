import { expect, test } from '@playwright/test';
import { PASSWORD, signUp, uniqueEmail, waitForMail } from '../support/helpers';

test('a coach invites a coachee, who joins through the emailed link; an outsider cannot open it', async ({ browser }) => {
  const coachCtx = await browser.newContext();
  const coach = await coachCtx.newPage();
  const coachEmail = uniqueEmail('coach');
  await signUp(coach, 'Clara Coach', coachEmail);

  await coach.getByRole('link', { name: 'New engagement' }).click();
  await coach.getByLabel('Title').fill('Finding my next role');
  await coach.getByLabel('Coachee’s name').fill('Theo Coachee');
  const coacheeEmail = uniqueEmail('theo');
  await coach.getByLabel('Coachee’s email').fill(coacheeEmail);
  await coach.getByLabel('Intended start').fill('2026-01-05');
  await coach.getByLabel('Intended end').fill('2026-04-04');
  await coach.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(coach.getByRole('heading', { name: 'Finding my next role' })).toBeVisible();
  await expect(coach.getByText('Engagement created. Invitations are on their way.')).toBeVisible();
  await expect(coach.locator('.people').getByText('Theo Coachee', { exact: true })).toBeVisible();
  const engagementUrl = coach.url().replace(/\/people$/, '');

  const mail = await waitForMail(coacheeEmail, /invited you/);
  const link = /(http\S+invitation#token=[\w-]+)/.exec(mail.text)?.[1] as string;
  expect(link).toBeTruthy();

  const coacheeCtx = await browser.newContext();
  const theo = await coacheeCtx.newPage();
  await theo.goto(link);
  await expect(theo.getByText('Clara Coach invited you to Finding my next role as coachee.')).toBeVisible();
  await theo.getByRole('link', { name: 'Create an account to join' }).click();
  await theo.getByLabel('Your name').fill('Theo Coachee');
  await theo.getByLabel('Email').fill(coacheeEmail);
  await theo.getByLabel('Password').fill(PASSWORD);
  await theo.getByRole('button', { name: 'Create account' }).click();
  await theo.getByRole('button', { name: 'Join the engagement' }).click();
  await expect(theo.getByRole('heading', { name: 'Finding my next role' })).toBeVisible();
  await expect(theo.getByText('Coached by Clara Coach · You are coachee')).toBeVisible();
  await theo.goto('/');
  await expect(theo.getByRole('link', { name: /Finding my next role/ })).toBeVisible();

  // The coach sees Theo as a member (live, through the event stream).
  await coach.goto(`${engagementUrl}/people`);
  await expect(coach.locator('.people').getByText(coacheeEmail)).toBeVisible();

  // The coach starts the engagement; the coachee sees the new status live.
  await coach.getByRole('button', { name: 'Start the engagement' }).click();
  await expect(coach.getByRole('status').filter({ hasText: 'The engagement is now active.' })).toBeVisible();
  await theo.goto(engagementUrl);
  await expect(theo.locator('.engagement__facts').getByText('Active')).toBeVisible();

  // The link works once.
  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await signUp(other, 'Oscar Outsider', uniqueEmail('oscar'));
  await other.goto(link);
  await expect(other.getByRole('alert')).toHaveText('This invitation has already been used. Log in to see the engagement, or ask your coach for a new link.');
  // An outsider who guesses the URL sees no engagement.
  await other.goto(engagementUrl);
  await expect(other.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(other.getByText('Finding my next role')).toHaveCount(0);

  await Promise.all([coachCtx.close(), coacheeCtx.close(), otherCtx.close()]);
});

test('an invitation email the mail server refuses is shown to the coach on the People tab', async ({ page }) => {
  await signUp(page, 'Bea Coach', uniqueEmail('bea'));
  await page.getByRole('link', { name: 'New engagement' }).click();
  await page.getByLabel('Title').fill('Bounced invitation');
  await page.getByLabel('Coachee’s name').fill('Nobody Here');
  const bounced = uniqueEmail('bounce');
  await page.getByLabel('Coachee’s email').fill(bounced);
  await page.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(page.getByRole('heading', { name: 'Bounced invitation' })).toBeVisible();
  // The request answered at once; the worker's attempt fails and the coach is told what the server said.
  const panel = page.getByRole('region', { name: 'Emails that could not be sent' });
  await expect(panel.getByText(`Email to ${bounced}`, { exact: false })).toBeVisible({ timeout: 20_000 });
  await expect(panel).toContainText('Retrying');
  await expect(panel).toContainText('550');
});
