import type { Kysely } from 'kysely';
import { insertPendingLogin } from '../../db/queries/pending-logins.js';
import type { Database } from '../../db/schema.js';
import { hashSecret, newSecret } from '../../lib/ids.js';

/** How long the code step may take after the password was right. */
export const PENDING_LOGIN_TTL_MS = 5 * 60_000;

/** After a right password on an account with two-factor: a single-use secret for the code step (stored hashed). No session yet. */
export async function startPendingLogin(db: Kysely<Database>, userId: string): Promise<string> {
  const token = newSecret();
  const now = Date.now();
  await insertPendingLogin(db, {
    id: hashSecret(token),
    user_id: userId,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + PENDING_LOGIN_TTL_MS).toISOString(),
    used_at: null,
  });
  return token;
}
