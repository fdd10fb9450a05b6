import { type Kysely, sql, type Transaction } from 'kysely';
import type { Engine } from '../database.js';
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
 * The card events the flow metrics replay, oldest first, with only the payload fields they read: where
 * a card was created, moved or restored to and that column's kind. A `card.moved` payload carries the
 * whole card (~1.2 KB), and parsing 50,000 of them in JavaScript cost more than all the metrics
 * together; the database parses them instead and hands over a few short strings. An event's entity is
 * its card. PostgreSQL keeps payloads as text and parses each once for its top-level fields, in `json_to_record`.
 *
 * PostgreSQL's JSON parser refuses a `\ud800` escape that is not half of a pair (the whole payload, not
 * just the field), and JSON.stringify writes a lone surrogate in a title just so; SQLite reads it as it
 * is. Request bodies are made valid Unicode on the way in, but a payload written before that, or from a
 * string cut in half of an emoji, must not make the results unreadable: the few payloads holding a `\u`
 * escape at all have their surrogate escapes replaced by `\ufffd` before they are parsed (the fields read
 * here are ids and kinds, which never hold one).
 */
export async function listFlowSteps(db: Q, engine: Engine, engagementId: string, opts: { withFrom?: boolean } = {}): Promise<FlowStepRow[]> {
  const pg = engine === 'postgres';
  const top = (key: string) => (pg ? sql`p.${sql.ref(key)}` : sql`json_extract(e.payload, ${sql.lit(`$.${key}`)})`);
  // Only the few events that are not moves read the card; a `card json` field in the record would copy every card.
  const cardColumn = pg ? sql`(j.payload #>> '{card,columnId}')` : sql`json_extract(e.payload, '$.card.columnId')`;
  const from = pg
    ? sql`events e
        cross join lateral (select (case when strpos(e.payload, '\\u') = 0 then e.payload
          else regexp_replace(e.payload, '\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\\\ufffd', 'g') end)::json as payload) j
        cross join lateral json_to_record(j.payload) as p("toColumnId" text, "toKind" text, "columnKind" text, "fromColumnId" text)`
    : sql`events e`;
  const fromColumn = opts.withFrom ? sql`, case e.type when 'card.moved' then ${top('fromColumnId')} end as from_column_id` : sql``;
  const { rows } = await sql<FlowStepRow>`
    select e.id, e.type, e.created_at, e.entity_id as card_id,
      case e.type when 'card.moved' then coalesce(${top('toColumnId')}, ${cardColumn}) when 'card.archived' then null else ${cardColumn} end as column_id,
      case e.type when 'card.moved' then ${top('toKind')} when 'card.created' then ${top('columnKind')} end as kind
      ${fromColumn}
    from ${from}
    where e.engagement_id = ${engagementId} and e.entity_type = 'card'
      and e.type in ('card.created', 'card.moved', 'card.archived', 'card.restored')
    order by e.id`.execute(db);
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
