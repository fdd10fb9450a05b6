import { expect, it } from 'vitest';
import type { Json } from '../../test/contracts.js';
import { describeEachEngine } from '../../test/harness.js';
import { checkIn, eveningsMeasure, measuredGoal } from '../../test/measures.js';
import { buildWorld, type World } from '../../test/world.js';

/** Gives the card what it needs to be worked on and moves it to Done, as the coach. */
async function finish(w: World, cardId: string) {
  const card = (await w.coach.get(`/api/cards/${cardId}`)).json() as Json;
  const ready = await w.coach.patch(`/api/cards/${cardId}`, {
    version: card.version,
    ownerId: w.coachee.user?.id,
    dueOn: '2099-01-31',
    definitionOfDone: [{ text: 'Agreed in a session' }],
  });
  expect(ready.statusCode, ready.body).toBe(200);
  const done = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns.find((c: Json) => c.kind === 'done').id;
  const moved = await w.coach.post(`/api/cards/${cardId}/move`, { columnId: done, version: ready.json().version });
  expect(moved.statusCode, moved.body).toBe(200);
}

const signAll = async (w: World, id: string) => {
  expect((await w.coach.post(`/api/contracts/${id}/send`)).statusCode).toBe(200);
  for (const who of [w.coachee, w.sponsor, w.coach])
    expect((await who.post(`/api/contracts/${id}/sign`, { typedName: who.user?.name, consent: true })).statusCode).toBe(200);
};

describeEachEngine('a measure across a renewal', (ctx) => {
  it('carries a goal whose number is short of its target, with its measure and history, even when its cards are done', async () => {
    const w = await buildWorld(ctx().app, 'Renewed measure');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-08' });
    await checkIn(w.coachee, g.cardId, { value: 3, on: '2026-09-15' });
    await finish(w, g.taskId);

    const renewal = await w.coach.post(`/api/contracts/${g.contractId}/renew`, { days: 30 });
    expect(renewal.statusCode, renewal.body).toBe(201);
    const next = renewal.json() as Json;
    expect(next.content.startsOn).toBe('2100-01-01');
    expect(next.content.goals.map((x: Json) => x.id)).toEqual(['goal-evenings']);
    // The target date had passed by the new period's start: it moves to the new end; the baseline stays.
    expect(next.content.goals[0].measure).toEqual({ ...eveningsMeasure, targetOn: '2100-01-30' });
    expect(next.content.deliverables).toEqual([]);

    await signAll(w, next.id);
    const measures = (await w.coachee.get(`/api/engagements/${w.engagementId}/measures`)).json();
    expect(measures.goals).toHaveLength(1);
    expect(measures.goals[0]).toMatchObject({ cardId: g.cardId, contractId: next.id, measure: { targetOn: '2100-01-30' } });
    expect(measures.goals[0].points.map((p: Json) => p.value)).toEqual([2, 3]);
    // The history goes on under the renewal.
    await checkIn(w.coachee, g.cardId, { value: 4, on: '2026-09-22' });
    const history = (await w.coach.get(`/api/cards/${g.cardId}/check-ins`)).json();
    expect(history.checkIns.map((c: Json) => c.value)).toEqual([4, 3, 2]);
  });

  it('leaves out a goal whose number reached its target and whose cards are done', async () => {
    const w = await buildWorld(ctx().app, 'Reached measure');
    const g = await measuredGoal(w, eveningsMeasure, 'goal-evenings');
    await checkIn(w.coachee, g.cardId, { value: 4, on: '2026-09-08' });
    await finish(w, g.taskId);
    const next = (await w.coach.post(`/api/contracts/${g.contractId}/renew`, { days: 30 })).json() as Json;
    expect(next.content.goals).toEqual([]);
  });
});
