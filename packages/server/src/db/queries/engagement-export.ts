import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The activity log of an engagement for these audiences, oldest first. */
export function listEventsFor(db: Q, engagementId: string, audiences: string[]) {
  return db
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_id')
    .select([
      'events.id',
      'events.type',
      'events.entity_type',
      'events.entity_id',
      'events.payload',
      'events.created_at',
      'events.actor_id',
      'users.name as actor_name',
    ])
    .where('events.engagement_id', '=', engagementId)
    .where('events.audience', 'in', audiences)
    .orderBy('events.id')
    .execute();
}

/** Every card comment of an engagement with its author's name, oldest first. */
export function listEngagementComments(db: Q, engagementId: string) {
  return (
    db
      .selectFrom('card_comments')
      .innerJoin('users', 'users.id', 'card_comments.author_id')
      .select(['card_comments.id', 'card_comments.card_id', 'card_comments.body', 'card_comments.created_at', 'card_comments.author_id'])
      // An imported comment shows its author from the source.
      .select(sql<string>`coalesce(card_comments.imported_author, users.name)`.as('author_name'))
      .where('card_comments.engagement_id', '=', engagementId)
      .orderBy('card_comments.created_at')
      .execute()
  );
}

export function listEngagementContracts(db: Q, engagementId: string) {
  return db.selectFrom('contracts').selectAll().where('engagement_id', '=', engagementId).orderBy('created_at').orderBy('version').execute();
}

export function listEngagementSignatures(db: Q, engagementId: string) {
  return db
    .selectFrom('contract_signatures')
    .innerJoin('users', 'users.id', 'contract_signatures.user_id')
    .select([
      'contract_signatures.contract_id',
      'contract_signatures.user_id',
      'users.name',
      'contract_signatures.typed_name',
      'contract_signatures.signed_at',
      'contract_signatures.content_sha256',
    ])
    .where('contract_signatures.engagement_id', '=', engagementId)
    .orderBy('contract_signatures.signed_at')
    .execute();
}

export function listEngagementSessions(db: Q, engagementId: string) {
  return db.selectFrom('coaching_sessions').selectAll().where('engagement_id', '=', engagementId).orderBy('starts_at').execute();
}

/** Session notes of an engagement of the given visibilities. */
export function listEngagementNotes(db: Q, engagementId: string, visibilities: string[]) {
  return db
    .selectFrom('session_notes')
    .innerJoin('coaching_sessions', 'coaching_sessions.id', 'session_notes.session_id')
    .select(['session_notes.session_id', 'session_notes.visibility', 'session_notes.body', 'session_notes.updated_at'])
    .where('coaching_sessions.engagement_id', '=', engagementId)
    .where('session_notes.visibility', 'in', visibilities)
    .execute();
}

export function listEngagementCommitments(db: Q, engagementId: string) {
  return db.selectFrom('commitments').selectAll().where('engagement_id', '=', engagementId).orderBy('created_at').execute();
}
