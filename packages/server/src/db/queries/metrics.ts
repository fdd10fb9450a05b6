import { flowEventTypes } from '@carriage/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** One step of a card's flow as `listFlowSteps` reads it. */
export interface FlowStepRow {
  id: number;
  type: string;
  created_at: string;
  card_id: string;
  /** Where the card was created, moved to or restored to; null for an archive. */
  column_id: string | null;
  /** The kind of column it was created in or moved to, as the event recorded it. */
  kind: string | null;
  /** Where a move came from (only with `withFrom`). */
  from_column_id?: string | null;
}

/**
 * The card events the flow metrics replay, oldest first: where a card was created, moved or restored to
 * and that column's kind, read from the plain flow columns `recordEvent` writes beside the payload (and
 * migration 019 filled for older events), never from the JSON. The partial index `events_flow` covers
 * every column read, so the payloads are not touched. An event's entity is its card.
 */
export async function listFlowSteps(db: Q, engagementId: string, opts: { withFrom?: boolean } = {}): Promise<FlowStepRow[]> {
  const { rows } = await sql<FlowStepRow>`
    select id, type, created_at, entity_id as card_id, to_column_id as column_id, to_kind as kind
      ${opts.withFrom ? sql`, from_column_id` : sql``}
    from events
    where engagement_id = ${engagementId} and entity_type = 'card' and type in (${sql.join(flowEventTypes.map((t) => sql.lit(t)))})
    order by id`.execute(db);
  return rows;
}

/** The id of the engagement's latest event (0 before any): what the computed results are kept against. */
export async function latestEventId(db: Q, engagementId: string): Promise<number> {
  const r = await db.selectFrom('events').select(db.fn.max('id').as('max')).where('engagement_id', '=', engagementId).executeTakeFirst();
  return Number(r?.max ?? 0);
}

/** Whole payloads of the given events, by id (for cards whose row is gone: their snapshot names them). */
export async function listEventPayloads(db: Q, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'payload'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(Number(r.id), r.payload);
  }
  return out;
}

/** Every card of an engagement, archived ones too (their history still counts). */
export function listAllCards(db: Q, engagementId: string) {
  return db.selectFrom('cards').selectAll().where('engagement_id', '=', engagementId).orderBy('created_at').orderBy('id').execute();
}

/** Every card of an engagement with only what the metrics read, archived ones too. */
export function listMetricCards(db: Q, engagementId: string) {
  return db
    .selectFrom('cards')
    .select(['id', 'type', 'title', 'parent_id', 'blocked', 'deliverable_id'])
    .where('engagement_id', '=', engagementId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Commitments with the start of the session that made them and how they were reviewed. */
export function listCommitmentReviews(db: Q, engagementId: string) {
  return db
    .selectFrom('commitments')
    .innerJoin('coaching_sessions', 'coaching_sessions.id', 'commitments.session_id')
    .select(['commitments.id', 'commitments.session_id', 'commitments.review_result', 'coaching_sessions.starts_at'])
    .where('commitments.engagement_id', '=', engagementId)
    .orderBy('coaching_sessions.starts_at')
    .execute();
}

/** The sessions of an engagement in time order (any status). */
export function listSessionsInOrder(db: Q, engagementId: string) {
  return db
    .selectFrom('coaching_sessions')
    .select(['id', 'starts_at', 'ends_at', 'status'])
    .where('engagement_id', '=', engagementId)
    .orderBy('starts_at')
    .execute();
}

/** The contract in force: the most recently signed one (signed, active or ended), if any. */
export function findContractInForce(db: Q, engagementId: string) {
  return db
    .selectFrom('contracts')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', 'in', ['signed', 'active', 'ended'])
    .orderBy('signed_at', 'desc')
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

/** Ids of the goal cards shared with the sponsor. */
export async function sharedGoalIds(db: Q, engagementId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('goal_sharing').select('card_id').where('engagement_id', '=', engagementId).execute();
  return new Set(rows.map((r) => r.card_id));
}

export async function shareGoalRow(db: Q, row: { card_id: string; engagement_id: string; shared_by: string; shared_at: string }): Promise<boolean> {
  const exists = await db.selectFrom('goal_sharing').select('card_id').where('card_id', '=', row.card_id).executeTakeFirst();
  if (exists) return false;
  await db.insertInto('goal_sharing').values(row).execute();
  return true;
}

export async function unshareGoalRow(db: Q, cardId: string): Promise<boolean> {
  const r = await db.deleteFrom('goal_sharing').where('card_id', '=', cardId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The engagements a user coaches, with the coach's time zone. */
export function listCoachedEngagements(db: Q, userId: string) {
  return db
    .selectFrom('engagement_members as m')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .innerJoin('users as coach', 'coach.id', 'e.coach_id')
    .selectAll('e')
    .select(['coach.time_zone as coach_time_zone', 'coach.name as coach_name'])
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'coach')
    .where('e.archived_at', 'is', null)
    .orderBy('e.created_at', 'desc')
    .execute();
}

/** The coach's time zone: the calendar the engagement's days are counted in. */
export async function coachTimeZone(db: Q, coachId: string): Promise<string> {
  const r = await db.selectFrom('users').select('time_zone').where('id', '=', coachId).executeTakeFirst();
  return r?.time_zone ?? 'UTC';
}
