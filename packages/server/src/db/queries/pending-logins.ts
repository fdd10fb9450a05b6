import type { Kysely, Transaction } from 'kysely';
import type { Database, PendingLoginsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Stores a pending login (its id is the hash of the cookie secret) and clears the user's expired ones. */
export async function insertPendingLogin(db: Q, row: PendingLoginsTable): Promise<void> {
  await db.deleteFrom('pending_logins').where('user_id', '=', row.user_id).where('expires_at', '<=', row.created_at).execute();
  await db.insertInto('pending_logins').values(row).execute();
}

/** The pending login with this id hash, if it is unused and not expired. */
export function findLivePendingLogin(db: Q, idHash: string, now: string) {
  return db.selectFrom('pending_logins').selectAll().where('id', '=', idHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
}

/** Uses a pending login up, only if it still was unused: returns whether this call used it. */
export async function usePendingLogin(db: Q, idHash: string, now: string): Promise<boolean> {
  const r = await db.updateTable('pending_logins').set({ used_at: now }).where('id', '=', idHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends every pending login of a user (two-factor turned off, password changed). */
export async function deleteUserPendingLogins(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('pending_logins').where('user_id', '=', userId).execute();
}
