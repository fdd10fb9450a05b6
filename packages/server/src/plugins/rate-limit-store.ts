import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Kysely } from 'kysely';
import { hitRateLimit } from '../db/queries/rate-limits.js';
import type { Database } from '../db/schema.js';
import { hashSecret } from '../lib/ids.js';

/**
 * A store for @fastify/rate-limit that keeps its counters in the database (`rate_limits`), so a limit
 * holds across every instance sharing it (its default store counts in each process's memory). Each route
 * counts separately; keys (an address, an email) are stored only as a hash.
 */
export function databaseRateLimitStore(db: Kysely<Database>): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = Date.now();
      hitRateLimit(db, hashSecret(`${this.prefix}${key}`), timeWindow, now).then(
        (r) => callback(null, { current: r.hits, ttl: Math.max(0, r.windowEndsAt - now) }),
        (err: Error) => callback(err),
      );
    }

    child(routeOptions: FastifyRateLimitOptions & { routeInfo?: { method?: unknown; url?: string } }): FastifyRateLimitStore {
      return new DatabaseStore(routeOptions, `${String(routeOptions.routeInfo?.method ?? '')} ${routeOptions.routeInfo?.url ?? ''}|`);
    }
  }
  return DatabaseStore;
}
