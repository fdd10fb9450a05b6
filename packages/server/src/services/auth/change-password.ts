import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findUserById, setPasswordHash } from '../../db/queries/users.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { type EndedLogins, endLogins } from './end-logins.js';
import { hashPassword, verifyPassword } from './passwords.js';

/**
 * Changes a password checked against the current one. The account's other sessions and every open reset
 * link end with it (a link asked for before the change must not undo it); its API tokens too when asked.
 * `keepSession` is the session the change was made from, which stays logged in.
 */
export async function changePassword(
  db: Kysely<Database>,
  userId: string,
  body: { currentPassword: string; newPassword: string; endApiTokens?: boolean },
  keepSession: string | null,
): Promise<EndedLogins> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
    throw new AppError('validation_failed', 'Your current password is not right.', { fields: { currentPassword: 'This is not your current password.' } });
  }
  const passwordHash = await hashPassword(body.newPassword);
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (!(await setPasswordHash(trx, userId, passwordHash, now, user.password_hash))) {
      throw new AppError('conflict', 'Your password was changed elsewhere a moment ago (by a reset link or another device). Log in again with the new one.');
    }
    return endLogins(trx, userId, now, { keepSession: keepSession ?? undefined, apiTokens: body.endApiTokens === true });
  });
}
