import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { hasTwoFactorEnabled } from '../../db/queries/two-factor.js';
import type { Database } from '../../db/schema.js';
import { confirmCode, confirmPassword } from './check-second-factor.js';
import { issueRecoveryCodes } from './issue-recovery-codes.js';

/** Replaces all recovery codes with ten new ones after the password and a code; the old ones stop working. */
export async function regenerateRecoveryCodes(db: Kysely<Database>, userId: string, password: string, code: string): Promise<string[]> {
  await confirmPassword(db, userId, password);
  return db.transaction().execute(async (trx) => {
    if (!(await hasTwoFactorEnabled(trx, userId))) throw new AppError('conflict', 'Turn on two-factor authentication first.');
    await confirmCode(trx, userId, code);
    return issueRecoveryCodes(trx, userId);
  });
}
