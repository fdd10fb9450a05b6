import { expect, it } from 'vitest';
import type { Json } from '../../test/contracts.js';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { checkIn, eveningsMeasure, measuredGoal } from '../../test/measures.js';
import { schedule } from '../../test/session-helpers.js';
import { openStream } from '../../test/sse.js';
import { buildWorld } from '../../test/world.js';

describeEachEngine('check-ins', (ctx) => {
  it('the coachee and the coach record values; a correction replaces a value and both stay in the history', async () => {
    const w = await buildWorld(ctx().app, 'Check-in engagement');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    const first = await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-08', note: 'Left at six on Monday and Thursday' });
    expect(first).toMatchObject({ value: 2, on: '2026-09-08', goalId: 'goal-evenings', recordedBy: { name: 'Cory Coachee' }, correctsId: null });
    const second = await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-15' });
    await checkIn(w.coach, g.cardId, { value: 3, on: '2026-09-22', note: 'Counted together in the session' });

    const fixed = await w.coachee.post(`/api/check-ins/${second.id}/corrections`, { value: 3, note: 'I forgot Friday' });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json()).toMatchObject({ value: 3, on: '2026-09-15', correctsId: second.id, note: 'I forgot Friday' });

    const history = await w.coach.get(`/api/cards/${g.cardId}/check-ins`);
    expect(history.statusCode).toBe(200);
    expect(
      history.json().checkIns.map((c: Json) => [c.on, c.value, c.correctsId === second.id ? 'correction' : c.correctedById ? 'corrected' : 'stands']),
    ).toEqual([
      ['2026-09-15', 3, 'correction'],
      ['2026-09-22', 3, 'stands'],
      ['2026-09-15', 2, 'corrected'],
      ['2026-09-08', 2, 'stands'],
    ]);

    // Where the measure stands, worked out by hand: the values that stand are 2, 3, 3 on the 8th, 15th and 22nd.
    const measures = (await w.coachee.get(`/api/engagements/${w.engagementId}/measures`)).json();
    expect(measures.notOnBoard).toEqual([]);
    const m = measures.goals[0] as Json;
    expect(m).toMatchObject({ cardId: g.cardId, goalId: 'goal-evenings', sharedWithSponsor: false, measure: eveningsMeasure });
    expect(m.points.map((p: Json) => [p.on, p.value, p.corrected])).toEqual([
      ['2026-09-08', 2, false],
      ['2026-09-15', 3, true],
      ['2026-09-22', 3, false],
    ]);
    // (3 − 1) ÷ (4 − 1): two thirds of the way.
    expect(m.progress.share).toBeCloseTo(2 / 3, 10);
    expect(m.progress).toMatchObject({ latest: { on: '2026-09-22', value: 3 }, midpoint: { on: '2026-09-08', value: 2 }, reached: false, checkIns: 3 });
    // Least squares over (0, 1), (7, 2), (14, 3), (21, 3): slope 24.5 ÷ 245 = 0.1 a day, 0.7 a week, toward the target.
    expect(m.progress.trend.heading).toBe('toward');
    expect(m.progress.trend.perWeek).toBeCloseTo(0.7, 10);
    // Nothing is missed before the contract was signed (today): the count starts then, not at the latest value.
    expect(m.progress.due.missed).toBe(0);
    expect(m.progress.due.since > '2026-09-22').toBe(true);
  });

  it('refuses what can’t be a check-in with a sentence, and lets no one else record', async () => {
    const w = await buildWorld(ctx().app, 'Check-in refusals');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    const post = (who: typeof w.coach, cardId: string, body: Json) => who.post(`/api/cards/${cardId}/check-ins`, body);
    expect(errorOf(await post(w.coachee, g.cardId, {})).fields).toEqual({ value: 'Give the value as a number.' });
    expect(errorOf(await post(w.coachee, g.cardId, { value: 2, on: '2099-01-01' })).fields?.on).toMatch(
      /^Use today \(\d{4}-\d{2}-\d{2}\) or an earlier date\.$/,
    );
    const early = await post(w.coachee, g.cardId, { value: 2, on: '2026-08-31' });
    expect(early.statusCode).toBe(400);
    expect(errorOf(early).message).toBe('A check-in can’t be dated before the measure’s baseline (2026-09-01).');
    expect(errorOf(await post(w.coachee, g.cardId, { value: 2, note: 'x'.repeat(1001) })).fields).toEqual({ note: 'Keep the note under 1,000 characters.' });
    const task = await post(w.coachee, g.taskId, { value: 2 });
    expect(task.statusCode).toBe(409);
    expect(errorOf(task).message).toBe('Only a contract goal with a measure takes check-ins. Record the value on the goal this card serves.');
    expect((await post(w.sponsor, g.cardId, { value: 2 })).statusCode).toBe(403);
    expect((await post(w.outsider, g.cardId, { value: 2 })).statusCode).toBe(404);
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/measures`)).statusCode).toBe(403);

    const other = await buildWorld(ctx().app, 'Another engagement');
    const [foreign] = await schedule(other, { startsAt: '2026-09-10T09:00:00+02:00' });
    expect(errorOf(await post(w.coachee, g.cardId, { value: 2, sessionId: foreign.id })).fields).toEqual({
      sessionId: 'Pick a session of this engagement, or none.',
    });
    const [own] = await schedule(w, { startsAt: '2026-09-10T09:00:00+02:00' });
    expect((await post(w.coachee, g.cardId, { value: 2, on: '2026-09-10', sessionId: own.id })).json().sessionId).toBe(own.id);

    // A goal whose measure is only in a draft takes no check-ins yet.
    const draft = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns[0].id,
      type: 'goal',
      title: 'A goal of the board only',
    });
    const none = await post(w.coachee, draft.json().id, { value: 1 });
    expect(none.statusCode).toBe(409);
    expect((await w.coachee.get(`/api/cards/${draft.json().id}/check-ins`)).json()).toMatchObject({ measure: null, checkIns: [] });
  });

  it('corrects a value once: two corrections sent together give one correction and one refusal', async () => {
    const w = await buildWorld(ctx().app, 'Parallel corrections');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    const original = await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-08' });
    const answers = await Promise.all([
      w.coachee.post(`/api/check-ins/${original.id}/corrections`, { value: 3 }),
      w.coach.post(`/api/check-ins/${original.id}/corrections`, { value: 4 }),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.statusCode === 409);
    expect(refused && errorOf(refused).message).toBe('That value was already corrected. Correct the value that replaced it instead.');
    const standing = (await w.coach.get(`/api/engagements/${w.engagementId}/measures`)).json().goals[0].points;
    expect(standing).toHaveLength(1);
    expect(standing[0].value).toBe(answers.find((a) => a.statusCode === 201)?.json().value);
  });

  it('each check-in is an event; the sponsor receives those of a goal only while it is shared, live and replayed, and never a note', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Check-in events');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    const coachStream = await openStream(app, w.coach, w.engagementId);
    await coachStream.waitFor((e) => e.event === 'ready');
    const recorded = await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-08', note: 'NOTE-CANARY-41' });
    const live = await coachStream.waitFor((e) => e.data?.type === 'checkin.recorded');
    expect(live.data.payload).toEqual({ checkInId: recorded.id, cardId: g.cardId, goalId: 'goal-evenings', value: 2, on: '2026-09-08', sessionId: null });
    await w.coach.post(`/api/check-ins/${recorded.id}/corrections`, { value: 1 });
    expect((await coachStream.waitFor((e) => e.data?.type === 'checkin.corrected')).data.payload.correctsId).toBe(recorded.id);
    coachStream.close();

    const replayTo = async () => {
      const s = await openStream(app, w.sponsor, w.engagementId, 0);
      await s.waitFor((e) => e.event === 'ready');
      s.close();
      return s.events.filter((e) => e.data?.type?.startsWith('checkin.')).map((e) => e.data.type);
    };
    expect(await replayTo()).toEqual([]);
    // Live too: a sponsor connected while the goal is unshared receives nothing of a new check-in.
    const sponsorLive = await openStream(app, w.sponsor, w.engagementId);
    await sponsorLive.waitFor((e) => e.event === 'ready');
    await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-15' });
    expect((await w.coachee.put(`/api/cards/${g.cardId}/sharing`, { shared: true })).statusCode).toBe(200);
    await checkIn(w.coachee, g.cardId, { value: 3, on: '2026-09-22', note: 'NOTE-CANARY-41' });
    const arrived = await sponsorLive.waitFor((e) => e.data?.type === 'checkin.recorded');
    expect(arrived.data.payload.on).toBe('2026-09-22');
    expect(sponsorLive.events.filter((e) => e.data?.type === 'checkin.recorded')).toHaveLength(1);
    sponsorLive.close();

    expect(await replayTo()).toEqual(['checkin.recorded', 'checkin.corrected', 'checkin.recorded', 'checkin.recorded']);
    expect((await w.coachee.put(`/api/cards/${g.cardId}/sharing`, { shared: false })).statusCode).toBe(200);
    expect(await replayTo()).toEqual([]);
    const all = await openStream(app, w.sponsor, w.engagementId, 0);
    await all.waitFor((e) => e.event === 'ready');
    all.close();
    expect(JSON.stringify(all.events)).not.toContain('NOTE-CANARY-41');
  });
});
