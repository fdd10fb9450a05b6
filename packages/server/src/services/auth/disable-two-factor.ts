import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { deleteUserPendingLogins } from '../../db/queries/pending-logins.js';
import { deleteTwoFactor, hasTwoFactorEnabled } from '../../db/queries/two-factor.js';
import type { Database } from '../../db/schema.js';
import { confirmCode, confirmPassword } from './check-second-factor.js';

/** Turns two-factor off after the password and a code; the secret and recovery codes are deleted. */
export async function disableTwoFactor(db: Kysely<Database>, userId: string, password: string, code: string): Promise<void> {
  await confirmPassword(db, userId, password);
  await db.transaction().execute(async (trx) => {
    if (!(await hasTwoFactorEnabled(trx, userId))) throw new AppError('conflict', 'Two-factor authentication is already off.');
    await confirmCode(trx, userId, code);
    await deleteTwoFactor(trx, userId);
    await deleteUserPendingLogins(trx, userId);
  });
}
