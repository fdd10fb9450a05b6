import { formatMeasureValue, type GoalMeasureResult } from '@carriage/core';
import { percent, shortDate } from '../results/format';

/** "Due since 29 Sep", "2 check-ins missed", or nothing while the goal is up to date. */
export function dueText(g: Pick<GoalMeasureResult, 'measure' | 'progress'>): string | null {
  const { missed, dueOn } = g.progress.due;
  if (missed === 0) return null;
  if (g.measure.cadence === 'session') return missed === 1 ? 'Not checked in at the last session' : `Not checked in for ${missed} sessions`;
  return missed === 1 ? `Due since ${dueOn ? shortDate(dueOn) : 'last week'}` : `${missed} weekly check-ins missed`;
}

/** The latest value, how far it is along the way to the target, and the trend, in one line. */
export function standingText(g: Pick<GoalMeasureResult, 'measure' | 'progress'>): string {
  const { latest, share, trend } = g.progress;
  const u = g.measure.unit;
  if (!latest)
    return `No value yet. Baseline ${formatMeasureValue(g.measure.baseline, u)}; target ${formatMeasureValue(g.measure.target, u)} by ${shortDate(g.measure.targetOn)}.`;
  const heading = trend ? { toward: ', heading for the target', away: ', moving away from the target', flat: ', flat lately' }[trend.heading] : '';
  return `Latest ${formatMeasureValue(latest.value, u)} (${shortDate(latest.on)}): ${percent(share)} of the way from ${formatMeasureValue(g.measure.baseline, u)} to ${formatMeasureValue(g.measure.target, u)}${heading}.`;
}
