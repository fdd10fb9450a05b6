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
