import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findTwoFactor, putPendingTwoFactor } from '../../db/queries/two-factor.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { enrollmentOf, newTotpSecret } from './totp.js';

/** Starts enrollment: a new secret kept server-side until a code from it is confirmed. */
export async function setUpTwoFactor(db: Kysely<Database>, user: { id: string; email: string }) {
  const secret = newTotpSecret();
  await db.transaction().execute(async (trx) => {
    if ((await findTwoFactor(trx, user.id))?.enabled_at) {
      throw new AppError('conflict', 'Two-factor authentication is already on. Turn it off first to move it to another authenticator app.');
    }
    await putPendingTwoFactor(trx, { user_id: user.id, secret, created_at: nowIso(), enabled_at: null, last_used_step: null });
  });
  return { secret, ...(await enrollmentOf(secret, user.email)) };
}
