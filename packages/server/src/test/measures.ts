import type { Json } from './contracts.js';
import type { World } from './world.js';

/**
 * A measure whose every figure the tests work out by hand: evenings a week out of the office by six,
 * from 1 on Tuesday 1 September 2026 to 4 by Tuesday 15 December 2026, checked in weekly.
 */
export const eveningsMeasure = {
  name: 'Evenings out of the office by six',
  unit: 'a week',
  baseline: 1,
  baselineOn: '2026-09-01',
  target: 4,
  targetOn: '2026-12-15',
  direction: 'up',
  cadence: 'weekly',
} as const;

export interface MeasuredWorld {
  contractId: string;
  goalId: string;
  /** The goal's card on the board. */
  cardId: string;
  /** A task card serving the goal. */
  taskId: string;
}

const ok = (res: { statusCode: number; body: string }, what: string): Json => {
  if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body);
};

/**
 * A contract with one measured goal (and one deliverable serving it), signed by coach, sponsor and
 * coachee and put on the board (a fresh goal id each time unless given, so one world can hold several). It started on 1 September 2026 and runs to 2099, so it is in force
 * whenever the tests run and can still go on the board.
 */
export async function measuredGoal(
  w: World,
  measure: Json = eveningsMeasure,
  goalId = `goal-evenings-${Math.random().toString(36).slice(2, 8)}`,
): Promise<MeasuredWorld> {
  const c = ok(
    await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'organization',
      startsOn: '2026-09-01',
      endsOn: '2099-12-31',
      rate: { amountMinor: 600000, currency: 'EUR', unit: 'fixed', sessionsIncluded: 6 },
      goals: [{ id: goalId, what: 'Leave the office at six, four days a week', howMeasured: 'Evenings counted each week', target: '4 a week', measure }],
      deliverables: [{ id: `${goalId}-plan`, description: 'A weekly plan that ends at six', goalId }],
      signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }, { userId: w.coachee.user?.id }],
    }),
    'draft',
  );
  ok(await w.coach.post(`/api/contracts/${c.id}/send`), 'send');
  for (const who of [w.coachee, w.sponsor, w.coach]) ok(await who.post(`/api/contracts/${c.id}/sign`, { typedName: who.user?.name, consent: true }), 'sign');
  const cards = ok(await w.coach.post(`/api/contracts/${c.id}/cards`), 'put on board').cards as Json[];
  return {
    contractId: c.id,
    goalId,
    cardId: cards.find((x) => x.type === 'goal')?.id,
    taskId: cards.find((x) => x.type === 'task')?.id,
  };
}

/** Records a value as this person; fails loudly when refused. */
export async function checkIn(client: World['coach'], cardId: string, body: Json): Promise<Json> {
  return ok(await client.post(`/api/cards/${cardId}/check-ins`, body), 'check in');
}
