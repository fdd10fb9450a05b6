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

test('an invitation opened under another address: the person asks, and the coach lets them in from People', async ({ browser }) => {
  const coachCtx = await browser.newContext();
  const coach = await coachCtx.newPage();
  await signUp(coach, 'Clara Coach', uniqueEmail('coach'));
  await coach.getByRole('link', { name: 'New engagement' }).click();
  await coach.getByLabel('Title').fill('A team of one');
  await coach.getByLabel('Coachee’s name').fill('Pat Work');
  const workEmail = uniqueEmail('pat.work');
  await coach.getByLabel('Coachee’s email').fill(workEmail);
  await coach.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(coach.getByRole('heading', { name: 'A team of one' })).toBeVisible();
  const mail = await waitForMail(workEmail, /invited you/);
  const link = /(http\S+invitation#token=[\w-]+)/.exec(mail.text)?.[1] as string;

  // Pat already has an account under a personal address and opens the link logged in with it.
  const patCtx = await browser.newContext();
  const pat = await patCtx.newPage();
  const homeEmail = uniqueEmail('pat.home');
  await signUp(pat, 'Pat Personal', homeEmail);
  await pat.goto(link);
  await expect(pat.getByText(`This invitation is for ${workEmail}. You are logged in as ${homeEmail}.`)).toBeVisible();
  await expect(pat.getByRole('button', { name: 'Join the engagement' })).toHaveCount(0);
  await pat.getByRole('button', { name: 'Ask Clara Coach to let this account join' }).click();
  await expect(pat.getByRole('status')).toContainText(`We asked Clara Coach to let you join as ${homeEmail}.`);

  // The coach sees the request on the pending invitation (live) and lets Pat in.
  const pending = coach.locator('.people li', { hasText: 'Pat Work' });
  await expect(pending).toContainText(`Pat Personal (${homeEmail}) opened this invitation and asked to join with that address instead.`);
  await pending.getByRole('button', { name: 'Let Pat Personal join' }).click();
  await expect(coach.locator('.people').getByText(homeEmail, { exact: true })).toBeVisible();
  await expect(coach.getByText('Pat Work')).toHaveCount(0);

  await pat.goto('/');
  await expect(pat.getByRole('link', { name: /A team of one/ })).toBeVisible();
  await Promise.all([coachCtx.close(), patCtx.close()]);
});
