import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { deleteUserSessions } from '../../db/queries/auth-sessions.js';
import { findPasswordReset, insertPasswordReset, usePasswordReset } from '../../db/queries/password-resets.js';
import { findUserByEmail, updateUser } from '../../db/queries/users.js';
import type { Database } from '../../db/schema.js';
import { hashSecret, isoFromNow, newId, newSecret, nowIso } from '../../lib/ids.js';
import type { Mailer } from '../../plugins/mailer.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { hashPassword } from './passwords.js';

const RESET_TTL_MS = 60 * 60_000;

/**
 * Asks for a reset link: queues a `password-reset` job for the address, whether or not it has an account,
 * so the answer takes the same work, and the same time, either way. The worker looks the account up.
 */
export async function requestPasswordReset(db: Kysely<Database>, email: string): Promise<void> {
  await enqueueJob(db, { kind: 'password-reset', payload: { email } });
}

/** Run by the worker: emails a single-use reset link valid for an hour, if the address has an account (otherwise nothing). */
export async function sendPasswordReset(db: Kysely<Database>, mailer: Mailer, publicUrl: string, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const token = newSecret();
  await insertPasswordReset(db, {
    id: newId(),
    user_id: user.id,
    token_hash: hashSecret(token),
    created_at: nowIso(),
    expires_at: isoFromNow(RESET_TTL_MS),
    used_at: null,
  });
  const link = `${publicUrl}/reset-password#token=${token}`;
  await mailer.send({
    to: user.email,
    subject: 'Reset your Carriage password',
    text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Carriage account.\nChoose a new password here within the next hour:\n\n${link}\n\nThe link works once. If you did not ask for this, ignore this email; your password stays as it is.\n`,
  });
}

/** Sets a new password from a reset link, uses the link up, and ends every session of the account. */
export async function confirmPasswordReset(db: Kysely<Database>, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const reset = await findPasswordReset(trx, hashSecret(token));
    const invalid = 'This reset link is not valid. Ask for a new one from the log-in page.';
    if (!reset) throw new AppError('link_invalid', invalid);
    if (reset.used_at) throw new AppError('link_invalid', 'This reset link has already been used. Ask for a new one from the log-in page.');
    if (reset.expires_at <= nowIso())
      throw new AppError('link_invalid', 'This reset link has expired (links last one hour). Ask for a new one from the log-in page.');
    if (!(await usePasswordReset(trx, reset.id, nowIso()))) throw new AppError('link_invalid', invalid);
    await updateUser(trx, reset.user_id, { password_hash: passwordHash, updated_at: nowIso() });
    await deleteUserSessions(trx, reset.user_id);
  });
}
