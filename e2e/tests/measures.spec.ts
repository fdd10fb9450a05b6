import { type BrowserContext, expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { coachAndCoachee, signUpByApi } from '../support/board';

test('a goal with a measure: three check-ins (one from a phone), the chart, and what the sponsor sees', async ({ browser }) => {
  const pair = await coachAndCoachee(browser, 'Leaving at six');
  const { coach, coachee, coachApi, coacheeApi, engagementId } = pair;

  // The coach drafts a contract and gives its goal a measure in the editor.
  const draft = await coachApi.call('POST', `/api/engagements/${engagementId}/contracts`, {
    template: 'individual',
    startsOn: '2026-09-01',
    endsOn: '2099-12-31',
    rate: { amountMinor: 180000, currency: 'EUR', unit: 'fixed' },
    goals: [{ id: 'goal-six', what: 'Leave the office at six, four days a week' }],
    deliverables: [{ description: 'A weekly plan that ends at six', goalId: 'goal-six' }],
  });
  await coach.goto(`/e/${engagementId}/contract/${draft.id}`);
  const measure = coach.getByRole('group', { name: 'Goal 1: measure' });
  await measure.getByLabel('Track a number for this goal').check();
  await expectAccessible(coach, 'contract editor, a goal with a measure');
  await measure.getByLabel('What is counted').fill('Evenings out of the office by six');
  await measure.getByLabel('Unit').fill('a week');
  await measure.getByLabel('Baseline value').fill('1');
  await measure.getByLabel('Baseline date').fill('2026-09-01');
  await measure.getByLabel('Target value').fill('0');
  await measure.getByLabel('Target date').fill('2026-12-15');
  await coach.getByRole('button', { name: 'Save draft' }).click();
  // A target below the baseline when higher is better is refused with a sentence beside the field.
  await expect(coach.getByText('When higher is better, the target must be above the baseline.').first()).toBeVisible();
  await expectAccessible(coach, 'contract editor, a measure refused');
  await measure.getByLabel('Target value').fill('5');
  await coach.getByRole('button', { name: 'Save draft' }).click();
  await expect(coach.getByText('Draft saved.')).toBeVisible();
  await coach.getByRole('button', { name: 'Preview as the signer sees it' }).click();
  await expect(coach.getByRole('article', { name: 'Contract text' })).toContainText(
    'Evenings out of the office by six: from 1 a week on 2026-09-01 to 5 a week by 2026-12-15 (higher is better; checked in weekly)',
  );
  await expectAccessible(coach, 'contract preview with a measure');
  await coachApi.call('POST', `/api/contracts/${draft.id}/send`);
  await coacheeApi.call('POST', `/api/contracts/${draft.id}/sign`, { typedName: 'Theo Coachee', consent: true });
  await coachApi.call('POST', `/api/contracts/${draft.id}/sign`, { typedName: 'Clara Coach', consent: true });
  const { cards } = await coachApi.call('POST', `/api/contracts/${draft.id}/cards`);
  const goalCard = cards.find((c: { type: string }) => c.type === 'goal');

  // First check-in: the coachee, at a desk.
  await coachee.goto(`/e/${engagementId}/check-in`);
  const form = coachee.getByRole('region', { name: 'Check in: Leave the office at six, four days a week' });
  await expect(form).toContainText('No value yet. Baseline 1 a week; target 5 a week');
  await expectAccessible(coachee, 'check in');
  await form.getByLabel('Value (a week)').fill('2');
  await form.getByLabel('Day', { exact: true }).fill('2026-09-08');
  await form.getByLabel('Note (optional)').fill('Monday and Thursday');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(form.getByRole('status')).toHaveText('Recorded 2 a week for Sep 8, 2026.');
  await form.getByText('Latest values, and corrections').click();
  await form.getByRole('button', { name: 'Every value recorded' }).click();
  await expect(form.getByRole('listitem').filter({ hasText: 'Monday and Thursday' })).toBeVisible();
  await expectAccessible(coachee, 'check in, with the history open');

  // Second: the coach, in the session room during WIFLE.
  const session = await coachApi.call('POST', `/api/engagements/${engagementId}/sessions`, {
    // In five minutes: a session can be started from 15 minutes before it begins.
    startsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    durationMinutes: 60,
    timeZone: 'Europe/Paris',
  });
  const sessionId = session.sessions[0].id;
  await coachApi.call('POST', `/api/sessions/${sessionId}/stage`, { stage: 'wifle' });
  await coach.goto(`/e/${engagementId}/sessions/${sessionId}`);
  const room = coach.getByRole('region', { name: 'Check-ins' });
  await expect(room).toContainText('Latest 2 a week (Sep 8, 2026): 25% of the way from 1 a week to 5 a week.');
  await expectAccessible(coach, 'session room, WIFLE with check-ins');
  await room.getByLabel('Value (a week)').fill('3');
  await room.getByLabel('Day', { exact: true }).fill('2026-09-22');
  await room.getByRole('button', { name: 'Record' }).click();
  await expect(room.getByRole('status')).toHaveText('Recorded 3 a week for Sep 22, 2026.');

  // Third: the coachee on a phone.
  const phoneCtx: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phoneCtx.addCookies(await pair.coacheeCtx.cookies());
  const phone = await phoneCtx.newPage();
  await phone.goto(`/e/${engagementId}/check-in`);
  const phoneForm = phone.getByRole('region', { name: 'Check in: Leave the office at six, four days a week' });
  await expect(phoneForm).toContainText('Latest 3 a week (Sep 22, 2026): 50% of the way');
  await expectAccessible(phone, 'check in on a phone');
  const value = phoneForm.getByLabel('Value (a week)');
  const box = await value.boundingBox();
  // The form fits the phone: nothing to scroll sideways, a value box wide enough for a thumb.
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);
  expect(box?.height).toBeGreaterThanOrEqual(40);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await value.fill('4');
  await phoneForm.getByLabel('Day', { exact: true }).fill('2026-10-06');
  await phoneForm.getByRole('button', { name: 'Record' }).click();
  await expect(phoneForm.getByRole('status')).toHaveText('Recorded 4 a week for Oct 6, 2026.');
  await phoneCtx.close();

  // The coachee sees the chart against the baseline and target lines, and shares the goal.
  await coachee.goto(`/e/${engagementId}/results`);
  const chart = coachee.getByRole('figure', { name: 'Leave the office at six, four days a week' });
  await expect(chart.locator('canvas')).toHaveCount(1);
  await expectAccessible(coachee, 'results with a measure');
  // (4 − 1) ÷ (5 − 1) of the way; the last four values 1, 2, 3, 4 on days 0, 7, 21, 35 head for the target.
  await expect(chart).toContainText('Latest 4 a week (Oct 6, 2026): 75% of the way from 1 a week to 5 a week, heading for the target.');
  await chart.getByText('Show the numbers').click();
  await expect(chart.getByRole('row')).toHaveCount(5);
  const goals = coachee.getByRole('region', { name: 'Goals' });
  await expect(goals).toContainText('0 of 1 card done (0%)');
  await goals.getByRole('switch', { name: `Shared with the sponsor: ${goalCard.title}` }).check();
  await expect(goals.getByRole('switch', { name: `Shared with the sponsor: ${goalCard.title}` })).toBeChecked();

  // The sponsor joins and reads baseline → midpoint → latest with their dates; no note.
  const sponsorCtx = await browser.newContext();
  const sponsorApi = await signUpByApi(sponsorCtx, 'Sam Sponsor');
  const me = await sponsorApi.call('GET', '/api/auth/me');
  const invite = await coachApi.call('POST', `/api/engagements/${engagementId}/invitations`, { email: me.user.email, role: 'sponsor' });
  await sponsorApi.call('POST', `/api/invitations/${invite.token}/accept`, {});
  const sponsor = await sponsorCtx.newPage();
  await sponsor.goto(`/e/${engagementId}/results/sponsor-report`);
  const steps = sponsor.getByRole('list', { name: 'Evenings out of the office by six: baseline, midpoint and latest' });
  // The middle of 1 September and 6 October is 18/19 September: 22 September is the nearest value.
  await expect(steps.getByRole('listitem')).toHaveText([
    /Baseline\s*1 a week\s*Sep 1, 2026/,
    /Midpoint\s*3 a week\s*Sep 22, 2026/,
    /Latest\s*4 a week\s*Oct 6, 2026/,
  ]);
  await expect(sponsor.getByText('Target 5 a week by Dec 15, 2026 · 75% of the way.')).toBeVisible();
  await expect(sponsor.getByText('Monday and Thursday')).toHaveCount(0);
  await expectAccessible(sponsor, 'sponsor report with a measure');
  await sponsor.goto(`/e/${engagementId}/results`);
  await expect(sponsor.getByRole('figure', { name: 'Leave the office at six, four days a week' }).locator('canvas')).toHaveCount(1);

  // Unshared again: the sponsor's view follows live and shows nothing of the measure.
  await goals.getByRole('switch', { name: `Shared with the sponsor: ${goalCard.title}` }).uncheck();
  await expect(sponsor.getByRole('figure', { name: 'Leave the office at six, four days a week' })).toHaveCount(0);
  await expect(sponsor.getByText('Evenings out of the office by six')).toHaveCount(0);

  await sponsorCtx.close();
  await pair.close();
});
