import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The card events the flow metrics replay, oldest first. */
export function listFlowEvents(db: Q, engagementId: string) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'payload', 'created_at'])
    .where('engagement_id', '=', engagementId)
    .where('entity_type', '=', 'card')
    .where('type', 'in', ['card.created', 'card.moved', 'card.archived', 'card.restored'])
    .orderBy('id')
    .execute();
}

/** Every card of an engagement, archived ones too (their history still counts). */
export function listAllCards(db: Q, engagementId: string) {
  return db.selectFrom('cards').selectAll().where('engagement_id', '=', engagementId).orderBy('created_at').orderBy('id').execute();
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
