import { addDays } from '../contract/renewal.js';
import { dayOfDate } from '../metrics/calendar.js';
import { type GoalMeasure, reachesTarget } from './measure.js';

/** A value on a day. */
export interface MeasurePoint {
  on: string;
  value: number;
}

/** Which way the recent values run, in the measure's units per week. */
export interface MeasureTrend {
  perWeek: number;
  heading: 'toward' | 'away' | 'flat';
}

/** Whether a check-in is due: checked in every week, or at each session held. */
export interface CheckInDue {
  /** The day the count starts from: the latest check-in, or when the measure was agreed. */
  since: string;
  /** Check-ins missed since then: whole weeks gone by, or sessions held after that day. */
  missed: number;
  /** When the next one is (or was) due; for a measure checked at each session, the first session held after `since` (null until there is one). */
  dueOn: string | null;
}

/** How far a goal's measure has come, as of a day. */
export interface MeasureProgress {
  baseline: MeasurePoint;
  /** The value of the latest day checked in, null before the first check-in. */
  latest: MeasurePoint | null;
  /** The check-in nearest the middle of the way from the baseline to the latest (none with fewer than two). */
  midpoint: MeasurePoint | null;
  /** (latest − baseline) ÷ (target − baseline): 0 at the baseline, 1 at the target, below 0 worse than the start. */
  share: number | null;
  reached: boolean;
  trend: MeasureTrend | null;
  checkIns: number;
  due: CheckInDue;
}

/** How many of the latest points the trend is fitted to (the baseline counts while there are fewer check-ins). */
export const TREND_POINTS = 4;
/** A trend that moves less than this share of the way from baseline to target over its points is flat. */
export const FLAT_SHARE = 0.05;
/** Missed check-ins from which a goal needs the coach's attention. */
export const LATE_CHECK_INS = 2;

/** The least-squares slope of values over day numbers (null when every point is on one day). */
function slope(points: readonly { day: number; value: number }[]): number | null {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.day, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.day - mx) ** 2;
    sxy += (p.day - mx) * (p.value - my);
  }
  return sxx === 0 ? null : sxy / sxx;
}

/**
 * The recent trend: a straight line fitted to the latest TREND_POINTS values (the baseline among them
 * while there are fewer check-ins), once there are at least two check-ins. It heads toward the target,
 * away from it, or is flat when the line moves less than FLAT_SHARE of the way over its days.
 */
export function measureTrend(measure: GoalMeasure, current: readonly MeasurePoint[]): MeasureTrend | null {
  if (current.length < 2) return null;
  const series = [{ on: measure.baselineOn, value: measure.baseline }, ...current].slice(-TREND_POINTS).map((p) => ({ day: dayOfDate(p.on), value: p.value }));
  const s = slope(series);
  if (s === null) return null;
  const span = series[series.length - 1].day - series[0].day;
  const way = measure.target - measure.baseline;
  const heading = Math.abs(s * span) < FLAT_SHARE * Math.abs(way) ? 'flat' : Math.sign(s) === Math.sign(way) ? 'toward' : 'away';
  return { perWeek: s * 7, heading };
}

/** The check-in nearest the middle day between the baseline and the latest check-in (the earlier of two as near). */
function midpointOf(measure: GoalMeasure, current: readonly MeasurePoint[]): MeasurePoint | null {
  if (current.length < 2) return null;
  const latest = current[current.length - 1];
  const middle = (dayOfDate(measure.baselineOn) + dayOfDate(latest.on)) / 2;
  let best: MeasurePoint | null = null;
  for (const p of current.slice(0, -1)) {
    if (!best || Math.abs(dayOfDate(p.on) - middle) < Math.abs(dayOfDate(best.on) - middle)) best = p;
  }
  return best;
}

/**
 * Where a goal's measure stands on `today`: the latest value, the share of the way from baseline to
 * target, the trend, the midpoint for the sponsor, and whether a check-in is due. `current` are the
 * values that stand (corrections applied) in day order, none after today; `agreedOn` is the day the
 * measure's contract was signed (no check-in is missed before it); `heldSessionDays` the days sessions
 * were held, for a measure checked in at each session.
 */
export function measureProgress(
  measure: GoalMeasure,
  current: readonly MeasurePoint[],
  opts: { today: string; agreedOn?: string | null; heldSessionDays?: readonly string[] },
): MeasureProgress {
  // Only the day and the value leave: what else a check-in carries (its note) is not for every reader.
  const point = (p: MeasurePoint | null): MeasurePoint | null => (p ? { on: p.on, value: p.value } : null);
  const latest = point(current.length > 0 ? current[current.length - 1] : null);
  const way = measure.target - measure.baseline;
  const lastOn = latest ? latest.on : measure.baselineOn;
  const since = opts.agreedOn && opts.agreedOn > lastOn ? opts.agreedOn : lastOn;
  const today = dayOfDate(opts.today);
  let due: CheckInDue;
  if (measure.cadence === 'weekly') {
    due = { since, missed: Math.max(0, Math.floor((today - dayOfDate(since)) / 7)), dueOn: addDays(since, 7) };
  } else {
    const after = [...(opts.heldSessionDays ?? [])].filter((d) => d > since && d <= opts.today).sort();
    due = { since, missed: after.length, dueOn: after[0] ?? null };
  }
  return {
    baseline: { on: measure.baselineOn, value: measure.baseline },
    latest,
    midpoint: point(midpointOf(measure, current)),
    share: latest && way !== 0 ? (latest.value - measure.baseline) / way : null,
    reached: latest ? reachesTarget(measure, latest.value) : false,
    trend: measureTrend(measure, current),
    checkIns: current.length,
    due,
  };
}
