import { expect, it } from 'vitest';
import { describeEachEngine } from '../../test/harness.js';
import { checkIn, measuredGoal } from '../../test/measures.js';
import { buildWorld } from '../../test/world.js';
import { remindersTick } from './send-reminders.js';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

describeEachEngine('check-in reminders', (ctx) => {
  it('reminds the coachee once for each weekly check-in missed, and not once a value is recorded', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Reminded engagement');
    const g = await measuredGoal(w);
    const deps = { db: app.db, mailer, publicUrl: 'http://carriage.test' };
    const at = (days: number) => new Date(Date.now() + days * DAY);
    const mine = () => mailer.sent.filter((m) => m.subject.includes('Check in: Evenings out of the office by six'));

    // Signed today: nothing is due for a week.
    expect((await remindersTick(deps, at(3))).issued).toBe(0);
    expect((await remindersTick(deps, at(8))).issued).toBe(1);
    expect((await remindersTick(deps, at(8.01))).issued).toBe(0);
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
    expect((await remindersTick(deps, at(15))).issued).toBe(1);

    await checkIn(w.coachee, g.cardId, { value: 2, on: today() });
    const before = mine().length;
    expect((await remindersTick(deps, at(6))).issued).toBe(0);
    expect(mine().length).toBe(before);
  });
});
