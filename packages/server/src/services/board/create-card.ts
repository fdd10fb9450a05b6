import { AppError, type Card, type ColumnKind, type CreateCardBody, type EngagementSettings, type Membership, positionBetween } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCard, findColumn, insertCard, lastPosition, nextPosition } from '../../db/queries/board.js';
import type { CardsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { ensureMayEnterDone, ensureOwner, ensureParent, ensureReady, ensureWipRoom, flowStamps, normalizeChecklist } from './card-rules.js';
import { presentCard } from './present-card.js';

export interface Actor {
  /** The engagement the request was authorized for; its write lock is taken before anything is read. */
  engagementId: string;
  membership: Membership;
  settings: EngagementSettings;
}

/** Extra links set by other aggregates (contract deliverables become cards). */
export interface CardLinks {
  contractId?: string | null;
  deliverableId?: string | null;
  /** When the card was created, for history written after the fact (the sample engagement); now by default. */
  at?: string;
}

/** Creates a card inside the caller's transaction, under the same rules as a move into its column. */
export async function createCardInTransaction(trx: WriteTrx, engagementId: string, actor: Actor, body: CreateCardBody, links: CardLinks = {}): Promise<Card> {
  const column = await findColumn(trx, body.columnId);
  if (!column || column.engagement_id !== engagementId) {
    throw new AppError('validation_failed', 'Choose a column of this board.', { fields: { columnId: 'Choose a column of this board.' } });
  }
  await ensureOwner(trx, engagementId, body.ownerId);
  await ensureParent(trx, engagementId, body.parentId);
  ensureMayEnterDone(actor.membership, actor.settings, null, column);
  const now = links.at ?? nowIso();
  const row: CardsTable = {
    id: newId(),
    engagement_id: engagementId,
    column_id: column.id,
    type: body.type ?? 'task',
    title: body.title,
    description: body.description ?? '',
    definition_of_done: JSON.stringify(normalizeChecklist(body.definitionOfDone, newId)),
    owner_id: body.ownerId ?? null,
    due_on: body.dueOn ?? null,
    event_at: body.eventAt ?? null,
    event_place: body.eventPlace ?? null,
    labels: JSON.stringify(body.labels ?? []),
    blocked: 0,
    blocked_reason: null,
    parent_id: body.parentId ?? null,
    contract_id: links.contractId ?? null,
    deliverable_id: links.deliverableId ?? null,
    position: '',
    version: 1,
    wip_override_reason: null,
    sent_back_reason: null,
    archived_at: null,
    created_by: actor.membership.userId,
    created_at: now,
    updated_at: now,
    column_entered_at: now,
    started_at: null,
    finished_at: null,
  };
  ensureReady(row, column);
  row.wip_override_reason = await ensureWipRoom(trx, column, body.overrideReason);
  Object.assign(row, flowStamps(row, column.kind as ColumnKind, now));
  if (body.afterCardId) {
    const after = await findCard(trx, body.afterCardId);
    if (!after || after.column_id !== column.id || after.archived_at)
      throw new AppError('validation_failed', 'Place the card after a card of the same column.', {
        fields: { afterCardId: 'Choose a card of the same column.' },
      });
    row.position = positionBetween(after.position, await nextPosition(trx, column.id, after.position, row.id));
  } else {
    row.position = positionBetween(await lastPosition(trx, column.id), null);
  }
  await insertCard(trx, row);
  const card = presentCard(row);
  await recordEvent(trx, {
    engagementId,
    type: 'card.created',
    actorId: actor.membership.userId,
    entityId: row.id,
    payload: { card, columnKind: column.kind as ColumnKind, overrideReason: row.wip_override_reason },
    createdAt: now,
  });
  return card;
}

/** Creates a card in its own transaction. */
export function createCard(db: Kysely<Database>, engagementId: string, actor: Actor, body: CreateCardBody, links: CardLinks = {}): Promise<Card> {
  return writeTransaction(db, engagementId, (trx) => createCardInTransaction(trx, engagementId, actor, body, links));
}
