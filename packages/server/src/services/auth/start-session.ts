import type { Kysely } from 'kysely';
import { insertAuthSession } from '../../db/queries/auth-sessions.js';
import type { Database } from '../../db/schema.js';
import { hashSecret, isoFromNow, newSecret, nowIso } from '../../lib/ids.js';

/** Opens a server-side session; returns the cookie secret (stored only hashed) and its CSRF token. */
export async function startSession(
  db: Kysely<Database>,
  userId: string,
  meta: { userAgent?: string; ip?: string; ttlDays: number },
): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const now = nowIso();
  await insertAuthSession(db, {
    id: hashSecret(token),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: isoFromNow(meta.ttlDays * 86_400_000),
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
  });
  return { token, csrfToken };
}
