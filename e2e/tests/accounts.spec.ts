import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { logIn, PASSWORD, signUp, uniqueEmail, waitForMail } from '../support/helpers';

test('a new person signs up, logs out, logs in, and resets a forgotten password', async ({ page }) => {
  const email = uniqueEmail('newcomer');
  await signUp(page, 'Nora Newcomer', email);
  await expect(page.getByText('Welcome, Nora Newcomer.')).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F/);

  // A wrong password is refused with a plain sentence.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That email and password do not match an account. Check both, or reset your password.');
  await expectAccessible(page, 'log in, refused');

  await logIn(page, email);
  await page.getByRole('button', { name: 'Log out' }).click();

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expectAccessible(page, 'forgot password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('a link to choose a new password is on its way');
  await expectAccessible(page, 'forgot password, sent');

  const mail = await waitForMail(email, /Reset your Carriage password/);
  const link = /(http\S+reset-password#token=[\w-]+)/.exec(mail.text)?.[1];
  expect(link).toBeTruthy();
  await page.goto(link as string);
  await expectAccessible(page, 'reset password');
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Use a password of at least 10 characters.')).toBeVisible();
  await page.getByLabel('New password').fill('an entirely new password');
  await expectAccessible(page, 'reset password, refused');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password has been changed. Log in with the new one.');
  await expectAccessible(page, 'log in after a reset');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await logIn(page, email, 'an entirely new password');
});

test('sign-up shows what is wrong with each field', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Email').fill('not an email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await expect(page.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
  await expect(page.getByText('Use a password of at least 10 characters.')).toBeVisible();
  await expectAccessible(page, 'sign up, refused');
});

test('changing the password in Settings logs out the other device at once, even its live page, and revokes API tokens as checked', async ({ browser }) => {
  const email = uniqueEmail('careful');
  const hereCtx = await browser.newContext();
  const here = await hereCtx.newPage();
  await signUp(here, 'Cara Careful', email);
  await here.getByRole('link', { name: 'New engagement' }).click();
  await here.getByLabel('Title').fill('Kept open elsewhere');
  await here.getByLabel('Coachee’s name').fill('Someone Else');
  await here.getByLabel('Coachee’s email').fill(uniqueEmail('someone'));
  await here.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(here.getByRole('heading', { name: 'Kept open elsewhere' })).toBeVisible();
  const engagementUrl = here.url();

  // The same person on another device, with the engagement open and live.
  const elsewhereCtx = await browser.newContext();
  const elsewhere = await elsewhereCtx.newPage();
  await logIn(elsewhere, email);
  await elsewhere.goto(engagementUrl);
  await expect(elsewhere.getByRole('heading', { name: 'Kept open elsewhere' })).toBeVisible();
  await expect(elsewhere.getByTestId('live-state')).toHaveText('Live');

  await here.goto('/settings');
  await here.getByLabel('Token name').fill('Reporting script');
  await here.getByRole('button', { name: 'Create token' }).click();
  await expect(here.getByText('Copy this token now; it will not be shown again.')).toBeVisible();
  const password = here.getByRole('region', { name: 'Password' });
  await password.getByLabel('Current password').fill(PASSWORD);
  await password.getByLabel('New password').fill('a newer and longer password');
  await expect(password.getByLabel(/Also revoke my API tokens/)).toBeChecked();
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByRole('status')).toHaveText('Password changed. One other device was logged out. Your API token was revoked.');
  await expect(here.getByRole('region', { name: 'API tokens' }).getByText('No tokens.')).toBeVisible();
  await expectAccessible(here, 'settings, password changed');

  // The other device's open page notices without being touched and asks to log in.
  await expect(elsewhere.getByRole('heading', { name: 'Log in' })).toBeVisible({ timeout: 10_000 });
  await expectAccessible(elsewhere, 'log in after the login ended');
  await Promise.all([hereCtx.close(), elsewhereCtx.close()]);
});

test('the calendar feed address is shown once, when it is made', async ({ page }) => {
  await signUp(page, 'Cal Endar', uniqueEmail('calendar'));
  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Calendar feed' });
  await section.getByRole('button', { name: 'Make my calendar address' }).click();
  await expect(section.getByRole('status')).toHaveText('Copy this address now: it is shown only once.');
  const url = await section.getByLabel('Calendar feed address').inputValue();
  await expectAccessible(page, 'settings, calendar address shown once');
  expect(url).toMatch(/\/api\/calendar\/[\w-]{40,}\.ics$/);
  expect((await page.request.get(url)).status()).toBe(200);

  await page.reload();
  await expect(section.getByText(/You made your address on .*; no calendar app has read it yet|a calendar app last read it/)).toBeVisible();
  await expect(section.getByLabel('Calendar feed address')).toHaveCount(0);
  await expectAccessible(page, 'settings, calendar address made');
  page.once('dialog', (d) => void d.accept());
  await section.getByRole('button', { name: 'Make a new address' }).click();
  await expect(section.getByRole('status')).toHaveText('The old address no longer works. Copy the new one now: it is shown only once.');
  expect((await page.request.get(url)).status()).toBe(404);
});
