import type { Kysely, Transaction } from 'kysely';
import { revokeUserApiTokens } from '../../db/queries/api-tokens.js';
import { deleteUserSessions } from '../../db/queries/auth-sessions.js';
import { revokeOpenPasswordResets } from '../../db/queries/password-resets.js';
import type { Database } from '../../db/schema.js';

export interface EndedLogins {
  /** Sessions (browser logins) ended. */
  sessions: number;
  /** Personal API tokens revoked. */
  apiTokens: number;
}

/**
 * Ends what could still reach an account after its password changed: its sessions (but `keepSession`),
 * log-ins waiting for their second factor, every open reset link, and with `apiTokens` its API tokens.
 * Runs inside the caller's transaction; the caller then asks the login watch to close their live streams.
 */
export async function endLogins(
  trx: Transaction<Database> | Kysely<Database>,
  userId: string,
  now: string,
  opts: { keepSession?: string; apiTokens: boolean },
): Promise<EndedLogins> {
  const sessions = await deleteUserSessions(trx, userId, opts.keepSession);
  await revokeOpenPasswordResets(trx, userId, now);
  const apiTokens = opts.apiTokens ? await revokeUserApiTokens(trx, userId, now) : 0;
  return { sessions, apiTokens };
}
