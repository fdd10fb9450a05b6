import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { PASSWORD, signUp, uniqueEmail, waitForMail } from '../support/helpers';

test('a coach invites a coachee, who joins through the emailed link; an outsider cannot open it', async ({ browser }) => {
  test.setTimeout(120_000);
  const coachCtx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const coach = await coachCtx.newPage();
  const coachEmail = uniqueEmail('coach');
  await signUp(coach, 'Clara Coach', coachEmail);

  await coach.getByRole('link', { name: 'New engagement' }).click();
  await expect(coach.getByLabel('Title')).toBeVisible();
  await expectAccessible(coach, 'new engagement');
  await coach.getByLabel('Title').fill('Finding my next role');
  await coach.getByLabel('Coachee’s name').fill('Theo Coachee');
  const coacheeEmail = uniqueEmail('theo');
  await coach.getByLabel('Coachee’s email').fill(coacheeEmail);
  await coach.getByLabel('Intended start').fill('2026-01-05');
  await coach.getByLabel('Intended end').fill('2026-04-04');
  await coach.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(coach.getByRole('heading', { name: 'Finding my next role' })).toBeVisible();
  await expect(coach.getByText('Engagement created.')).toBeVisible();
  const links = coach.getByRole('region', { name: 'Invitation links' });
  await expect(links).toContainText('Each person was emailed their link. You can also send it yourself:');
  await links.getByRole('button', { name: 'Copy link for Theo Coachee' }).click();
  await expect(links.getByText('Copied.')).toBeVisible();
  await expect(coach.locator('.people').getByText('Theo Coachee', { exact: true })).toBeVisible();
  await expectAccessible(coach, 'people, invitations sent');
  const engagementUrl = coach.url().replace(/\/people$/, '');

  const mail = await waitForMail(coacheeEmail, /invited you/);
  const link = /(http\S+invitation#token=[\w-]+)/.exec(mail.text)?.[1] as string;
  expect(link).toBeTruthy();
  // The link the coach copied is the one in the email.
  expect(await coach.evaluate(() => navigator.clipboard.readText())).toBe(link);

  const coacheeCtx = await browser.newContext();
  const theo = await coacheeCtx.newPage();
  await theo.goto(link);
  await expect(theo.getByText('Clara Coach invited you to Finding my next role as coachee.')).toBeVisible();
  await expectAccessible(theo, 'invitation');
  await theo.getByRole('link', { name: 'Create an account to join' }).click();
  await expect(theo.getByLabel('Your name')).toBeVisible();
  await expectAccessible(theo, 'sign up to join');
  await theo.getByLabel('Your name').fill('Theo Coachee');
  await theo.getByLabel('Email').fill(coacheeEmail);
  await theo.getByLabel('Password').fill(PASSWORD);
  await theo.getByRole('button', { name: 'Create account' }).click();
  await expect(theo.getByRole('button', { name: 'Join the engagement' })).toBeVisible();
  await expectAccessible(theo, 'invitation, signed in');
  await theo.getByRole('button', { name: 'Join the engagement' }).click();
  await expect(theo.getByRole('heading', { name: 'Finding my next role' })).toBeVisible();
  // The board's header is compact (title, status, next session); the full header shows on the other tabs.
  await theo.getByRole('link', { name: 'Sessions', exact: true }).click();
  await expect(theo.getByText('Coached by Clara Coach · You are coachee')).toBeVisible();
  await expectAccessible(theo, 'engagement overview, coachee');
  await theo.goto('/');
  await expect(theo.getByRole('link', { name: /Finding my next role/ })).toBeVisible();
  await expectAccessible(theo, 'home with an engagement');

  // The coach sees Theo as a member (live, through the event stream).
  await coach.goto(`${engagementUrl}/people`);
  await expect(coach.locator('.people').getByText(coacheeEmail)).toBeVisible();
  await expectAccessible(coach, 'people, member joined');

  // A sponsor is invited from the People tab; a pending invitation gives a fresh link to copy.
  await coach.getByLabel('Email').fill(uniqueEmail('sam'));
  await coach.getByLabel('Name (optional)').fill('Sam Sponsor');
  await coach.getByLabel('Role').selectOption('sponsor');
  await coach.getByRole('button', { name: 'Send invitation' }).click();
  await expect(coach.getByRole('status').filter({ hasText: 'Invitation emailed to' })).toContainText('You can also send the link yourself');
  const row = coach.getByRole('listitem').filter({ hasText: 'Sponsor · expires' });
  await row.getByRole('button', { name: 'Copy a new link for Sam Sponsor' }).click();
  await expect(row.getByText('A new link: the one sent before no longer works.')).toBeVisible();
  await expect(row.getByText('Copied.')).toBeVisible();
  const fresh = row.getByRole('textbox', { name: 'Invitation link for Sam Sponsor' });
  expect(await coach.evaluate(() => navigator.clipboard.readText())).toBe(await fresh.inputValue());
  await expectAccessible(coach, 'people, a fresh link');

  // On a server without email, the People tab says so and offers links instead of emails.
  await coach.route('**/api/engagements/*/invitations', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), emailConfigured: false } });
  });
  await coach.reload();
  await expect(coach.getByTestId('email-off')).toContainText('Email is not set up on this server (SMTP_URL is not set), so invitations are not emailed.');
  await expect(coach.getByRole('button', { name: 'Create invitation link' })).toBeVisible();
  await expect(coach.getByRole('button', { name: 'Email again' })).toHaveCount(0);
  await expectAccessible(coach, 'people, email not set up');
  await coach.unroute('**/api/engagements/*/invitations');

  // The coach starts the engagement; the coachee sees the new status live.
  await coach.getByRole('button', { name: 'Start the engagement' }).click();
  await expect(coach.getByRole('status').filter({ hasText: 'The engagement is now active.' })).toBeVisible();
  await expectAccessible(coach, 'engagement started');
  await theo.goto(engagementUrl);
  await expect(theo.locator('.engagement__facts').getByText('Active')).toBeVisible();

  // The link works once.
  const otherCtx = await browser.newContext();
  const other = await otherCtx.newPage();
  await signUp(other, 'Oscar Outsider', uniqueEmail('oscar'));
  await other.goto(link);
  await expect(other.getByRole('alert')).toHaveText('This invitation has already been used. Log in to see the engagement, or ask your coach for a new link.');
  await expectAccessible(other, 'invitation used');
  // An outsider who guesses the URL sees no engagement.
  await other.goto(engagementUrl);
  await expect(other.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(other.getByText('Finding my next role')).toHaveCount(0);
  await expectAccessible(other, 'not found');

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
  await expectAccessible(pat, 'invitation for another address');
  await pat.getByRole('button', { name: 'Ask Clara Coach to let this account join' }).click();
  await expect(pat.getByRole('status')).toContainText(`We asked Clara Coach to let you join as ${homeEmail}.`);
  await expectAccessible(pat, 'invitation, asked the coach');

  // The coach sees the request on the pending invitation (live) and lets Pat in.
  const pending = coach.locator('.people li', { hasText: 'Pat Work' });
  await expect(pending).toContainText(`Pat Personal (${homeEmail}) opened this invitation and asked to join with that address instead.`);
  await expectAccessible(coach, 'people, a request to join');
  await pending.getByRole('button', { name: 'Let Pat Personal join' }).click();
  await expect(coach.locator('.people').getByText(homeEmail, { exact: true })).toBeVisible();
  // The invitation is no longer pending (the links shown after creating the engagement still name Pat Work).
  await expect(pending).toHaveCount(0);

  await pat.goto('/');
  await expect(pat.getByRole('link', { name: /A team of one/ })).toBeVisible();
  await Promise.all([coachCtx.close(), patCtx.close()]);
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
