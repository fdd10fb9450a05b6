import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible } from '../support/axe';
import { PASSWORD, signUp, uniqueEmail } from '../support/helpers';

/** What an authenticator app shows now for this key. */
function codeFor(key: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(key.replace(/\s+/g, '')), algorithm: 'SHA1', digits: 6, period: 30 });
}

test('a coach turns on two-factor in Settings, then logs in with a code from the app and once with a recovery code', async ({ page }) => {
  const email = uniqueEmail('careful');
  await signUp(page, 'Carla Careful', email);

  await page.getByRole('link', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(section).toBeVisible();
  await expectAccessible(page, 'settings');
  await section.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await expect(section.getByRole('img', { name: 'QR code to add Carriage to your authenticator app' })).toBeVisible();
  const key = await section.getByLabel('Setup key').inputValue();
  expect(key.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, 'two-factor setup');

  // A wrong code is refused, and nothing changes.
  const right = codeFor(key);
  await section.getByLabel('6-digit code').fill(right === '000000' ? '111111' : '000000');
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByText('That code does not match the one your app shows now.')).toBeVisible();
  await expectAccessible(page, 'two-factor setup, refused');

  await section.getByLabel('6-digit code').fill(codeFor(key));
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByText('Two-factor authentication is on.')).toBeVisible();
  const codes = await section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  await expectAccessible(page, 'recovery codes');
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download as text' }).click();
  expect((await download).suggestedFilename()).toBe('carriage-recovery-codes.txt');
  await section.getByRole('button', { name: 'I have saved them' }).click();
  await expect(section.getByText('10 recovery codes left.')).toBeVisible();
  await expect(section.getByText(codes[0])).toHaveCount(0);

  // The password alone no longer logs in: the code step follows.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  await expectAccessible(page, 'log in: code step');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('6-digit code').fill(codeFor(key));
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Your engagements' })).toBeVisible();

  // Without the phone: a recovery code, which then is spent.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await expectAccessible(page, 'log in: recovery code step');
  await page.getByLabel('Recovery code').fill(codes[0]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Your engagements' })).toBeVisible();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(section.getByText('9 recovery codes left.')).toBeVisible();
});
