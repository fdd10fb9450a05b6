/**
 * Calendar arithmetic for the metrics. Days are whole numbers (days since 1970-01-01), so the
 * daily series are plain integer loops; a time zone decides which calendar day an instant falls on.
 */
export const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const BLOCK_MS = 6 * 3_600_000;

/** The day number of a YYYY-MM-DD date (NaN for a malformed one). */
export function dayOfDate(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** The YYYY-MM-DD date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A function giving the calendar day (in `timeZone`) of an instant in milliseconds. A zone's UTC
 * offset changes rarely and only on a quarter-hour boundary, so the offset is looked up once per
 * six-hour block (and per quarter hour only inside a block where it changes): 50,000 events cost a
 * few hundred Intl calls.
 */
export function dayInZone(timeZone: string): (ms: number) => number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return (ms) => Math.floor(ms / DAY_MS);
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
  } catch {
    return (ms) => Math.floor(ms / DAY_MS);
  }
  const offsetAt = (at: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at;
  };
  const blocks = new Map<number, number | null>();
  const quarters = new Map<number, number>();
  return (ms) => {
    const block = Math.floor(ms / BLOCK_MS);
    let offset = blocks.get(block);
    if (offset === undefined) {
      const first = offsetAt(block * BLOCK_MS);
      offset = first === offsetAt((block + 1) * BLOCK_MS - QUARTER_HOUR_MS) ? first : null;
      blocks.set(block, offset);
    }
    if (offset === null) {
      const quarter = Math.floor(ms / QUARTER_HOUR_MS);
      offset = quarters.get(quarter);
      if (offset === undefined) {
        offset = offsetAt(quarter * QUARTER_HOUR_MS);
        quarters.set(quarter, offset);
      }
    }
    return Math.floor((ms + offset) / DAY_MS);
  };
}

/** Monday of the ISO week holding a day (1970-01-01 was a Thursday). */
export function mondayOf(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** The ISO 8601 week label of a day, e.g. "2026-W03". */
export function isoWeekOf(day: number): string {
  const thursday = mondayOf(day) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Math.floor(Date.UTC(year, 0, 1) / DAY_MS);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
