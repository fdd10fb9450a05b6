import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findTwoFactor, markTwoFactorEnabled } from '../../db/queries/two-factor.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { issueRecoveryCodes } from './issue-recovery-codes.js';
import { matchTotp } from './totp.js';

/** Turns two-factor on once a current code proves the app holds the secret; returns the recovery codes (shown once). */
export async function enableTwoFactor(db: Kysely<Database>, userId: string, code: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const row = await findTwoFactor(trx, userId);
    if (row?.enabled_at) throw new AppError('conflict', 'Two-factor authentication is already on.');
    if (!row) throw new AppError('conflict', 'Start setting up two-factor authentication first, then enter the code your app shows.');
    if (matchTotp(row.secret, code) === null) {
      throw new AppError('validation_failed', 'That code does not match. Enter the code your app shows now; check that your phone’s clock is right.', {
        fields: { code: 'That code does not match the one your app shows now.' },
      });
    }
    if (!(await markTwoFactorEnabled(trx, userId, nowIso()))) throw new AppError('conflict', 'Two-factor authentication is already on.');
    return issueRecoveryCodes(trx, userId);
  });
}
