import { AppError, type Card, type ColumnKind, type MoveCardBody, type MovedCard, positionBetween } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { commentCount, findCard, findColumn, lastPosition, nextPosition, previousPosition, updateCardIfVersion } from '../../db/queries/board.js';
import type { CardsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { ensureMayEnterDone, ensureReady, ensureWipRoom, flowStamps, staleVersion } from './card-rules.js';
import type { Actor } from './create-card.js';
import { presentCard } from './present-card.js';

async function neighbourPositions(trx: Transaction<Database>, cardId: string, columnId: string, body: MoveCardBody): Promise<[string | null, string | null]> {
  const anchorId = body.afterCardId ?? body.beforeCardId;
  if (!anchorId) return [await lastPosition(trx, columnId, cardId), null];
  const anchor = await findCard(trx, anchorId);
  if (!anchor || anchor.column_id !== columnId || anchor.archived_at || anchor.id === cardId) {
    throw new AppError('validation_failed', 'Place the card next to a card of the target column.', {
      fields: { [body.afterCardId ? 'afterCardId' : 'beforeCardId']: 'Choose a card of the target column.' },
    });
  }
  if (body.afterCardId) return [anchor.position, await nextPosition(trx, columnId, anchor.position, cardId)];
  return [await previousPosition(trx, columnId, anchor.position, cardId), anchor.position];
}

/** What a `card.moved` event keeps of the card: what a move changes, and its name. */
function movedCardOf(c: Card): MovedCard {
  const { id, columnId, position, version, title, type, updatedAt, columnEnteredAt, startedAt, finishedAt, wipOverrideReason, sentBackReason } = c;
  return { id, columnId, position, version, title, type, updatedAt, columnEnteredAt, startedAt, finishedAt, wipOverrideReason, sentBackReason };
}

/**
 * Moves a card to a column and position under the board rules: a fresh version, coach-only into Done,
 * readiness into doing columns, and the WIP limit (or an explicit override reason, kept in history).
 * Writes one card row and one event (at `opts.at` when history is written after the fact).
 */
export async function moveCardInTransaction(
  trx: WriteTrx,
  cardId: string,
  actor: Actor,
  body: MoveCardBody,
  opts: { at?: string } = {},
): Promise<{ card: Card; engagementId: string }> {
  const card = await findCard(trx, cardId);
  if (!card || card.engagement_id !== actor.engagementId) throw new AppError('not_found', 'That card was not found.');
  if (card.archived_at) throw new AppError('conflict', 'This card is archived. Restore it before moving it.');
  if (card.version !== body.version) throw staleVersion(card);
  const [from, to] = await Promise.all([findColumn(trx, card.column_id), findColumn(trx, body.columnId)]);
  if (!to || to.engagement_id !== card.engagement_id)
    throw new AppError('validation_failed', 'Choose a column of this board.', { fields: { columnId: 'Choose a column of this board.' } });
  const changingColumn = to.id !== card.column_id;
  let override: string | null = card.wip_override_reason;
  if (changingColumn) {
    ensureMayEnterDone(actor.membership, actor.settings, (from?.kind ?? null) as ColumnKind | null, to);
    ensureReady(card, to);
    override = await ensureWipRoom(trx, to, body.overrideReason);
  }
  const [before, after] = await neighbourPositions(trx, card.id, to.id, body);
  // `at` backdates history written after the fact (the sample engagement); a person's move is now.
  const now = opts.at ?? nowIso();
  const patch: Partial<CardsTable> = {
    column_id: to.id,
    position: positionBetween(before, after),
    version: card.version + 1,
    updated_at: now,
    wip_override_reason: override,
  };
  if (changingColumn) Object.assign(patch, { column_entered_at: now }, flowStamps(card, to.kind as ColumnKind, now));
  // A reason for sending it back holds until the card is offered for verification again.
  if (changingColumn && (to.kind === 'verify' || to.kind === 'done')) patch.sent_back_reason = null;
  if (!(await updateCardIfVersion(trx, card.id, card.version, patch))) throw staleVersion((await findCard(trx, card.id)) ?? card);
  const updated = presentCard({ ...card, ...patch } as CardsTable, { commentCount: await commentCount(trx, card.id) });
  await recordEvent(trx, {
    engagementId: card.engagement_id,
    type: 'card.moved',
    actorId: actor.membership.userId,
    entityId: card.id,
    payload: {
      card: movedCardOf(updated),
      fromColumnId: card.column_id,
      toColumnId: to.id,
      fromKind: (from?.kind ?? null) as ColumnKind | null,
      toKind: to.kind as ColumnKind,
      overrideReason: changingColumn ? override : null,
    },
    createdAt: now,
  });
  return { card: updated, engagementId: card.engagement_id };
}

export function moveCard(db: Kysely<Database>, cardId: string, actor: Actor, body: MoveCardBody): Promise<{ card: Card; engagementId: string }> {
  return writeTransaction(db, actor.engagementId, (trx) => moveCardInTransaction(trx, cardId, actor, body));
}
