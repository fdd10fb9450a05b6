/**
 * The one place dates and times are written for people: the browser's locale through Intl, in a few named
 * formats, so one screen never mixes "12/03/2026" with "Mar 12". A calendar day (YYYY-MM-DD) is a day
 * wherever it is read; an instant is shown in the viewer's zone unless a zone is given. Input values
 * (date and time fields) are machine formats and have their own helpers at the end.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    cache.set(key, f);
  }
  return f;
}

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
/** A calendar day at noon UTC, formatted in UTC, so no zone moves it to the day before. */
const dayInstant = (d: string) => new Date(`${d}T12:00:00Z`);

/** The viewer's IANA time zone. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A date: "12 Mar 2026" (in the browser's locale). A YYYY-MM-DD day is that day; an instant is its day in `timeZone` (the viewer's). */
export function formatDate(d: string | null | undefined, timeZone?: string): string {
  if (!d) return '—';
  const options = { day: 'numeric', month: 'short', year: 'numeric' } as const;
  if (isDay(d)) return fmt({ ...options, timeZone: 'UTC' }).format(dayInstant(d));
  return fmt({ ...options, timeZone }).format(new Date(d));
}

/** A date and time: "Tue 12 Mar 2026, 09:00" (in the browser's locale), in `timeZone` or the viewer's. */
export function formatDateTime(d: string | null | undefined, timeZone?: string): string {
  if (!d) return '—';
  return fmt({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(d));
}

/** A time of day: "09:00", in `timeZone` or the viewer's. */
export function formatTime(d: string, timeZone?: string): string {
  return fmt({ hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(d));
}

const DAY = 86_400_000;
let relativeFormat: Intl.RelativeTimeFormat | null = null;

/** How far an instant is from now: "in 3 hours", "20 days ago", "tomorrow"; days up to two months, then months, then years. */
export function formatRelative(d: string, now = new Date()): string {
  relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const diff = Date.parse(d) - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 3_600_000) return relativeFormat.format(Math.round(diff / 60_000), 'minute');
  if (abs < DAY) return relativeFormat.format(Math.round(diff / 3_600_000), 'hour');
  if (abs < 60 * DAY) return relativeFormat.format(Math.round(diff / DAY), 'day');
  if (abs < 365 * DAY) return relativeFormat.format(Math.round(diff / (30 * DAY)), 'month');
  return relativeFormat.format(Math.round(diff / (365 * DAY)), 'year');
}

/** A zone as people say it: "Paris", "New York", "UTC". */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split('/').at(-1) ?? timeZone;
  return last.replace(/_/g, ' ');
}

/** "09:00 Paris time": a time labelled with its zone. */
export function timeWithZone(d: string, timeZone: string): string {
  return `${formatTime(d, timeZone)} ${zoneCity(timeZone)} time`;
}

/**
 * A session's start for the viewer, its zone named: "Thu 3 Dec 2026, 09:00 Paris time", and the time in the
 * session's own zone when its clock differs: "… (03:00 New York time)".
 */
export function whenWithZone(d: string, sessionZone: string, zone = viewerZone()): string {
  return `${formatDateTime(d, zone)} ${zoneNote(d, sessionZone, zone)}`;
}

/** The zone part of `whenWithZone`: "Paris time", or "Paris time (03:00 New York time)". */
export function zoneNote(d: string, sessionZone: string, zone = viewerZone()): string {
  const mine = `${zoneCity(zone)} time`;
  return sameClock(d, zone, sessionZone) ? mine : `${mine} (${timeWithZone(d, sessionZone)})`;
}

/** Whether two zones show the same wall-clock time at an instant (Europe/Paris and Europe/Berlin do). */
export function sameClock(d: string, a: string, b: string): boolean {
  return a === b || formatDateTime(d, a) === formatDateTime(d, b);
}

/** The hour (0–23, with minutes as a fraction) of an instant's wall clock in a zone. */
export function hourIn(d: string, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(new Date(d));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') + get('minute') / 60;
}

// Input values: machine formats for <input type="date"> and <input type="time">, not for reading.

/** Today's date in the viewer's zone, YYYY-MM-DD. */
export function todayIso(): string {
  return dateIn(new Date().toISOString(), viewerZone());
}

/** The date part of an instant in a zone, YYYY-MM-DD. */
export function dateIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(instant));
}

/** The time of day of an instant in a zone, HH:MM on a 24-hour clock. */
export function timeIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(instant));
}
