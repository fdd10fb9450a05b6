import { AppError, type CorrectionBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCheckIn, findCorrectionOf, insertCheckIn } from '../../db/queries/check-ins.js';
import type { CheckInsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';
import { dayOfValue, measureOfCard } from './check-in-rules.js';

/**
 * Corrects a recorded value: a new check-in that names the one it corrects, which stays in the history.
 * Only a value that stands can be corrected (a corrected one is corrected through what replaced it).
 */
export async function correctCheckIn(
  db: Kysely<Database>,
  engagementId: string,
  checkInId: string,
  userId: string,
  body: CorrectionBody,
): Promise<CheckInsTable> {
  return writeTransaction(db, engagementId, async (trx) => {
    const original = await findCheckIn(trx, checkInId);
    if (!original || original.engagement_id !== engagementId) throw new AppError('not_found', 'That check-in was not found.');
    const later = await findCorrectionOf(trx, original.id);
    if (later) {
      throw new AppError('conflict', 'That value was already corrected. Correct the value that replaced it instead.', { details: { correctedById: later.id } });
    }
    const { measure } = await measureOfCard(trx, engagementId, original.card_id);
    const on = await dayOfValue(trx, userId, measure, body.on ?? original.observed_on);
    const row: CheckInsTable = {
      id: newId(),
      engagement_id: engagementId,
      card_id: original.card_id,
      goal_id: original.goal_id,
      value: body.value,
      observed_on: on,
      note: body.note ?? original.note,
      session_id: original.session_id,
      corrects_id: original.id,
      recorded_by: userId,
      recorded_at: nowIso(),
    };
    await insertCheckIn(trx, row);
    await recordEvent(trx, {
      engagementId,
      type: 'checkin.corrected',
      actorId: userId,
      entityId: row.card_id,
      payload: { checkInId: row.id, cardId: row.card_id, goalId: row.goal_id, value: row.value, on, correctsId: original.id },
      createdAt: row.recorded_at,
    });
    return row;
  });
}
