import type { Kysely, Transaction } from 'kysely';
import type { Database, PasswordResetsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertPasswordReset(db: Q, row: PasswordResetsTable): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

export function findPasswordReset(db: Q, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a reset used, only if it still was unused: returns whether this call used it. */
export async function usePasswordReset(db: Q, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
