import { AppError, type ColumnKind, checkStageChange, reviewCommitment, type SessionStage, type SessionStatus, startRefusal } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findSession, listUnreviewed, updateCommitment, updateSessionRow } from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';
import { sessionTransaction } from './session-transaction.js';

/**
 * Opens a session by reviewing the commitments of earlier sessions: kept when the card reached Verify
 * or Done, missed otherwise (an archived card counts as missed). The results are stored once.
 */
async function reviewCommitments(trx: WriteTrx, session: CoachingSessionsTable, now: string): Promise<{ kept: number; missed: number }> {
  const open = await listUnreviewed(trx, session.engagement_id, session.id);
  let kept = 0;
  let missed = 0;
  for (const c of open) {
    const kind = c.archived_at || !c.column_kind ? null : (c.column_kind as ColumnKind);
    const result = reviewCommitment(kind);
    if (result === 'kept') kept += 1;
    else missed += 1;
    await updateCommitment(trx, c.id, { review_session_id: session.id, review_result: result, review_column_kind: kind, reviewed_at: now });
  }
  return { kept, missed };
}

/**
 * Moves a session to another stage of its agenda inside the caller's transaction; starting it (WIFLE) opens
 * with the commitment review, and only from 15 minutes before its start. The card in focus starts over.
 */
export async function changeStageInTransaction(trx: WriteTrx, s: CoachingSessionsTable, actorId: string, to: SessionStage): Promise<CoachingSessionsTable> {
  const from = s.stage as SessionStage | null;
  const check = checkStageChange(from, to, s.status as SessionStatus);
  if (!check.ok) throw new AppError('illegal_transition', check.message, { details: { stage: from } });
  const now = nowIso();
  if (from === null) {
    const refusal = startRefusal({ startsAt: s.starts_at }, new Date(now));
    if (refusal) throw new AppError('illegal_transition', refusal, { details: { stage: from, startsAt: s.starts_at } });
  }
  const patch: Partial<CoachingSessionsTable> = { stage: to, focus_card_id: null, updated_at: now };
  let review: { kept: number; missed: number } | null = null;
  if (from === null) {
    patch.started_at = now;
    review = await reviewCommitments(trx, s, now);
  }
  await updateSessionRow(trx, s.id, patch);
  await recordEvent(trx, {
    engagementId: s.engagement_id,
    type: from === null ? 'session.started' : 'session.stage_changed',
    actorId,
    entityId: s.id,
    payload: { sessionId: s.id, from, to, ...(review ? { review } : {}) },
    createdAt: now,
  });
  return { ...s, ...patch };
}

/** Moves a session to another stage of its agenda; starting it (WIFLE) opens with the commitment review. */
export async function changeStage(db: Kysely<Database>, sessionId: string, actorId: string, to: SessionStage): Promise<CoachingSessionsTable> {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    return changeStageInTransaction(trx, s, actorId, to);
  });
}
