import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Finds a user by (already lower-cased) email. */
export function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Q, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Q, user: UsersTable): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: Q, id: string, patch: Partial<Omit<UsersTable, 'id'>>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** The public shape of a user. */
export function presentUser(u: Pick<UsersTable, 'id' | 'name' | 'email' | 'time_zone' | 'created_at'>) {
  return { id: u.id, name: u.name, email: u.email, timeZone: u.time_zone, createdAt: u.created_at };
}

/**
 * Sets a user's password hash, and with `expectedHash` only while the password is still that one (a
 * change checked against the current password must not overwrite a reset that happened meanwhile).
 * As the first write of a recovery it also takes the user's row lock, so recoveries of one account
 * run one after another. Returns whether the password was set.
 */
export async function setPasswordHash(db: Q, id: string, passwordHash: string, now: string, expectedHash?: string): Promise<boolean> {
  let q = db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', id);
  if (expectedHash !== undefined) q = q.where('password_hash', '=', expectedHash);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
