import { AppError, type CheckInBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertCheckIn } from '../../db/queries/check-ins.js';
import { findSession } from '../../db/queries/sessions.js';
import type { CheckInsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';
import { dayOfValue, measureOfCard } from './check-in-rules.js';

/** Records a value of a goal card's measure, with an optional note (and the session it was recorded in). */
export async function recordCheckIn(db: Kysely<Database>, engagementId: string, cardId: string, userId: string, body: CheckInBody): Promise<CheckInsTable> {
  return writeTransaction(db, engagementId, async (trx) => {
    const { goalId, measure } = await measureOfCard(trx, engagementId, cardId);
    const on = await dayOfValue(trx, userId, measure, body.on);
    if (body.sessionId) {
      const session = await findSession(trx, body.sessionId);
      if (!session || session.engagement_id !== engagementId) {
        throw new AppError('validation_failed', 'That session is not one of this engagement’s.', {
          fields: { sessionId: 'Pick a session of this engagement, or none.' },
        });
      }
    }
    const row: CheckInsTable = {
      id: newId(),
      engagement_id: engagementId,
      card_id: cardId,
      goal_id: goalId,
      value: body.value,
      observed_on: on,
      note: body.note ?? '',
      session_id: body.sessionId ?? null,
      corrects_id: null,
      recorded_by: userId,
      recorded_at: nowIso(),
    };
    await insertCheckIn(trx, row);
    await recordEvent(trx, {
      engagementId,
      type: 'checkin.recorded',
      actorId: userId,
      entityId: cardId,
      // The note stays out of the log: the sponsor of a shared goal reads its numbers, not what was written with them.
      payload: { checkInId: row.id, cardId, goalId, value: row.value, on, sessionId: row.session_id },
      createdAt: row.recorded_at,
    });
    return row;
  });
}
