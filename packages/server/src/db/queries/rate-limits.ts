import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Counts one hit on a key in one statement, shared by every instance: a new key or an expired window
 * starts a fresh window at 1, a live one counts up. Returns the count and when the window ends.
 */
export async function hitRateLimit(db: Kysely<Database>, key: string, windowMs: number, nowMs: number): Promise<{ hits: number; windowEndsAt: number }> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, window_ends_at: nowMs + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        hits: eb
          .case()
          .when('rate_limits.window_ends_at', '<=', nowMs)
          .then(1)
          .else(eb('rate_limits.hits', '+', 1))
          .end(),
        window_ends_at: eb
          .case()
          .when('rate_limits.window_ends_at', '<=', nowMs)
          .then(nowMs + windowMs)
          .else(eb.ref('rate_limits.window_ends_at'))
          .end(),
      })),
    )
    .returning(['hits', 'window_ends_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowEndsAt: Number(row.window_ends_at) };
}

/** Forgets counters whose window has ended. */
export async function deleteExpiredRateLimits(db: Kysely<Database>, nowMs: number): Promise<number> {
  const r = await db.deleteFrom('rate_limits').where('window_ends_at', '<=', nowMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}
