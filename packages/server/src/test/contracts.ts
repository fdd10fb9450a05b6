import { expect } from 'vitest';
import type { TestClient } from './harness.js';
import type { World } from './world.js';

export type Json = Record<string, any>;

/** Dates far enough ahead that no contract activates or ends during a test. */
export const FUTURE = { startsOn: '2030-01-01', endsOn: '2030-03-31' };

/** A complete organization draft whose signers are coach, sponsor and coachee. */
export async function draft(w: World, extra: Json = {}): Promise<Json> {
  const res = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
    template: 'organization',
    ...FUTURE,
    rate: { amountMinor: 900000, currency: 'eur', unit: 'fixed', sessionsIncluded: 12 },
    goals: [{ id: 'goal-a', what: 'Delegate with confidence', howMeasured: 'Team survey', target: '4 of 5', byWhen: '2030-03-15' }],
    deliverables: [
      { id: 'del-1', description: 'Delegation plan', acceptanceCriteria: 'Agreed with the team\nReviewed in a session', dueOn: '2030-01-31', goalId: 'goal-a' },
      { id: 'del-2', description: 'Two delegated projects', acceptanceCriteria: 'Both handed over', dueOn: '2030-03-01', goalId: 'goal-a' },
    ],
    signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }, { userId: w.coachee.user?.id }],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Signs as this person with their own name and consent. */
export async function sign(client: TestClient, id: string, name = client.user?.name as string) {
  return client.post(`/api/contracts/${id}/sign`, { typedName: name, consent: true });
}

/** Sends the contract and has each of these members sign it, in order; returns the last answer. */
export async function signedBy(w: World, id: string, who: ('coach' | 'sponsor' | 'coachee')[] = ['coachee', 'sponsor', 'coach']): Promise<Json> {
  const sent = await w.coach.post(`/api/contracts/${id}/send`);
  expect(sent.statusCode, sent.body).toBe(200);
  let last: Json = sent.json();
  for (const role of who) {
    const res = await sign(w[role], id);
    expect(res.statusCode, res.body).toBe(200);
    last = res.json();
  }
  return last;
}
