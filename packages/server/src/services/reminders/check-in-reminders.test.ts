import { expect, it } from 'vitest';
import { runDueJobs } from '../../plugins/job-worker.js';
import { describeEachEngine, drainJobs } from '../../test/harness.js';
import { checkIn, measuredGoal } from '../../test/measures.js';
import { buildWorld } from '../../test/world.js';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

describeEachEngine('check-in reminders', (ctx) => {
  it('reminds the coachee once for each weekly check-in missed, and not once a value is recorded', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Reminded engagement');
    const g = await measuredGoal(w);
    const mine = () => mailer.sent.filter((m) => m.subject.includes('Check in: Evenings out of the office by six'));
    // The periodic `reminders` job runs on the worker's clock `days` from now, then the emails it queued are sent.
    const passIn = async (days: number) => {
      const at = new Date(Date.now() + days * DAY);
      await runDueJobs(app, { kinds: ['reminders'], now: at });
      await drainJobs(app, at);
      return mine().length;
    };

    // Signed today: nothing is due for a week.
    expect(await passIn(3)).toBe(0);
    expect(await passIn(8)).toBe(1);
    expect(await passIn(8.01)).toBe(1);
    expect(mine().map((m) => m.to)).toEqual([w.coachee.user?.email]);
    expect(mine()[0].text).toContain(`http://carriage.test/e/${w.engagementId}/check-in`);
    const list = await w.coachee.get('/api/reminders');
    expect(list.statusCode).toBe(200);
    expect(list.json().reminders).toEqual([
      expect.objectContaining({
        kind: 'checkin',
        subjectId: g.cardId,
        link: `/e/${w.engagementId}/check-in`,
        title: expect.stringContaining('Check in: Evenings'),
      }),
    ]);
    // A second week missed is a second reminder.
    expect(await passIn(15)).toBe(2);

    await checkIn(w.coachee, g.cardId, { value: 2, on: today() });
    expect(await passIn(6)).toBe(2);
  });
});
