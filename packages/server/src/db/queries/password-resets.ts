import type { Kysely, Transaction } from 'kysely';
import type { Database, PasswordResetsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertPasswordReset(db: Q, row: PasswordResetsTable): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

export function findPasswordReset(db: Q, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a reset used, only if it was still open (unused, not withdrawn, not expired): returns whether this call used it. */
export async function usePasswordReset(db: Q, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Withdraws every open reset link of a user: after a reset or a password change, older links must not work. */
export async function revokeOpenPasswordResets(db: Q, userId: string, now: string): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}
