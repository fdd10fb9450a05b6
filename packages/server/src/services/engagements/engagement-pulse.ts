import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { engagementCounts, type SessionPackage } from '../sessions/session-package.js';

/** What the engagement header and list show at a glance: the next session, the package, deliverables done. */
export interface EngagementPulse {
  nextSession: { id: string; startsAt: string; timeZone: string } | null;
  sessions: SessionPackage;
  deliverables: { done: number; total: number };
}

/** Reads the pulse of each engagement (a few indexed queries per engagement). */
export async function engagementPulses(db: Kysely<Database>, engagementIds: string[]): Promise<Map<string, EngagementPulse>> {
  const out = new Map<string, EngagementPulse>();
  if (engagementIds.length === 0) return out;
  const now = nowIso();
  const upcoming = await db
    .selectFrom('coaching_sessions')
    .select(['id', 'engagement_id', 'starts_at', 'time_zone'])
    .where('engagement_id', 'in', engagementIds)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .orderBy('starts_at')
    .execute();
  const next = new Map<string, { id: string; startsAt: string; timeZone: string }>();
  for (const s of upcoming) if (!next.has(s.engagement_id)) next.set(s.engagement_id, { id: s.id, startsAt: s.starts_at, timeZone: s.time_zone });
  // The same counts as Results, the sponsor report and the portfolio (one function in core each).
  const counts = await Promise.all(engagementIds.map((id) => engagementCounts(db, id)));
  engagementIds.forEach((id, i) => {
    out.set(id, { nextSession: next.get(id) ?? null, sessions: counts[i].sessions, deliverables: counts[i].deliverables });
  });
  return out;
}
