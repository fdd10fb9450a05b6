import { dateOfDay, dayInZone, dayOfDate } from './calendar.js';
import { aging, blockedCount, cumulativeFlow, cycleTimes, throughput, wins, wipSeries } from './flow.js';
import { commitmentReliability, contractJourney, goalProgress } from './outcomes.js';
import { replayLog } from './replay.js';
import type { EngagementMetrics, MetricsInput } from './types.js';

/**
 * Every measurable result of one engagement from its activity log, in one replay of the log.
 * Pure: the caller reads the events, columns, cards, commitments and contract, and passes `now`.
 */
export function computeAllMetrics(input: MetricsInput): EngagementMetrics {
  const timeZone = input.timeZone ?? 'UTC';
  const dayOf = dayInZone(timeZone);
  const nowMs = typeof input.now === 'string' ? Date.parse(input.now) : input.now.getTime();
  const asOfDay = input.asOf ? dayOfDate(input.asOf) : Number.NaN;
  const toDay = Number.isNaN(asOfDay) ? dayOf(nowMs) : asOfDay;

  const r = replayLog(input.events, input.columns, input.cards, dayOf, toDay);
  const cycleTime = cycleTimes(r);
  return {
    asOf: dateOfDay(toDay),
    timeZone,
    from: r.fromDay === null ? null : dateOfDay(r.fromDay),
    to: r.fromDay === null ? null : dateOfDay(toDay),
    wip: wipSeries(r),
    cycleTime,
    throughput: throughput(r),
    aging: aging(r, input.columns, cycleTime.percentiles.p85.value),
    cfd: cumulativeFlow(r, input.columns),
    commitments: commitmentReliability(input.commitments ?? []),
    goals: goalProgress(r),
    contract: contractJourney(r, input.contract),
    wins: wins(r),
    blockedCards: blockedCount(r),
  };
}
