import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { coachAndCoachee } from '../support/board';

const TITLE = 'Finding my footing';

/** With SHOTS_DIR set, keeps how the screen looks at a laptop's and a phone's size (for looking at it, not asserted). */
async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  const size = page.viewportSize();
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(dir, `${name}-${w}x${h}.png`), fullPage: false });
  }
  if (size) await page.setViewportSize(size);
}

const header = (page: Page) => page.locator('.engagement__header');
const homeItem = (page: Page) => page.locator('.engagement-list > li').filter({ has: page.getByRole('link', { name: TITLE, exact: true }) });

test('Join now on home and in the header; the header follows the session live, and says Reconnecting… while offline, then catches up', async ({ browser }) => {
  test.setTimeout(120_000);
  const p = await coachAndCoachee(browser, TITLE);
  const { coach, coachee } = p;
  const schedule = async (startsAt: Date) =>
    (
      await p.coachApi.call('POST', `/api/engagements/${p.engagementId}/sessions`, {
        startsAt: startsAt.toISOString(),
        durationMinutes: 60,
        timeZone: 'UTC',
      })
    ).sessions[0] as { id: string };
  const soon = await schedule(new Date(Date.now() + 10 * 60_000));
  const nextWeek = await schedule(new Date(Date.now() + 7 * 86_400_000));
  const roomOf = (id: string) => `/e/${p.engagementId}/sessions/${id}`;

  // (a) Ten minutes ahead, both see "Join now" on home, next to the session's time, which leads into its room.
  for (const page of [coach, coachee]) {
    await page.goto('/');
    const item = homeItem(page);
    await expect(item.getByRole('link', { name: /^Join now/ })).toHaveAttribute('href', roomOf(soon.id));
    await expect(item.getByRole('link', { name: /^Next session/ })).toHaveAttribute('href', roomOf(soon.id));
    await expect(item.getByText('Live now')).toHaveCount(0);
    await expectAccessible(page, 'home with Join now');
  }
  // The coach's portfolio fills the top of home: the session to join is listed above it too.
  await expect(coach.getByRole('region', { name: 'Sessions now' }).getByRole('link', { name: /^Join now/ })).toHaveAttribute('href', roomOf(soon.id));
  await shot(coach, 'home-coach-join-now');
  await shot(coachee, 'home-join-now');

  // …and in the engagement header; the coachee goes straight into the room from it.
  await coachee.getByRole('link', { name: TITLE, exact: true }).click();
  await expect(coachee.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
  await expect(coachee.getByTestId('live-state')).toHaveText('Live');
  const join = header(coachee).getByRole('link', { name: 'Join now' });
  await expect(join).toBeVisible();
  await expectAccessible(coachee, 'engagement header with Join now');
  await shot(coachee, 'header-join-now');
  await join.click();
  await expect(coachee).toHaveURL(new RegExp(`${roomOf(soon.id)}$`));
  await coachee.getByRole('link', { name: 'Board', exact: true }).click();
  await expect(coachee.getByRole('region', { name: 'To Do', exact: true })).toBeVisible();
  await expect(header(coachee).getByTestId('sessions-held')).toHaveText(/^0 held/);

  // (b) The coach starts the session: the coachee's header says it is live, without a reload.
  await p.coachApi.call('POST', `/api/sessions/${soon.id}/stage`, { stage: 'wifle' });
  await expect(header(coachee).getByText('Live now')).toBeVisible();
  await expect(header(coachee).getByRole('link', { name: 'Join now' })).toHaveAttribute('href', roomOf(soon.id));
  // The coach's home shows it running, with the way in.
  await coach.goto('/');
  await expect(homeItem(coach).getByText('Live now')).toBeVisible();
  await expect(homeItem(coach).getByRole('link', { name: /^Join now/ })).toBeVisible();
  await expect(coach.getByRole('region', { name: 'Sessions now' }).getByText('Live now')).toBeVisible();
  await expectAccessible(coach, 'home with a session running');
  await shot(coach, 'home-live-now');

  // The coach closes it: the coachee's header counts it held and moves on to next week's session.
  for (const stage of ['verify', 'in_progress', 'pull', 'commitments']) await p.coachApi.call('POST', `/api/sessions/${soon.id}/stage`, { stage });
  await p.coachApi.call('POST', `/api/sessions/${soon.id}/close`);
  await expect(header(coachee).getByTestId('sessions-held')).toHaveText(/^1 held/);
  await expect(header(coachee).getByTestId('next-session').getByRole('link').first()).toHaveAttribute('href', roomOf(nextWeek.id));
  await expect(header(coachee).getByText('Live now')).toHaveCount(0);
  await expect(header(coachee).getByRole('link', { name: 'Join now' })).toHaveCount(0);

  // (c) The coachee's browser goes offline: the indicator says so in words within seconds.
  await p.coacheeCtx.setOffline(true);
  await expect(coachee.getByTestId('live-state')).toHaveText('Reconnecting…', { timeout: 5_000 });
  await expect(coachee.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
  await expectAccessible(coachee, 'header reconnecting');
  await shot(coachee, 'header-reconnecting');
  // Meanwhile the coach schedules a session for the day after tomorrow, ahead of next week's.
  const sooner = await schedule(new Date(Date.now() + 2 * 86_400_000));
  await coachee.waitForTimeout(1_000);
  await expect(header(coachee).getByTestId('next-session').getByRole('link').first()).toHaveAttribute('href', roomOf(nextWeek.id));

  // Back online, it is live again and shows what changed meanwhile.
  await p.coacheeCtx.setOffline(false);
  await expect(coachee.getByTestId('live-state')).toHaveText('Live', { timeout: 10_000 });
  await expect(header(coachee).getByTestId('next-session').getByRole('link').first()).toHaveAttribute('href', roomOf(sooner.id));
  await expectAccessible(coachee, 'header live again');
  await p.close();
});

test('Join now appears by itself when the session is 15 minutes away, without a reload', async ({ browser }) => {
  const p = await coachAndCoachee(browser, TITLE);
  const { coachee } = p;
  const session = (
    await p.coachApi.call('POST', `/api/engagements/${p.engagementId}/sessions`, {
      startsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      durationMinutes: 45,
      timeZone: 'UTC',
    })
  ).sessions[0] as { id: string };
  await coachee.clock.install();
  await coachee.goto(`/e/${p.engagementId}/board`);
  await expect(header(coachee).getByTestId('next-session').getByRole('link').first()).toHaveAttribute('href', `/e/${p.engagementId}/sessions/${session.id}`);
  await expect(header(coachee).getByRole('link', { name: 'Join now' })).toHaveCount(0);
  // Six minutes later the session is 14 minutes away.
  await coachee.clock.fastForward('06:00');
  await expect(header(coachee).getByRole('link', { name: 'Join now' })).toBeVisible();
  await p.close();
});
