import type { Kysely, Transaction } from 'kysely';
import type { AuthSessionsTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertAuthSession(db: Q, row: AuthSessionsTable): Promise<void> {
  await db.insertInto('auth_sessions').values(row).execute();
}

/** The live session with this id hash (not expired, and started after `startedAfter`), joined with its user. */
export function findAuthSession(db: Q, idHash: string, now: string, startedAfter: string) {
  return db
    .selectFrom('auth_sessions')
    .innerJoin('users', 'users.id', 'auth_sessions.user_id')
    .select([
      'auth_sessions.id as sessionId',
      'auth_sessions.csrf_token',
      'auth_sessions.created_at as sessionCreatedAt',
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
    .where('auth_sessions.created_at', '>', startedAfter)
    .executeTakeFirst();
}

/** Which of these session id hashes are still live, by the same rule as findAuthSession. */
export async function liveAuthSessionIds(db: Q, idHashes: string[], now: string, startedAfter: string): Promise<Set<string>> {
  const live = new Set<string>();
  for (let i = 0; i < idHashes.length; i += 500) {
    const rows = await db
      .selectFrom('auth_sessions')
      .select('id')
      .where('id', 'in', idHashes.slice(i, i + 500))
      .where('expires_at', '>', now)
      .where('created_at', '>', startedAfter)
      .execute();
    for (const r of rows) live.add(r.id);
  }
  return live;
}

export async function touchAuthSession(db: Q, idHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('auth_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', idHash).execute();
}

export async function deleteAuthSession(db: Q, idHash: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('id', '=', idHash).execute();
}

/**
 * Ends every session of a user (after a password change or reset), except one to keep if given, and any
 * log-in still waiting for its code. Returns how many sessions ended.
 */
export async function deleteUserSessions(db: Q, userId: string, exceptIdHash?: string): Promise<number> {
  let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id', '!=', exceptIdHash);
  const r = await q.executeTakeFirst();
  await db.deleteFrom('pending_logins').where('user_id', '=', userId).execute();
  return Number(r.numDeletedRows);
}
