import { AppError, type ColumnKind, type PullBody, type SessionStage } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCard } from '../../db/queries/board.js';
import { findSession, insertSessions, updateSessionRow, upsertParticipant } from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database, EngagementsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { staleVersion } from '../board/card-rules.js';
import type { Actor } from '../board/create-card.js';
import { createCardInTransaction } from '../board/create-card.js';
import { moveCardInTransaction } from '../board/move-card.js';
import { updateCardInTransaction } from '../board/update-card.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { changeStageInTransaction } from './change-stage.js';
import { addCommitmentInTransaction, clearAgreements, ensureRunning } from './manage-commitments.js';
import { newSessionRow } from './schedule-sessions.js';
import { sessionTransaction } from './session-transaction.js';

async function loadRunning(trx: WriteTrx, sessionId: string): Promise<CoachingSessionsTable> {
  const s = await findSession(trx, sessionId);
  if (!s) throw new AppError('not_found', 'That session was not found.');
  ensureRunning(s);
  return s;
}

/** The first column of a kind on the board (the room reads the board by kind, as the stages do). */
async function columnOfKind(trx: WriteTrx, engagementId: string, kind: ColumnKind) {
  return trx.selectFrom('board_columns').selectAll().where('engagement_id', '=', engagementId).where('kind', '=', kind).orderBy('position').executeTakeFirst();
}

/**
 * The coach brings a card into focus at the stage the room is at; everyone following the coach sees it.
 * A focus for another stage than the room's is refused, so a late click can't move the room's focus.
 */
export async function setFocus(db: Kysely<Database>, sessionId: string, actorId: string, body: { stage: SessionStage; cardId: string | null }) {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await loadRunning(trx, sessionId);
    if (s.stage !== body.stage) {
      throw new AppError('conflict', 'The room has moved on to another stage; the card in focus follows it.', { details: { stage: s.stage } });
    }
    if (body.cardId) {
      const card = await findCard(trx, body.cardId);
      if (!card || card.engagement_id !== s.engagement_id || card.archived_at) {
        throw new AppError('validation_failed', 'Choose a card of this board.', { fields: { cardId: 'Choose a card of this board.' } });
      }
    }
    if (s.focus_card_id === body.cardId) return s;
    const now = nowIso();
    await updateSessionRow(trx, s.id, { focus_card_id: body.cardId, updated_at: now });
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.focus_changed',
      actorId,
      entityId: s.id,
      payload: { sessionId: s.id, stage: body.stage, cardId: body.cardId },
      createdAt: now,
    });
    return { ...s, focus_card_id: body.cardId };
  });
}

/** Sends a card back from Verify to In Progress with what is still missing: the reason stays on the card and goes into the recap. */
export async function sendBack(db: Kysely<Database>, sessionId: string, actor: Actor, body: { cardId: string; version: number; reason: string }) {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await loadRunning(trx, sessionId);
    const card = await findCard(trx, body.cardId);
    if (!card || card.engagement_id !== s.engagement_id || card.archived_at) throw new AppError('not_found', 'That card was not found.');
    const from = await trx.selectFrom('board_columns').select('kind').where('id', '=', card.column_id).executeTakeFirst();
    if (from?.kind !== 'verify') throw new AppError('conflict', 'Only a card waiting in Verify can be sent back.');
    const doing = await columnOfKind(trx, s.engagement_id, 'doing');
    if (!doing) throw new AppError('conflict', 'This board has no In Progress column to send the card back to.');
    // Sending back is not pulling new work: it may exceed the WIP limit, and the reason says why.
    if (card.version !== body.version) throw staleVersion(card);
    // The reason is on the card before it moves, so the move everyone receives carries it.
    await trx.updateTable('cards').set({ sent_back_reason: body.reason }).where('id', '=', card.id).execute();
    const moved = await moveCardInTransaction(trx, card.id, actor, {
      columnId: doing.id,
      version: body.version,
      overrideReason: `Sent back: ${body.reason}`.slice(0, 500),
    });
    const now = nowIso();
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.card_sent_back',
      actorId: actor.membership.userId,
      entityId: s.id,
      payload: { sessionId: s.id, cardId: card.id, title: card.title, reason: body.reason },
      createdAt: now,
    });
    return moved.card;
  });
}

/**
 * Pull in one step: fill what the card lacks (a new goal too), move it into In Progress within the WIP limit
 * (or with a reason to exceed it), and commit to it in this session. Nothing is kept if any part is refused.
 */
