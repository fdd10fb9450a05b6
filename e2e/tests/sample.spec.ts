import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { signUp, uniqueEmail } from '../support/helpers';

test('a coach tries the sample engagement: charts at once, plain words, a compact board, a warning when scheduling in the past, then deletes it', async ({
  page,
}) => {
  // Many screens, each checked with axe at two sizes.
  test.setTimeout(180_000);
  await signUp(page, 'Camille Martin', uniqueEmail('sample-coach'));
  await page.getByRole('button', { name: 'Try a sample engagement' }).click();

  // Results, with real charts from eight weeks of history.
  await expect(page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  await expect(page.locator('.chart__canvas canvas')).toHaveCount(4);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sample');
  const sessionsHeld = page.locator('.results-summary__tile').filter({ has: page.getByText('Sessions held', { exact: true }) });
  await expect(sessionsHeld.locator('.results-summary__value')).toHaveText('8');
  const cycle = page.getByRole('figure', { name: 'Cycle time' });
  await expect(cycle.getByText(/^Cycle time is how long a card takes .* 85 % of cards were finished within \d+ days of being started/)).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Cumulative flow' }).getByText(/^Cumulative flow stacks/)).toBeVisible();
  await expectAccessible(page, 'results of the sample');

  // The board: the header is one line, the columns take the rest of the window.
  await page.getByRole('link', { name: 'Board', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Done' })).toBeVisible();
  const boardTop = await page.locator('.board').evaluate((el) => el.getBoundingClientRect().top);
  expect(boardTop).toBeLessThan(260);
  await expectAccessible(page, 'board of the sample, compact header');

  // Sessions: WIFLE spelled out; times for Ana in New York beside the coach's.
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await expect(page.getByText('What I Feel Like Expressing', { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId('session-row').first()).toContainText('for Ana in New York');
  await page.getByRole('button', { name: 'Schedule a session' }).click();
  const past = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
  await page.getByRole('textbox', { name: 'Date' }).fill(past);
  await page.getByLabel('Start time').fill('22:30');
  await expect(page.getByTestId('schedule-past')).toContainText('20 days ago');
  await expect(page.getByTestId('schedule-hours')).toContainText('Outside 07:00–21:00');
  await expectAccessible(page, 'scheduling in the past, late at night');

  // On a phone: nothing scrolls sideways (checked with axe on each screen).
  await page.setViewportSize({ width: 390, height: 844 });
  for (const tab of ['Board', 'Sessions', 'Contract', 'Results', 'People']) {
    await page.goto(`${new URL(page.url()).pathname.replace(/\/[^/]+$/, '')}/${tab.toLowerCase()}`);
    await expect(page.getByRole('navigation', { name: 'Engagement' })).toBeVisible();
    await expectAccessible(page, `${tab} of the sample on a phone`);
  }
  for (const path of ['/', '/settings', '/money']) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectAccessible(page, `${path} on a phone`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Deleted in one step; the home page offers it again.
  await page.goto('/');
  // The engagement in the list (the portfolio above names it too).
  await page.locator('.engagement-item', { hasText: 'Sample · Leading a growing team' }).click();
  await page.getByRole('button', { name: 'Delete this sample…' }).click();
  await expectAccessible(page, 'confirming the sample’s deletion');
  await page.getByRole('button', { name: 'Delete this sample', exact: true }).click();
  await expect(page.locator('.notice')).toHaveText('The sample engagement was deleted, with everything in it.');
  await expect(page.getByRole('link', { name: /Sample · Leading a growing team/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Try a sample engagement' })).toBeVisible();
  await expectAccessible(page, 'home after deleting the sample');
});
