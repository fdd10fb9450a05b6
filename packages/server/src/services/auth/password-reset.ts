import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findPasswordReset, insertPasswordReset, usePasswordReset } from '../../db/queries/password-resets.js';
import { findUserByEmail, setPasswordHash } from '../../db/queries/users.js';
import type { Database } from '../../db/schema.js';
import { hashSecret, isoFromNow, newId, newSecret, nowIso } from '../../lib/ids.js';
import type { Mailer } from '../../plugins/mailer.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { type EndedLogins, endLogins } from './end-logins.js';
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
  // A sample engagement's fictional member has an address nobody reads and no password to reset.
  if (!user || user.sample_engagement_id) return;
  const token = newSecret();
  await insertPasswordReset(db, {
    id: newId(),
    user_id: user.id,
    token_hash: hashSecret(token),
    created_at: nowIso(),
    expires_at: isoFromNow(RESET_TTL_MS),
    used_at: null,
    revoked_at: null,
  });
  const link = `${publicUrl}/reset-password#token=${token}`;
  await mailer.send({
    to: user.email,
    subject: 'Reset your Carriage password',
    text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Carriage account.\nChoose a new password here within the next hour:\n\n${link}\n\nThe link works once. If you did not ask for this, ignore this email; your password stays as it is.\n`,
  });
}

const invalid = () => new AppError('link_invalid', 'This reset link is not valid. Ask for a new one from the log-in page.');

/**
 * Sets a new password from a reset link and uses the link up. Everything that could still reach the
 * account ends with it: every session, every personal API token and every other open reset link (so an
 * older link stops working once a newer one was used). Returns the user, whose live streams the caller closes.
 */
export async function confirmPasswordReset(db: Kysely<Database>, token: string, password: string): Promise<{ userId: string; ended: EndedLogins }> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const reset = await findPasswordReset(trx, hashSecret(token));
    if (!reset) throw invalid();
    const now = nowIso();
    // The password is written first: it takes the account's row lock, so two links confirmed at once run one
    // after the other and the second finds itself withdrawn by the first (the whole transaction rolls back).
    if (!(await setPasswordHash(trx, reset.user_id, passwordHash, now))) throw invalid();
    const current = await findPasswordReset(trx, reset.token_hash);
    if (!current) throw invalid();
    if (current.used_at) throw new AppError('link_invalid', 'This reset link has already been used. Ask for a new one from the log-in page.');
    if (current.revoked_at)
      throw new AppError(
        'link_invalid',
        'This reset link no longer works: a newer link was used, or the password was changed since it was sent. Ask for a new one from the log-in page.',
      );
    if (current.expires_at <= now)
      throw new AppError('link_invalid', 'This reset link has expired (links last one hour). Ask for a new one from the log-in page.');
    if (!(await usePasswordReset(trx, current.id, now))) throw invalid();
    const ended = await endLogins(trx, current.user_id, now, { apiTokens: true });
    return { userId: current.user_id, ended };
  });
}