export async function pullInSession(db: Kysely<Database>, sessionId: string, actor: Actor, body: PullBody) {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await loadRunning(trx, sessionId);
    const card = await findCard(trx, body.cardId);
    if (!card || card.engagement_id !== s.engagement_id || card.archived_at) throw new AppError('not_found', 'That card was not found.');
    const doing = await columnOfKind(trx, s.engagement_id, 'doing');
    if (!doing) throw new AppError('conflict', 'This board has no In Progress column to pull into.');
    let parentId = body.parentId;
    if (body.newGoalTitle) {
      const goal = await createCardInTransaction(trx, s.engagement_id, actor, { columnId: card.column_id, type: 'goal', title: body.newGoalTitle });
      parentId = goal.id;
    }
    const fields = { ownerId: body.ownerId, dueOn: body.dueOn, definitionOfDone: body.definitionOfDone, parentId };
    const filled = Object.values(fields).some((v) => v !== undefined)
      ? (await updateCardInTransaction(trx, card.id, actor, { version: body.version, ...fields })).card
      : null;
    const version = filled ? filled.version : body.version;
    const moved = await moveCardInTransaction(trx, card.id, actor, { columnId: doing.id, version, overrideReason: body.overrideReason });
    const now = nowIso();
    if (await addCommitmentInTransaction(trx, s, card.id, actor.membership.userId, now)) {
      await clearAgreements(trx, s, actor.membership.userId, now);
      await recordEvent(trx, {
        engagementId: s.engagement_id,
        type: 'session.commitment_added',
        actorId: actor.membership.userId,
        entityId: s.id,
        payload: { sessionId: s.id, cardId: card.id },
        createdAt: now,
      });
    }
    return moved.card;
  });
}

/** "We agree": each person in the room agrees to the commitments at the Commitments stage; the time goes into the recap. */
export async function agree(db: Kysely<Database>, sessionId: string, userId: string, agreed: boolean) {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await loadRunning(trx, sessionId);
    if (s.stage !== 'commitments') throw new AppError('conflict', 'Commitments are agreed at the Commitments stage. Go on to it first.');
    const now = nowIso();
    await upsertParticipant(trx, s.id, userId, { agreed_at: agreed ? now : null }, now);
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.agreed',
      actorId: userId,
      entityId: s.id,
      payload: { sessionId: s.id, userId, agreed },
      createdAt: now,
    });
  });
}

/** After the close the notes are final; what comes later is an addendum, dated and signed, shown as such in the recap. */
export async function addAddendum(db: Kysely<Database>, sessionId: string, authorId: string, body: string) {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    if (s.stage !== 'recap') throw new AppError('conflict', 'This session is still open: write in its shared notes. Addenda are for after the close.');
    const count = await trx
      .selectFrom('session_addenda')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', s.id)
      .executeTakeFirst();
    if (Number(count?.n ?? 0) >= 200) throw new AppError('conflict', 'This session has 200 addenda, the most it keeps. Write in the next session’s notes.');
    const now = nowIso();
    const id = newId();
    await trx
      .insertInto('session_addenda')
      .values({ id, session_id: s.id, engagement_id: s.engagement_id, body, author_id: authorId, created_at: now })
      .execute();
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.addendum_added',
      actorId: authorId,
      entityId: s.id,
      payload: { sessionId: s.id, addendumId: id },
      createdAt: now,
    });
    return id;
  });
}

/** Meets now without a scheduled session: one session from this minute, started at once (WIFLE, with the review). */
export async function holdNow(db: Kysely<Database>, engagement: EngagementsTable, actorId: string, body: { durationMinutes: number; timeZone: string }) {
  return writeTransaction(db, engagement.id, async (trx) => {
    const now = nowIso();
    const startsAt = `${now.slice(0, 16)}:00.000Z`;
    const row = newSessionRow({
      engagementId: engagement.id,
      seriesId: null,
      startsAt,
      durationMinutes: body.durationMinutes,
      timeZone: body.timeZone,
      videoUrl: null,
      place: null,
      actorId,
      now,
    });
    await insertSessions(trx, [row]);
    await recordEvent(trx, {
      engagementId: engagement.id,
      type: 'session.scheduled',
      actorId,
      entityId: row.id,
      payload: { seriesId: null, sessionIds: [row.id], count: 1, firstStartsAt: row.starts_at },
      createdAt: now,
    });
    return changeStageInTransaction(trx, row, actorId, 'wifle');
  });
}
