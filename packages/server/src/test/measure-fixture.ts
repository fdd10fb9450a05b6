import { measureFixture } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type MeasuredWorld, measuredGoal } from './measures.js';
import type { World } from './world.js';

/**
 * Plays core's measure fixture through the API: a contract with the fixture's measure, signed and put
 * on the board, and its check-ins recorded by the coachee (c4 as a correction of c2). The API stamps
 * the time of recording, the signature and the cards' creation with now, so afterwards the test
 * rewrites those (and only those) to the fixture's: the database then holds the story the core tests compute.
 */
export async function seedMeasureFixture(db: Kysely<Database>, w: World): Promise<MeasuredWorld & { ids: Map<string, string> }> {
  const f = measureFixture;
  const g = await measuredGoal(w, f.measure, 'goal-evenings');
  const signedAt = `${f.agreedOn}T10:00:00.000Z`;
  await db.updateTable('contracts').set({ signed_at: signedAt }).where('id', '=', g.contractId).execute();
  // The goal's card was put on the board the day the contract was signed, so the results of any later day show it.
  await db.updateTable('events').set({ created_at: signedAt }).where('engagement_id', '=', w.engagementId).execute();
  const ids = new Map<string, string>();
  for (const c of f.checkIns) {
    const saved = c.correctsId
      ? await w.coachee.post(`/api/check-ins/${ids.get(c.correctsId)}/corrections`, { value: c.value, note: c.note || undefined })
      : await w.coachee.post(`/api/cards/${g.cardId}/check-ins`, { value: c.value, on: c.on, note: c.note || undefined });
    if (saved.statusCode !== 201) throw new Error(`check-in ${c.id} failed: ${saved.statusCode} ${saved.body}`);
    ids.set(c.id, saved.json().id);
    await db.updateTable('check_ins').set({ recorded_at: c.recordedAt }).where('id', '=', saved.json().id).execute();
  }
  return { ...g, ids };
}
