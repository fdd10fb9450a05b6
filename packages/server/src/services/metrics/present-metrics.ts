import { canNameCard, canSeeGoal, type MetricsResponse, type Role, seesRedactedResults } from '@carriage/core';
import { EncodedBody } from '../../lib/encoded-body.js';
import type { EngagementResults } from './load-metrics.js';

export const NOT_SHARED = 'Not shared';

/** Whether a card may be named to this role: a sponsor sees only shared goals and the cards serving them. */
export function namedFor(r: EngagementResults, role: Role): (cardId: string) => boolean {
  return (cardId) => canNameCard({ role }, cardId, r);
}

/**
 * The metrics as a member sees them. A sponsor gets the same counts and charts (they are about the
 * flow, not its content) but only the goals the coachee shared, and cards outside them unnamed.
 */
export function presentMetrics(engagementId: string, r: EngagementResults, role: Role): MetricsResponse {
  const m = r.metrics;
  const named = namedFor(r, role);
  const title = <T extends { cardId: string; title: string }>(item: T): T => (named(item.cardId) ? item : { ...item, title: NOT_SHARED });
  const { attendance: _attendance, ...sessions } = r.sessions;
  return {
    engagementId,
    ...m,
    redacted: seesRedactedResults(role),
    cycleTime: { ...m.cycleTime, items: m.cycleTime.items.map(title) },
    aging: { ...m.aging, items: m.aging.items.map(title) },
    goals: m.goals
      .filter((g) => canSeeGoal({ role }, { shared: r.shared.has(g.cardId) }))
      .map((g) => ({ ...g, sharedWithSponsor: r.shared.has(g.cardId), measure: r.measures.get(g.cardId) ?? null })),
    wins: m.wins.filter((w) => named(w.cardId)),
    sessions,
  };
}

/**
 * The metrics response as JSON bytes, serialized once per computation, view (a sponsor's or a worker's)
 * and next session: a 5,000-card engagement's metrics are ~1.3 MB of JSON, and presenting and encoding
 * them cost far more than finding the kept results. Compressed at most once per encoding, too (see EncodedBody).
 */
export function metricsBody(engagementId: string, r: EngagementResults, role: Role): EncodedBody {
  const key = `metrics|${seesRedactedResults(role)}|${r.sessions.nextAt}`;
  let body = r.memo.get(key) as EncodedBody | undefined;
  if (!body) {
    body = new EncodedBody(Buffer.from(JSON.stringify(presentMetrics(engagementId, r, role))));
    r.memo.set(key, body);
  }
  return body;
}
