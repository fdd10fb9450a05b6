import type { Kysely } from 'kysely';
import { insertAuthSession } from '../../db/queries/auth-sessions.js';
import type { Database } from '../../db/schema.js';
import { hashSecret, newSecret, nowIso } from '../../lib/ids.js';
import { type LoginLifetime, sessionExpiry } from './session-lifetime.js';

/** Opens a server-side session; returns the cookie secret (stored only hashed), its CSRF token and when it expires. */
export async function startSession(
  db: Kysely<Database>,
  userId: string,
  meta: { userAgent?: string; ip?: string; lifetime: LoginLifetime },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const now = nowIso();
  const expiresAt = sessionExpiry(meta.lifetime, now, Date.parse(now));
  await insertAuthSession(db, {
    id: hashSecret(token),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
  });
  return { token, csrfToken, expiresAt };
}
