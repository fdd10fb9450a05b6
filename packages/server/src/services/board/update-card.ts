import { AppError, type Card, type UpdateCardBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { childProgress, commentCount, findCard, updateCardIfVersion } from '../../db/queries/board.js';
import type { CardsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { ensureOwner, ensureParent, normalizeChecklist, staleVersion } from './card-rules.js';
import type { Actor } from './create-card.js';
import { presentCard } from './present-card.js';

const fieldNames: Record<string, keyof CardsTable> = {
  type: 'type',
  title: 'title',
  description: 'description',
  ownerId: 'owner_id',
  dueOn: 'due_on',
  eventAt: 'event_at',
  eventPlace: 'event_place',
  parentId: 'parent_id',
  blockedReason: 'blocked_reason',
};

/** Edits a card based on the version the editor saw; a stale version gets 409 with the card as it is now. */
export async function updateCardInTransaction(
  trx: WriteTrx,
  cardId: string,
  actor: Actor,
  body: UpdateCardBody,
): Promise<{ card: Card; engagementId: string }> {
  const card = await findCard(trx, cardId);
  if (!card || card.engagement_id !== actor.engagementId) throw new AppError('not_found', 'That card was not found.');
  if (card.version !== body.version) throw staleVersion(card);
  const patch: Partial<CardsTable> = {};
  const changes: string[] = [];
  for (const [key, column] of Object.entries(fieldNames)) {
    const value = (body as Record<string, unknown>)[key];
    if (value !== undefined && value !== card[column]) {
      (patch as Record<string, unknown>)[column] = value;
      changes.push(key);
    }
  }
  if (body.definitionOfDone !== undefined) {
    const dod = JSON.stringify(normalizeChecklist(body.definitionOfDone, newId));
    if (dod !== card.definition_of_done) {
      patch.definition_of_done = dod;
      changes.push('definitionOfDone');
    }
  }
  if (body.labels !== undefined) {
    const labels = JSON.stringify([...new Set(body.labels)]);
    if (labels !== card.labels) {
      patch.labels = labels;
      changes.push('labels');
    }
  }
  if (body.blocked !== undefined && (body.blocked ? 1 : 0) !== card.blocked) {
    patch.blocked = body.blocked ? 1 : 0;
    changes.push('blocked');
    if (!body.blocked) patch.blocked_reason = null;
  }
  const willBeBlocked = patch.blocked !== undefined ? patch.blocked === 1 : card.blocked === 1;
  const reason = patch.blocked_reason !== undefined ? patch.blocked_reason : card.blocked_reason;
  if (willBeBlocked && !reason?.trim()) {
    throw new AppError('validation_failed', 'Say what blocks this card, so it can be removed.', { fields: { blockedReason: 'Say what blocks this card.' } });
  }
  if (patch.owner_id !== undefined) await ensureOwner(trx, card.engagement_id, patch.owner_id);
  if (patch.parent_id !== undefined) await ensureParent(trx, card.engagement_id, patch.parent_id, card.id);
  if (patch.type === 'goal' && card.parent_id && patch.parent_id === undefined) patch.parent_id = null;
  let eventType: 'card.updated' | 'card.archived' | 'card.restored' = 'card.updated';
  if (body.archived !== undefined && body.archived !== (card.archived_at !== null)) {
    patch.archived_at = body.archived ? nowIso() : null;
    eventType = body.archived ? 'card.archived' : 'card.restored';
    changes.push('archived');
  }
  if (changes.length === 0) return { card: presentCard(card, { commentCount: await commentCount(trx, card.id) }), engagementId: card.engagement_id };
  const now = nowIso();
  patch.version = card.version + 1;
  patch.updated_at = now;
  if (!(await updateCardIfVersion(trx, card.id, card.version, patch))) throw staleVersion((await findCard(trx, card.id)) ?? card);
  const next = { ...card, ...patch } as CardsTable;
  const children = next.type === 'goal' ? (await childProgress(trx, card.engagement_id, [card.id])).get(card.id) : undefined;
  const updated = presentCard(next, { commentCount: await commentCount(trx, card.id), children });
  await recordEvent(trx, {
    engagementId: card.engagement_id,
    type: eventType,
    actorId: actor.membership.userId,
    entityId: card.id,
    payload: { card: updated, changes },
    createdAt: now,
  });
  return { card: updated, engagementId: card.engagement_id };
}

export function updateCard(db: Kysely<Database>, cardId: string, actor: Actor, body: UpdateCardBody): Promise<{ card: Card; engagementId: string }> {
  return writeTransaction(db, actor.engagementId, (trx) => updateCardInTransaction(trx, cardId, actor, body));
}
