import { type Card, type CardType, type ChecklistItem, readinessGaps } from '@carriage/core';
import type { CardsTable } from '../../db/schema.js';

function parseJson<T>(raw: string, fallback: T): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

/** The API shape of a card, with what it lacks to be ready. */
export function presentCard(c: CardsTable, extra: { commentCount?: number; children?: { total: number; done: number } } = {}): Card {
  const definitionOfDone = parseJson<ChecklistItem[]>(c.definition_of_done, []);
  const type = c.type as CardType;
  const card: Card = {
    id: c.id,
    engagementId: c.engagement_id,
    columnId: c.column_id,
    type,
    title: c.title,
    description: c.description,
    definitionOfDone,
    ownerId: c.owner_id,
    dueOn: c.due_on,
    eventAt: c.event_at,
    eventPlace: c.event_place,
    labels: parseJson<string[]>(c.labels, []),
    blocked: c.blocked === 1,
    blockedReason: c.blocked_reason,
    parentId: c.parent_id,
    contractId: c.contract_id,
    deliverableId: c.deliverable_id,
    position: c.position,
    version: c.version,
    wipOverrideReason: c.wip_override_reason,
    sentBackReason: c.sent_back_reason ?? null,
    archivedAt: c.archived_at,
    createdBy: c.created_by,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    columnEnteredAt: c.column_entered_at,
    startedAt: c.started_at,
    finishedAt: c.finished_at,
    missing: readinessGaps({ type, ownerId: c.owner_id, definitionOfDone, dueOn: c.due_on, parentId: c.parent_id }),
    commentCount: extra.commentCount ?? 0,
  };
  if (type === 'goal') card.children = extra.children ?? { total: 0, done: 0 };
  return card;
}
