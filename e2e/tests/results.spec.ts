import { type BrowserContext, expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addCard, coachAndCoachee, signUpByApi } from '../support/board';

test('the Results page charts a seeded engagement, and the sponsor sees only the goals the coachee shared', async ({ browser }) => {
  const pair = await coachAndCoachee(browser, 'Leading the operations team');
  const { coachApi, coacheeApi, engagementId, columns } = pair;
  const col = (kind: string) => columns.find((c) => c.kind === kind)?.id as string;

  // Two goals; three tasks under the first reach Done, one under the second is in progress and blocked.
  const meeting = await addCard(coachApi, engagementId, { columnId: col('todo'), type: 'goal', title: 'Lead the weekly team meeting' });
  const report = await addCard(coachApi, engagementId, { columnId: col('todo'), type: 'goal', title: 'Hand over the monthly report' });
  const ready = { ownerId: coacheeApi.userId, dueOn: '2030-01-31', definitionOfDone: [{ text: 'Agreed in a session' }] };
  const done = ['Draft a meeting agenda', 'Book the meeting room', 'Ask the team what to change'];
  for (const title of done) {
    const c = await addCard(coachApi, engagementId, { columnId: col('todo'), title, parentId: meeting.id, ...ready });
    const started = await coachApi.call('POST', `/api/cards/${c.id}/move`, { columnId: col('doing'), version: c.version });
    await coachApi.call('POST', `/api/cards/${c.id}/move`, { columnId: col('done'), version: started.version });
  }
  const open = await addCard(coachApi, engagementId, { columnId: col('todo'), title: 'Pick a deputy', parentId: report.id, ...ready });
  const moved = await coachApi.call('POST', `/api/cards/${open.id}/move`, { columnId: col('doing'), version: open.version });
  await coachApi.call('PATCH', `/api/cards/${open.id}`, { version: moved.version, blocked: true, blockedReason: 'Waiting for HR' });

  // The coachee opens Results: every chart, with its numbers.
  const page = pair.coachee;
  await page.goto(`/e/${engagementId}/results`);
  await expect(page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  for (const title of ['Work in progress', 'Throughput', 'Cycle time', 'Work item age', 'Cumulative flow', 'Commitment reliability']) {
    await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  }
  // uPlot draws on canvas: WIP, throughput, cycle time and cumulative flow.
  await expect(page.locator('.chart__canvas canvas')).toHaveCount(4);
  await expectAccessible(page, 'results, coachee');
  const finished = page.locator('.results-summary__tile').filter({ has: page.getByText('Finished', { exact: true }) });
  await expect(finished.locator('.results-summary__value')).toHaveText('3');
  await expect(page.getByText('1 card in progress now.')).toBeVisible();
  await expect(page.getByText('50th percentile: 1 day')).toBeVisible();
  await expect(page.getByText('85th percentile: not enough data yet (needs 7 finished cards, has 3)')).toBeVisible();

  const throughput = page.getByRole('figure', { name: 'Throughput' });
  await throughput.getByText('Show the numbers').click();
  await expect(throughput.getByRole('cell', { name: '3', exact: true })).toBeVisible();
  await expectAccessible(page, 'results, numbers shown');
  // A series switched off in a chart's legend stays readable.
  const flow = page.getByRole('figure', { name: 'Cumulative flow' });
  await flow.locator('.u-legend .u-series').nth(1).locator('th').click();
  await expect(flow.locator('.u-legend .u-series').nth(1)).toHaveClass(/u-off/);
  await expectAccessible(page, 'results, a series switched off');
  const download = page.waitForEvent('download');
  await throughput.getByRole('button', { name: 'Download CSV' }).click();
  expect((await download).suggestedFilename()).toBe('leading-the-operations-team-throughput.csv');

  const wins = page.getByRole('region', { name: 'Wins' });
  for (const title of done) await expect(wins.getByText(title)).toBeVisible();
  const aging = page.getByRole('figure', { name: 'Work item age' });
  await expect(aging.locator('.aging__label', { hasText: 'Pick a deputy' })).toContainText('Blocked');

  // A sponsor joins; nothing is shared yet.
  const sponsorCtx: BrowserContext = await browser.newContext();
  const sponsorApi = await signUpByApi(sponsorCtx, 'Sam Sponsor');
  const me = await sponsorApi.call('GET', '/api/auth/me');
  const invite = await coachApi.call('POST', `/api/engagements/${engagementId}/invitations`, { email: me.user.email, role: 'sponsor' });
  await sponsorApi.call('POST', `/api/invitations/${invite.token}/accept`, {});
  const sponsor = await sponsorCtx.newPage();
  await sponsor.goto(`/e/${engagementId}/results`);
  await expect(sponsor.getByText('No goal has been shared with you yet.')).toBeVisible();
  await expect(sponsor.getByText('Draft a meeting agenda')).toHaveCount(0);
  await expectAccessible(sponsor, 'results, sponsor, nothing shared');

  // The coachee shares the first goal only.
  const goals = page.getByRole('region', { name: 'Goals' });
  await expect(goals.getByText('3 of 3 cards done (100%)')).toBeVisible();
  await goals.getByRole('switch', { name: 'Shared with the sponsor: Lead the weekly team meeting' }).check();
  await expect(goals.getByRole('switch', { name: 'Shared with the sponsor: Lead the weekly team meeting' })).toBeChecked();
  await expect(goals.getByRole('switch', { name: 'Shared with the sponsor: Hand over the monthly report' })).not.toBeChecked();
  await expectAccessible(page, 'results, a goal shared');

  // The sponsor's page follows live: the shared goal and its wins, never the other goal or its card.
  const sponsorGoals = sponsor.getByRole('region', { name: 'Goals' });
  await expect(sponsorGoals.getByRole('heading', { name: 'Lead the weekly team meeting' })).toBeVisible();
  await expect(sponsor.getByRole('region', { name: 'Wins' }).getByText('Draft a meeting agenda')).toBeVisible();
  await expect(sponsor.getByText('Hand over the monthly report')).toHaveCount(0);
  await expect(sponsor.getByText('Pick a deputy')).toHaveCount(0);
  await expect(sponsor.getByRole('switch')).toHaveCount(0);
  await expectAccessible(sponsor, 'results, sponsor');

  await sponsor.getByRole('link', { name: 'Sponsor report' }).click();
  await expect(sponsor.getByText(/^Sponsor report · as of/)).toBeVisible();
  await expect(sponsor.getByRole('heading', { name: 'Lead the weekly team meeting' })).toBeVisible();
  await expect(sponsor.getByText('3 of 3 cards done (100%)')).toBeVisible();
  await expect(sponsor.getByText('Hand over the monthly report')).toHaveCount(0);
  await expectAccessible(sponsor, 'sponsor report');
  const pdf = await sponsor.request.get(`/api/engagements/${engagementId}/sponsor-report.pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  await sponsorCtx.close();
  await pair.close();
});
