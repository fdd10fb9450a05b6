import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findLivePendingLogin, usePendingLogin } from '../../db/queries/pending-logins.js';
import { findUserById } from '../../db/queries/users.js';
import type { Database, UsersTable } from '../../db/schema.js';
import { hashSecret, nowIso } from '../../lib/ids.js';
import { checkSecondFactor, type SecondFactor } from './check-second-factor.js';

const expired = () => new AppError('login_expired', 'Your log-in timed out (the code step lasts 5 minutes). Enter your email and password again.');

/** The user id a pending-login secret stands for, while it is live (for rate limiting per account). */
export async function pendingLoginUserId(db: Kysely<Database>, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  return (await findLivePendingLogin(db, hashSecret(token), nowIso()))?.user_id ?? null;
}

/** The code step of a log-in: checks the code (or uses up a recovery code) and uses up the pending login. */
export async function finishTwoFactorLogin(db: Kysely<Database>, token: string | undefined, factor: SecondFactor): Promise<UsersTable> {
  if (!token) throw expired();
  const idHash = hashSecret(token);
  return db.transaction().execute(async (trx) => {
    const pending = await findLivePendingLogin(trx, idHash, nowIso());
    if (!pending) throw expired();
    const result = await checkSecondFactor(trx, pending.user_id, factor, { oncePerStep: true });
    if (result === 'reused') throw new AppError('invalid_code', 'That code has just been used. Wait for the next code in your app and enter it.');
    if (result === 'wrong') {
      throw new AppError(
        'invalid_code',
        'recoveryCode' in factor
          ? 'That recovery code is not right, or it has already been used. Check it, or use the code from your app.'
          : 'That code is not right. Enter the 6-digit code your app shows now.',
      );
    }
    if (!(await usePendingLogin(trx, idHash, nowIso()))) throw expired();
    const user = await findUserById(trx, pending.user_id);
    if (!user) throw expired();
    return user;
  });
}
