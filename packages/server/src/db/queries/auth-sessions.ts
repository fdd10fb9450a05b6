import type { Kysely, Transaction } from 'kysely';
import type { AuthSessionsTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertAuthSession(db: Q, row: AuthSessionsTable): Promise<void> {
  await db.insertInto('auth_sessions').values(row).execute();
}

/** The live session with this id hash, joined with its user. */
export function findAuthSession(db: Q, idHash: string, now: string) {
  return db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .select([
      'auth_sessions.id as sessionId',
      'auth_sessions.csrf_token',
      'auth_sessions.expires_at',
      'auth_sessions.last_seen_at',
      'users.id',
      'users.name',
      'users.email',
      'users.time_zone',
      'users.created_at',
    ])
    .where('auth_sessions.id', '=', idHash)
    .where('auth_sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchAuthSession(db: Q, idHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('auth_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', idHash).execute();
}

export async function deleteAuthSession(db: Q, idHash: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('id', '=', idHash).execute();
}

/** Ends every session of a user (after a password change), except one to keep if given, and any log-in still waiting for its code. */
export async function deleteUserSessions(db: Q, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id', '!=', exceptIdHash);
  await q.execute();
  await db.deleteFrom('pending_logins').where('user_id', '=', userId).execute();
}
