import { expect, type Page } from '@playwright/test';
import { MAIL_HTTP_PORT } from '../playwright.config';
import { expectAccessible } from './axe';
import type { CaughtMail } from './mail-catcher';

let n = 0;
/** A unique address per run, so journeys never collide. */
export function uniqueEmail(who: string): string {
  n += 1;
  return `${who}.${Date.now().toString(36)}${n}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = 'a calm and long password';

/** Waits for an email to this address that matches, and returns it. */
export async function waitForMail(to: string, match: RegExp, timeoutMs = 10_000): Promise<CaughtMail> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${MAIL_HTTP_PORT}/?to=${encodeURIComponent(to)}`);
    const mails = (await res.json()) as CaughtMail[];
    const found = [...mails].reverse().find((m) => match.test(m.subject) || match.test(m.text));
    if (found) return found;
    if (Date.now() > end) throw new Error(`No email to ${to} matching ${match} arrived`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs up through the form and lands on the home page. */
export async function signUp(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/signup');
  await expectAccessible(page, 'sign up');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Your engagements' })).toBeVisible();
  await expectAccessible(page, 'home');
}

export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await expectAccessible(page, 'log in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Your engagements' })).toBeVisible();
}
