import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCard } from '../../db/queries/board.js';
import { deleteCommitment, findSession, insertCommitment } from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';
import { commitmentTransaction, sessionTransaction } from './session-transaction.js';

/** A session takes commitments only while it runs. */
export function ensureRunning(s: CoachingSessionsTable): void {
  if (s.stage === 'recap') throw new AppError('conflict', 'This session is closed; its commitments are final. Add new ones in the next session.');
  if (s.stage === null) throw new AppError('conflict', 'Commitments are made during a session. Start the session first.');
}

/** Records a card as a commitment of a session (inside the caller's transaction); true when it is new. */
export async function addCommitmentInTransaction(trx: WriteTrx, s: CoachingSessionsTable, cardId: string, actorId: string, now: string): Promise<boolean> {
  const card = await findCard(trx, cardId);
  if (!card || card.engagement_id !== s.engagement_id || card.archived_at) {
    throw new AppError('validation_failed', 'Choose a card of this board.', { fields: { cardId: 'Choose a card of this board.' } });
  }
  return insertCommitment(trx, {
    id: newId(),
    engagement_id: s.engagement_id,
    session_id: s.id,
    card_id: card.id,
    title: card.title,
    owner_id: card.owner_id,
    due_on: card.due_on,
    created_by: actorId,
    created_at: now,
    review_session_id: null,
    review_result: null,
    review_column_kind: null,
    reviewed_at: null,
  });
}

/** When the commitments change, what was agreed no longer stands: each person agrees again. */
export async function clearAgreements(trx: WriteTrx, s: CoachingSessionsTable, actorId: string, now: string): Promise<void> {
  const agreed = await trx.selectFrom('session_participants').select('user_id').where('session_id', '=', s.id).where('agreed_at', 'is not', null).execute();
  if (!agreed.length) return;
  await trx.updateTable('session_participants').set({ agreed_at: null, updated_at: now }).where('session_id', '=', s.id).execute();
  for (const a of agreed) {
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.agreed',
      actorId,
      entityId: s.id,
      payload: { sessionId: s.id, userId: a.user_id, agreed: false },
      createdAt: now,
    });
  }
}

/** Adds a card to the commitments of a running session. */
export async function addCommitment(db: Kysely<Database>, sessionId: string, cardId: string, actorId: string): Promise<void> {
  await sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    ensureRunning(s);
    const now = nowIso();
    if (await addCommitmentInTransaction(trx, s, cardId, actorId, now)) {
      await clearAgreements(trx, s, actorId, now);
      await recordEvent(trx, {
        engagementId: s.engagement_id,
        type: 'session.commitment_added',
        actorId,
        entityId: s.id,
        payload: { sessionId: s.id, cardId },
        createdAt: now,
      });
    }
  });
}

/** Takes a commitment back while its session still runs. */
export async function removeCommitment(db: Kysely<Database>, commitmentId: string, actorId: string): Promise<string> {
  return commitmentTransaction(db, commitmentId, async (trx) => {
    const c = await trx.selectFrom('commitments').selectAll().where('id', '=', commitmentId).executeTakeFirst();
    if (!c) throw new AppError('not_found', 'That commitment was not found.');
    const s = await findSession(trx, c.session_id);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    ensureRunning(s);
    await deleteCommitment(trx, s.id, c.id);
    await clearAgreements(trx, s, actorId, nowIso());
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.commitment_removed',
      actorId,
      entityId: s.id,
      payload: { sessionId: s.id, cardId: c.card_id },
    });
    return s.engagement_id;
  });
}
