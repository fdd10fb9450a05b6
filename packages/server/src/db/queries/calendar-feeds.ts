import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** A user's calendar feed, if they have one. */
export function findCalendarFeed(db: Q, userId: string) {
  return db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The feed whose address holds the secret with this hash. */
export function findCalendarFeedByHash(db: Q, tokenHash: string) {
  return db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Gives a user a feed with a new secret; a previous address stops working. */
export async function replaceCalendarFeed(db: Q, userId: string, tokenHash: string, now: string): Promise<void> {
  await db
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token_hash: tokenHash, created_at: now, last_fetched_at: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: now, last_fetched_at: null }))
    .execute();
}

export async function deleteCalendarFeed(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
}

export async function markCalendarFeedFetched(db: Q, userId: string, now: string): Promise<void> {
  await db.updateTable('calendar_feeds').set({ last_fetched_at: now }).where('user_id', '=', userId).execute();
}
