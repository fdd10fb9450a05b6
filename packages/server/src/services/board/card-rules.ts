import {
  AppError,
  type CardType,
  type ChecklistItem,
  type ColumnKind,
  can,
  checkWipLimit,
  columnRequiresReadiness,
  type EngagementSettings,
  type Membership,
  readinessGaps,
  readinessMessage,
} from '@carriage/core';
import type { Transaction } from 'kysely';
import { countCardsInColumn, findCard } from '../../db/queries/board.js';
import { findMembership } from '../../db/queries/engagements.js';
import type { BoardColumnsTable, CardsTable, Database } from '../../db/schema.js';
import { presentCard } from './present-card.js';

/** Refuses a write based on a stale version, answering with the card as it is now. */
export function staleVersion(current: CardsTable): AppError {
  return new AppError('stale_version', 'Someone else changed this card since you opened it. Review their change, then apply yours again.', {
    details: { current: presentCard(current) },
  });
}

/** Only the coach moves cards into Done unless the engagement lets coachees accept too. */
export function ensureMayEnterDone(membership: Membership, settings: EngagementSettings, from: ColumnKind | null, to: BoardColumnsTable): void {
  if (to.kind !== 'done' || from === 'done') return;
  if (!can(membership, 'card.acceptToDone', undefined, settings)) {
    throw new AppError('forbidden', `Only the coach accepts cards into ${to.name} in this engagement. Move it to Verify and accept it together in a session.`);
  }
}

/** The readiness rule: a card enters a doing column only when it has everything needed to deliver it. */
export function ensureReady(
  card: { type: string; owner_id: string | null; definition_of_done: string; due_on: string | null; parent_id: string | null },
  to: BoardColumnsTable,
): void {
  if (!columnRequiresReadiness(to.kind as ColumnKind)) return;
  const gaps = readinessGaps({
    type: card.type as CardType,
    ownerId: card.owner_id,
    definitionOfDone: JSON.parse(card.definition_of_done) as ChecklistItem[],
    dueOn: card.due_on,
    parentId: card.parent_id,
  });
  if (gaps.length) throw new AppError('not_ready', readinessMessage(gaps, to.name), { details: { missing: gaps } });
}

/** The WIP rule: refuses entering a full column unless an override reason is given. Returns the reason kept. */
export async function ensureWipRoom(trx: Transaction<Database>, to: BoardColumnsTable, overrideReason: string | undefined): Promise<string | null> {
  if (to.wip_limit === null) return null;
  const count = await countCardsInColumn(trx, to.id);
  const check = checkWipLimit({ name: to.name, wipLimit: to.wip_limit }, count);
  if (check.ok) return null;
  if (overrideReason) return overrideReason;
  throw new AppError('wip_limit_exceeded', check.message, { details: { limit: check.limit, count: check.count, columnId: to.id } });
}

/** An owner must be the coach or a coachee of the engagement. */
export async function ensureOwner(trx: Transaction<Database>, engagementId: string, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const m = await findMembership(trx, engagementId, ownerId);
  if (!m || m.role === 'sponsor') {
    throw new AppError('validation_failed', 'The owner must be the coach or a coachee of this engagement.', {
      fields: { ownerId: 'Choose the coach or a coachee as owner.' },
    });
  }
}

/** A parent must be a live goal card of the same engagement. */
export async function ensureParent(trx: Transaction<Database>, engagementId: string, parentId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentId) return;
  const parent = await findCard(trx, parentId);
  if (!parent || parent.engagement_id !== engagementId || parent.type !== 'goal' || parent.id === selfId) {
    throw new AppError('validation_failed', 'Link the card to a goal card of this board.', { fields: { parentId: 'Choose a goal card of this board.' } });
  }
}

/** Timestamps kept in step with the column a card enters, for flow metrics. */
export function flowStamps(card: Pick<CardsTable, 'started_at' | 'finished_at'>, to: ColumnKind, now: string): Pick<CardsTable, 'started_at' | 'finished_at'> {
  return {
    started_at: card.started_at ?? (to === 'doing' ? now : null),
    finished_at: to === 'done' ? (card.finished_at ?? now) : null,
  };
}

/** Normalizes a definition-of-done checklist, giving each item a stable id. */
export function normalizeChecklist(items: { id?: string; text: string; done?: boolean }[] | undefined, makeId: () => string): ChecklistItem[] {
  return (items ?? []).filter((i) => i.text.trim()).map((i) => ({ id: i.id || makeId(), text: i.text.trim(), done: i.done === true }));
}
