import { dateOfDay, type GoalMeasureResult, type SponsorReport, sponsorReportShowsGoal } from '@carriage/core';
import type { EngagementsTable } from '../../db/schema.js';
import { loadEngagementResults, type ResultsSource } from './load-metrics.js';

/** A measure as the sponsor reads it: baseline, midpoint and latest with their dates, and the way to the target; no notes. */
function sponsorMeasure(m: GoalMeasureResult | undefined): SponsorReport['goals'][number]['measure'] {
  if (!m) return null;
  const p = m.progress;
  return {
    name: m.measure.name,
    unit: m.measure.unit,
    direction: m.measure.direction,
    target: m.measure.target,
    targetOn: m.measure.targetOn,
    baseline: p.baseline,
    midpoint: p.midpoint,
    latest: p.latest,
    share: p.share,
    reached: p.reached,
    trend: p.trend?.heading ?? null,
  };
}

/**
 * What the sponsor reads: the journey, the goals the coachee shared (with what was delivered under
 * each and their measure: baseline, midpoint, latest), sessions held and commitment reliability. Everyone who opens it sees the sponsor's view,
 * so the coachee can check what is shared.
 */
export async function buildSponsorReport(
  source: ResultsSource,
  engagement: EngagementsTable,
  names: { coachName: string; clientName: string },
  opts: { asOf?: string | null; now?: Date } = {},
): Promise<SponsorReport> {
  const r = await loadEngagementResults(source, engagement, opts);
  const m = r.metrics;
  const goals = m.goals
    .filter((g) => sponsorReportShowsGoal({ shared: r.shared.has(g.cardId) }))
    .map((g) => ({
      cardId: g.cardId,
      title: g.title,
      linked: g.linked,
      finished: g.finished,
      progress: g.progress,
      done: g.done,
      delivered: m.wins.filter((w) => r.parents.get(w.cardId) === g.cardId).map((w) => ({ title: w.title, finishedOn: w.finishedOn })),
      measure: sponsorMeasure(r.measures.get(g.cardId)),
    }));
  return {
    engagement: { id: engagement.id, title: engagement.title, clientName: names.clientName, coachName: names.coachName },
    asOf: dateOfDay(r.today),
    journey: m.contract
      ? {
          startsOn: m.contract.startsOn,
          endsOn: m.contract.endsOn,
          elapsedDays: m.contract.elapsedDays,
          totalDays: m.contract.totalDays,
          deliverables: { done: m.contract.deliverables.done, total: m.contract.deliverables.total },
        }
      : null,
    goals,
    sessions: r.sessions,
    commitments: m.commitments,
  };
}
