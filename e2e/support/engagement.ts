import { type Browser, expect, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { PASSWORD, signUp, uniqueEmail, waitForMail } from './helpers';

/** A coach with an individual engagement whose coachee has joined through the emailed link. */
export async function coachAndCoachee(browser: Browser) {
  const coachCtx = await browser.newContext({ acceptDownloads: true });
  const coach = await coachCtx.newPage();
  await signUp(coach, 'Nora Coach', uniqueEmail('nora'));
  await coach.getByRole('link', { name: 'New engagement' }).click();
  await coach.getByLabel('Title').fill('Stepping into leadership');
  await coach.getByLabel('Coachee’s name').fill('Eli Coachee');
  const coacheeEmail = uniqueEmail('eli');
  await coach.getByLabel('Coachee’s email').fill(coacheeEmail);
  await coach.getByRole('button', { name: 'Create engagement and send invitations' }).click();
  await expect(coach.getByRole('heading', { name: 'Stepping into leadership' })).toBeVisible();
  await expectAccessible(coach, 'people, invitations sent (individual)');
  const engagementUrl = coach.url().replace(/\/people$/, '');

  const mail = await waitForMail(coacheeEmail, /invited you/);
  const link = /(http\S+invitation#token=[\w-]+)/.exec(mail.text)?.[1] as string;
  const coacheeCtx = await browser.newContext({ acceptDownloads: true });
  const eli = await coacheeCtx.newPage();
  await eli.goto(link);
  await eli.getByRole('link', { name: 'Create an account to join' }).click();
  await eli.getByLabel('Your name').fill('Eli Coachee');
  await eli.getByLabel('Email').fill(coacheeEmail);
  await eli.getByLabel('Password').fill(PASSWORD);
  await eli.getByRole('button', { name: 'Create account' }).click();
  await eli.getByRole('button', { name: 'Join the engagement' }).click();
  await expect(eli.getByRole('heading', { name: 'Stepping into leadership' })).toBeVisible();
  await expectAccessible(eli, 'engagement overview after joining');
  return { coachCtx, coach, coacheeCtx, eli, engagementUrl, coacheeEmail };
}

/** Calls the API as the person signed in on this page (their session cookie and CSRF token), for setting up a journey's starting point. */
export async function apiAs(page: Page, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<any> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'carriage_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data: body, headers: { 'x-csrf-token': decodeURIComponent(csrf) } });
  expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}
