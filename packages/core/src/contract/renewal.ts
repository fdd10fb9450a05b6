import type { ContractContent } from '../schemas/contracts.js';

export const renewalLengths = [30, 60, 90] as const;
export type RenewalLength = (typeof renewalLengths)[number];

/** Adds days to a YYYY-MM-DD date (calendar arithmetic in UTC, so no time zone can shift it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The next plan's dates: from the day after the current end date, for `days` days. */
export function renewalDates(endsOn: string, days: RenewalLength): { startsOn: string; endsOn: string } {
  const startsOn = addDays(endsOn, 1);
  return { startsOn, endsOn: addDays(startsOn, days - 1) };
}

/**
 * The next plan's content: unfinished goals and deliverables carried forward (ids kept, so their cards
 * on the board stay linked), dates moved into the new period, same rate and terms, same signers.
 * `finished` holds the ids of goals and deliverables whose cards are all done (and, for a goal with a
 * measure, whose latest value reached its target: the caller decides).
 */
export function renewalContent(current: ContractContent, days: RenewalLength, finished: ReadonlySet<string>): ContractContent {
  if (!current.endsOn) throw new Error('A contract without an end date cannot be renewed');
  const { startsOn, endsOn } = renewalDates(current.endsOn, days);
  const deliverables = current.deliverables
    .filter((d) => !finished.has(d.id))
    .map((d) => ({ ...d, dueOn: d.dueOn && d.dueOn >= startsOn && d.dueOn <= endsOn ? d.dueOn : null }));
  const servedGoals = new Set(deliverables.map((d) => d.goalId).filter(Boolean));
  const goals = current.goals
    .filter((g) => !finished.has(g.id) || servedGoals.has(g.id))
    .map((g) => ({
      ...g,
      byWhen: g.byWhen && g.byWhen >= startsOn && g.byWhen <= endsOn ? g.byWhen : endsOn,
      // The measure goes on with its baseline (its check-ins stay with the goal's card); a target date that has passed moves to the new end.
      ...(g.measure ? { measure: { ...g.measure, targetOn: g.measure.targetOn >= startsOn ? g.measure.targetOn : endsOn } } : {}),
    }));
  const keptGoals = new Set(goals.map((g) => g.id));
  const base = current.title.replace(/\s*\(renewal[^)]*\)\s*$/i, '');
  return {
    ...current,
    title: `${base} (renewal, ${days} days)`,
    startsOn,
    endsOn,
    goals,
    deliverables: deliverables.map((d) => ({ ...d, goalId: d.goalId && keptGoals.has(d.goalId) ? d.goalId : null })),
  };
}
