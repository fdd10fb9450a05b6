import type { Kysely, Transaction } from 'kysely';
import type { CoachingSessionsTable, CommitmentsTable, Database, SessionSeriesTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function findSession(db: Q, id: string) {
  return db.selectFrom('coaching_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSessions(db: Q, rows: CoachingSessionsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('coaching_sessions').values(rows).execute();
}

export async function updateSessionRow(db: Q, id: string, patch: Partial<Omit<CoachingSessionsTable, 'id'>>): Promise<void> {
  await db.updateTable('coaching_sessions').set(patch).where('id', '=', id).execute();
}

/** Every session of an engagement, in time order. */
export function listSessions(db: Q, engagementId: string) {
  return db.selectFrom('coaching_sessions').selectAll().where('engagement_id', '=', engagementId).orderBy('starts_at').orderBy('id').execute();
}

/** Sessions of a series from an instant on (this one and the following). */
export function listSeriesFrom(db: Q, seriesId: string, fromStartsAt: string) {
  return db.selectFrom('coaching_sessions').selectAll().where('series_id', '=', seriesId).where('starts_at', '>=', fromStartsAt).orderBy('starts_at').execute();
}

export function findSeries(db: Q, id: string) {
  return db.selectFrom('session_series').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSeries(db: Q, row: SessionSeriesTable): Promise<void> {
  await db.insertInto('session_series').values(row).execute();
}

export async function updateSeries(db: Q, id: string, patch: Partial<Omit<SessionSeriesTable, 'id'>>): Promise<void> {
  await db.updateTable('session_series').set(patch).where('id', '=', id).execute();
}

/** The next scheduled session of an engagement after an instant. */
export function nextScheduledSession(db: Q, engagementId: string, afterStartsAt: string, exceptId?: string) {
  let q = db
    .selectFrom('coaching_sessions')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'scheduled')
    .where('stage', 'is', null)
    .where('starts_at', '>', afterStartsAt);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.orderBy('starts_at').limit(1).executeTakeFirst();
}

// Notes ------------------------------------------------------------------------------------------

/** One kind of note of a session. Private notes are read only by coach-only code paths. */
export function findNote(db: Q, sessionId: string, visibility: 'shared' | 'private') {
  return db
    .selectFrom('session_notes')
    .leftJoin('users', 'users.id', 'session_notes.updated_by')
    .select(['session_notes.body', 'session_notes.updated_at', 'session_notes.updated_by', 'users.name as updated_by_name'])
    .where('session_notes.session_id', '=', sessionId)
    .where('session_notes.visibility', '=', visibility)
    .executeTakeFirst();
}

export async function upsertNote(db: Q, sessionId: string, visibility: 'shared' | 'private', body: string, userId: string, now: string): Promise<void> {
  await db
    .insertInto('session_notes')
    .values({ session_id: sessionId, visibility, body, updated_by: userId, updated_at: now })
    .onConflict((oc) => oc.columns(['session_id', 'visibility']).doUpdateSet({ body, updated_by: userId, updated_at: now }))
    .execute();
}

// WIFLE ------------------------------------------------------------------------------------------

export function listParticipants(db: Q, sessionId: string) {
  return db
    .selectFrom('session_participants')
    .innerJoin('users', 'users.id', 'session_participants.user_id')
    .select([
      'session_participants.user_id',
      'users.name',
      'session_participants.wifle_note',
      'session_participants.wifle_done_at',
      'session_participants.agreed_at',
    ])
    .where('session_participants.session_id', '=', sessionId)
    .execute();
}

export async function upsertParticipant(
  db: Q,
  sessionId: string,
  userId: string,
  patch: { wifle_note?: string; wifle_done_at?: string | null; agreed_at?: string | null },
  now: string,
) {
  await db
    .insertInto('session_participants')
    .values({
      session_id: sessionId,
      user_id: userId,
      wifle_note: patch.wifle_note ?? '',
      wifle_done_at: patch.wifle_done_at ?? null,
      agreed_at: patch.agreed_at ?? null,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet({ ...patch, updated_at: now }))
    .execute();
}

// Commitments ------------------------------------------------------------------------------------

/** Commitments made in a session, with the card's current column kind and owner name. */
export function listCommitmentsOfSession(db: Q, sessionId: string) {
  return db
    .selectFrom('commitments')
    .innerJoin('cards', 'cards.id', 'commitments.card_id')
    .innerJoin('board_columns', 'board_columns.id', 'cards.column_id')
    .leftJoin('users', 'users.id', 'cards.owner_id')
    .select([
      'commitments.id',
      'commitments.session_id',
      'commitments.card_id',
      'commitments.title',
      'commitments.owner_id',
      'commitments.due_on',
      'commitments.review_result',
      'commitments.review_session_id',
      'commitments.review_column_kind',
      'commitments.reviewed_at',
      'commitments.created_at',
      'cards.title as card_title',
      'cards.owner_id as card_owner_id',
      'cards.due_on as card_due_on',
      'cards.version as card_version',
      'cards.archived_at as card_archived_at',
      'board_columns.kind as column_kind',
      'board_columns.name as column_name',
      'users.name as owner_name',
    ])
    .where('commitments.session_id', '=', sessionId)
    .orderBy('commitments.created_at')
    .execute();
}

/** Commitments reviewed when a session started. */
export function listReviewedIn(db: Q, sessionId: string) {
  return db
    .selectFrom('commitments')
    .leftJoin('users', 'users.id', 'commitments.owner_id')
    .select([
      'commitments.id',
      'commitments.card_id',
      'commitments.title',
      'commitments.due_on',
      'commitments.review_result',
      'commitments.review_column_kind',
      'commitments.session_id',
      'users.name as owner_name',
    ])
    .where('commitments.review_session_id', '=', sessionId)
    .orderBy('commitments.created_at')
    .execute();
}

/** Commitments of the engagement's closed sessions that no session has reviewed yet. */
export function listUnreviewed(db: Q, engagementId: string, exceptSessionId: string) {
  return db
    .selectFrom('commitments')
    .innerJoin('coaching_sessions', 'coaching_sessions.id', 'commitments.session_id')
    .leftJoin('cards', 'cards.id', 'commitments.card_id')
    .leftJoin('board_columns', 'board_columns.id', 'cards.column_id')
    .select(['commitments.id', 'cards.archived_at', 'board_columns.kind as column_kind'])
    .where('commitments.engagement_id', '=', engagementId)
    .where('commitments.review_result', 'is', null)
    .where('coaching_sessions.stage', '=', 'recap')
    .where('commitments.session_id', '!=', exceptSessionId)
    .execute();
}

export async function insertCommitment(db: Q, row: CommitmentsTable): Promise<boolean> {
  const r = await db
    .insertInto('commitments')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'card_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateCommitment(db: Q, id: string, patch: Partial<Omit<CommitmentsTable, 'id'>>): Promise<void> {
  await db.updateTable('commitments').set(patch).where('id', '=', id).execute();
}

export async function deleteCommitment(db: Q, sessionId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('commitments').where('id', '=', id).where('session_id', '=', sessionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Commitment reliability per session (kept ÷ made, over reviewed commitments), for one engagement:
 * what the metrics read. Sessions whose commitments aren't reviewed yet have reviewed = 0.
 */
export async function commitmentStats(db: Q, engagementId: string): Promise<Map<string, { made: number; kept: number; missed: number }>> {
  const rows = await db
    .selectFrom('commitments')
    .select(['session_id', 'review_result', db.fn.countAll<number>().as('n')])
    .where('engagement_id', '=', engagementId)
    .groupBy(['session_id', 'review_result'])
    .execute();
  const out = new Map<string, { made: number; kept: number; missed: number }>();
  for (const r of rows) {
    const s = out.get(r.session_id) ?? { made: 0, kept: 0, missed: 0 };
    const n = Number(r.n);
    s.made += n;
    if (r.review_result === 'kept') s.kept += n;
    if (r.review_result === 'missed') s.missed += n;
    out.set(r.session_id, s);
  }
  return out;
}

// Events of a session's window (for commitments and the recap) ----------------------------------

/** Card events of an engagement between two instants, oldest first. */
export function cardEventsBetween(db: Q, engagementId: string, from: string, to: string) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'actor_id', 'entity_id', 'payload', 'created_at'])
    .where('engagement_id', '=', engagementId)
    .where('entity_type', '=', 'card')
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .orderBy('id')
    .execute();
}
