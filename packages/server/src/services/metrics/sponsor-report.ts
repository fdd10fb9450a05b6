import { dateOfDay, type SponsorReport, sponsorReportShowsGoal } from '@carriage/core';
import type { EngagementsTable } from '../../db/schema.js';
import { loadEngagementResults, type ResultsSource } from './load-metrics.js';

/**
 * What the sponsor reads: the journey, the goals the coachee shared (with what was delivered under
 * each), sessions held and commitment reliability. Everyone who opens it sees the sponsor's view,
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
