import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { liveApiTokenIds } from '../db/queries/api-tokens.js';
import { liveAuthSessionIds } from '../db/queries/auth-sessions.js';
import type { Database } from '../db/schema.js';
import { nowIso } from '../lib/ids.js';
import { type LoginLifetime, oldestLiveSessionStart } from '../services/auth/session-lifetime.js';

/** The login a long-lived response (a live stream) was opened with. */
export type WatchedLogin = { kind: 'session'; id: string } | { kind: 'token'; id: string };

/**
 * Ends long-lived responses when the login they were opened with ends: logout, expiry (idle or
 * absolute), a password reset or change, a revoked API token. Each instance keeps its own open streams
 * and checks their logins against the database in one query, every few seconds and at once after it
 * ended logins itself; so a login ended through any instance, or simply expired, closes its streams
 * everywhere within the interval, with no signal between instances to lose.
 */
export interface LoginWatch {
  /** Watches a login; `onEnd` runs once if it ends. Returns the function that stops watching. */
  watch(login: WatchedLogin, onEnd: () => void): () => void;
  /** Checks every watched login now; call after ending logins so this instance's streams close at once. */
  recheck(): Promise<void>;
  /** How many logins are watched (streams open on this instance). */
  size(): number;
  close(): void;
}

interface Entry {
  login: WatchedLogin;
  onEnd: () => void;
}

export function createLoginWatch(db: Kysely<Database>, opts: LoginLifetime & { intervalMs: number }, log: FastifyBaseLogger): LoginWatch {
  const entries = new Set<Entry>();
  let current: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;

  async function checkOnce(): Promise<void> {
    if (entries.size === 0) return;
    const snapshot = [...entries];
    const sessionIds = new Set<string>();
    const tokenIds = new Set<string>();
    for (const e of snapshot) (e.login.kind === 'session' ? sessionIds : tokenIds).add(e.login.id);
    const [sessions, tokens] = await Promise.all([
      sessionIds.size ? liveAuthSessionIds(db, [...sessionIds], nowIso(), oldestLiveSessionStart(opts)) : new Set<string>(),
      tokenIds.size ? liveApiTokenIds(db, [...tokenIds]) : new Set<string>(),
    ]);
    for (const e of snapshot) {
      const live = e.login.kind === 'session' ? sessions.has(e.login.id) : tokens.has(e.login.id);
      if (live || !entries.delete(e)) continue;
      try {
        e.onEnd();
      } catch (err) {
        log.warn({ err }, 'Closing a stream whose login ended failed');
      }
    }
  }

  // One check at a time; callers arriving while one waits to start share it, so a burst of logouts costs one query.
  function recheck(): Promise<void> {
    if (entries.size === 0) return Promise.resolve();
    if (queued) return queued;
    const next = current.then(async () => {
      queued = null;
      try {
        await checkOnce();
      } catch (err) {
        log.error({ err }, 'Checking the logins of live streams failed');
      }
    });
    queued = next;
    current = next;
    return next;
  }

  const timer = opts.intervalMs > 0 ? setInterval(() => void recheck(), opts.intervalMs) : null;
  timer?.unref();

  return {
    watch(login, onEnd) {
      const entry = { login, onEnd };
      entries.add(entry);
      return () => {
        entries.delete(entry);
      };
    },
    recheck,
    size: () => entries.size,
    close() {
      if (timer) clearInterval(timer);
      entries.clear();
    },
  };
}
