/** Whether a higher or a lower number is better. */
export const measureDirections = ['up', 'down'] as const;
export type MeasureDirection = (typeof measureDirections)[number];

/** How often a value is recorded: every week, or at each coaching session. */
export const measureCadences = ['weekly', 'session'] as const;
export type MeasureCadence = (typeof measureCadences)[number];

/**
 * The number that says whether a goal is met, as the contract states it: what is counted, in which unit,
 * where it started (baseline) and where it should be by when (target). It belongs to the contract's goal
 * and is part of what is signed.
 */
export interface GoalMeasure {
  name: string;
  /** "evenings a week", "%", "" for a plain count. */
  unit: string;
  baseline: number;
  baselineOn: string;
  target: number;
  targetOn: string;
  direction: MeasureDirection;
  cadence: MeasureCadence;
}

export const cadenceLabels: Record<MeasureCadence, string> = { weekly: 'weekly', session: 'at each session' };
export const directionLabels: Record<MeasureDirection, string> = { up: 'higher is better', down: 'lower is better' };

/** A value with its unit: "4 evenings a week", "35 %", "12". */
export function formatMeasureValue(value: number, unit: string): string {
  const n = Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
  return unit.trim() ? `${n} ${unit.trim()}` : n;
}

/**
 * The measure in one line of plain words (no arrows or symbols, so every PDF font prints it), the same
 * in the contract, its PDF and the list of changes.
 */
export function measureText(m: GoalMeasure): string {
  return `${m.name}: from ${formatMeasureValue(m.baseline, m.unit)} on ${m.baselineOn} to ${formatMeasureValue(m.target, m.unit)} by ${m.targetOn} (${directionLabels[m.direction]}; checked in ${cadenceLabels[m.cadence]})`;
}

/** Whether a value has reached the target, in the measure's direction. */
export function reachesTarget(m: Pick<GoalMeasure, 'target' | 'direction'>, value: number): boolean {
  return m.direction === 'up' ? value >= m.target : value <= m.target;
}
