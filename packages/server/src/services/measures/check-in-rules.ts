import { AppError, dateOfDay, dayInZone, type GoalMeasure, measuredGoals } from '@carriage/core';
import { findCard } from '../../db/queries/board.js';
import { listSignedContracts } from '../../db/queries/check-ins.js';
import { findUserById } from '../../db/queries/users.js';
import type { WriteTrx } from '../events/record-event.js';

/** The measure a goal card carries: its contract goal's, in the signed contracts. */
export async function measureOfCard(trx: WriteTrx, engagementId: string, cardId: string): Promise<{ goalId: string; measure: GoalMeasure }> {
  const card = await findCard(trx, cardId);
  if (!card || card.engagement_id !== engagementId) throw new AppError('not_found', 'That card was not found.');
  if (card.archived_at) throw new AppError('conflict', 'This goal is archived. Restore it on the board to record its values again.');
  if (card.type !== 'goal' || !card.deliverable_id) {
    throw new AppError('conflict', 'Only a contract goal with a measure takes check-ins. Record the value on the goal this card serves.');
  }
  const contracts = await listSignedContracts(trx, engagementId);
  const goal = measuredGoals(
    contracts.map((c) => ({ id: c.id, status: c.status, signedAt: c.signed_at, version: c.version, content: JSON.parse(c.content) })),
  ).get(card.deliverable_id);
  if (!goal) {
    throw new AppError(
      'conflict',
      'This goal has no measure in a signed contract yet. Add a measure to the goal in the contract and sign it; then record its values here.',
    );
  }
  return { goalId: goal.goalId, measure: goal.measure };
}

/** The day a value is about: given, or today where the person recording it is; never ahead of their today, never before the baseline. */
export async function dayOfValue(trx: WriteTrx, userId: string, measure: GoalMeasure, on: string | undefined): Promise<string> {
  const zone = (await findUserById(trx, userId))?.time_zone ?? 'UTC';
  const today = dateOfDay(dayInZone(zone)(Date.now()));
  const day = on ?? today;
  if (day > today) {
    throw new AppError('validation_failed', 'A check-in is about a day that has come: use today or an earlier date.', {
      fields: { on: `Use today (${today}) or an earlier date.` },
    });
  }
  if (day < measure.baselineOn) {
    throw new AppError('validation_failed', `A check-in can’t be dated before the measure’s baseline (${measure.baselineOn}).`, {
      fields: { on: `Use ${measure.baselineOn} or a later date.` },
    });
  }
  return day;
}
