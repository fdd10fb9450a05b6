import { DateTime, IANAZone } from 'luxon';
import { AppError } from '../errors.js';
import { RRule, type RRuleOptions } from './rrule-interop.js';

/**
 * Recurring sessions.
 *
 * A series is kept as an RFC 5545 RRULE plus a first start in the coach's IANA time zone. Occurrences
 * are expanded on the wall clock of that zone, then each wall-clock time is placed in the zone: a
 * 09:00 Europe/Paris weekly session stays at 09:00 in Paris on both sides of a daylight-saving
 * change (its UTC instant moves by an hour). A wall-clock time that does not exist on a given day
 * (inside the spring-forward gap) moves forward by the gap, as calendar apps do.
 *
 * Monthly on the 29th, 30th or 31st: the "monthly" cadence clamps to the month's last day when the
 * month is shorter (31 Jan → 28 Feb → 31 Mar), written as a standard rule
 * (BYMONTHDAY=28,29,30,31;BYSETPOS=-1) so every calendar app computes the same dates. A custom RRULE
 * is followed exactly as RFC 5545 says: FREQ=MONTHLY;BYMONTHDAY=31 skips months without a 31st.
 */

export const cadences = ['once', 'weekly', 'biweekly', 'monthly', 'custom'] as const;
export type Cadence = (typeof cadences)[number];

/** Most occurrences a series expands to at once. */
export const MAX_OCCURRENCES = 200;

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** Whether a string names an IANA time zone (e.g. Europe/Paris). */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length > 0 && IANAZone.isValidZone(zone);
}

function zoned(instant: string, timeZone: string): DateTime {
  const dt = DateTime.fromISO(instant, { setZone: true });
  if (!dt.isValid) throw new AppError('validation_failed', 'That date and time could not be read.', { fields: { startsAt: 'Use an ISO 8601 date and time.' } });
  return dt.setZone(timeZone);
}

/** The wall-clock date and time of an instant in a zone: {date: '2026-03-31', time: '09:00'}. */
export function wallClock(instant: string, timeZone: string): { date: string; time: string } {
  const dt = zoned(instant, timeZone);
  return { date: dt.toFormat('yyyy-LL-dd'), time: dt.toFormat('HH:mm') };
}

/** The instant (ISO, UTC) of a wall-clock date and time in a zone; a time inside a DST gap moves forward. */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): string {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!dt.isValid) throw new AppError('validation_failed', 'That date and time could not be read.', { fields: { startsAt: 'Pick a date and a time.' } });
  return dt.toUTC().toISO({ suppressMilliseconds: false }) as string;
}

/** Wall-clock time as a "floating" Date whose UTC fields are the local fields (how rrule computes without zones). */
function floating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
}

function fromFloating(d: Date, timeZone: string): DateTime {
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    { zone: timeZone },
  );
}

const ruleError = (message: string) => new AppError('validation_failed', message, { fields: { recurrence: message } });

/** Parses and checks a custom RRULE; returns its normalized text (without the "RRULE:" prefix). */
export function parseCustomRule(text: string): string {
  const raw = text.trim().replace(/^RRULE:/i, '');
  if (!raw) throw ruleError('Write a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=TU.');
  if (/(^|;)\s*(DTSTART|TZID)\s*=/i.test(raw) || /\n/.test(raw)) {
    throw ruleError('Leave DTSTART and TZID out of the rule: the first session’s date, time and time zone set them.');
  }
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(raw);
  } catch {
    throw ruleError('That recurrence rule could not be read. Use the RFC 5545 form, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.');
  }
  if (options.freq === undefined || options.freq === null) throw ruleError('A recurrence rule needs a FREQ, e.g. FREQ=WEEKLY.');
  if (![RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY].includes(options.freq)) {
    throw ruleError('Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.');
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 52)) throw ruleError('Use an INTERVAL between 1 and 52.');
  return new RRule(options).toString().replace(/^RRULE:/, '');
}

export interface RecurrenceRequest {
  cadence: Cadence;
  /** The RRULE for a custom cadence. */
  rule?: string | null;
  /** Stop after this many sessions. */
  count?: number | null;
  /** Last date (YYYY-MM-DD, in the series' zone) a session may fall on. */
  until?: string | null;
}

/**
 * The RRULE text for a cadence, anchored on the first session's wall-clock start in its zone
 * (null for a one-off session). Weekly and fortnightly rules repeat on the first session's weekday;
 * monthly on its day of the month, clamped to the last day of shorter months.
 */
export function recurrenceRule(req: RecurrenceRequest, startsAt: string, timeZone: string): string | null {
  if (req.cadence === 'once') return null;
  const local = zoned(startsAt, timeZone);
  let rule: string;
  if (req.cadence === 'custom') {
    rule = parseCustomRule(req.rule ?? '');
  } else if (req.cadence === 'weekly' || req.cadence === 'biweekly') {
    const day = WEEKDAY_CODES[local.weekday - 1];
    rule = req.cadence === 'weekly' ? `FREQ=WEEKLY;BYDAY=${day}` : `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
  } else {
    const d = local.day;
    rule = d <= 28 ? `FREQ=MONTHLY;BYMONTHDAY=${d}` : `FREQ=MONTHLY;BYMONTHDAY=${Array.from({ length: d - 27 }, (_, i) => 28 + i).join(',')};BYSETPOS=-1`;
  }
  const parts = rule.split(';').filter((p) => !/^(COUNT|UNTIL)=/i.test(p) || req.cadence === 'custom');
  const hasEnd = parts.some((p) => /^(COUNT|UNTIL)=/i.test(p));
  if (req.count && !hasEnd) parts.push(`COUNT=${req.count}`);
  else if (req.until && !hasEnd) {
    if (req.until < local.toFormat('yyyy-LL-dd')) {
      throw new AppError('validation_failed', 'The series must end on or after the first session.', {
        fields: { until: 'Pick an end date on or after the first session.' },
      });
    }
    parts.push(`UNTIL=${req.until.replaceAll('-', '')}T235959Z`);
  }
  return parts.join(';');
}

/** A plain description of a rule, e.g. "every week on Tuesday". */
export function describeRule(rule: string | null): string {
  if (!rule) return 'once';
  try {
    return RRule.fromString(rule).toText();
  } catch {
    return rule;
  }
}

export interface ExpandArgs {
  /** The first session's start (an instant). */
  startsAt: string;
  timeZone: string;
  rule: string | null;
  /** Occurrences starting after this instant are left out (a series with no end is expanded this far). */
  horizon: string;
  max?: number;
}

/**
 * The start instants (ISO, UTC) of a series' sessions, in order: expanded on the zone's wall clock so
 * local times hold across daylight-saving changes. A one-off session is just its start.
 */
export function expandOccurrences(args: ExpandArgs): string[] {
  const first = zoned(args.startsAt, args.timeZone);
  const max = Math.min(args.max ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  if (!args.rule) return [first.toUTC().toISO() as string];
  const horizon = floating(zoned(args.horizon, args.timeZone));
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(args.rule);
  } catch {
    throw ruleError('That recurrence rule could not be read.');
  }
  const rule = new RRule({ ...options, dtstart: floating(first) });
  const dates = rule.all((d, i) => i < max && d.getTime() <= horizon.getTime());
  const out = dates.map((d) => fromFloating(d, args.timeZone).toUTC().toISO() as string);
  if (out.length === 0) {
    throw ruleError('This rule gives no session on or after the first date. Check its BYDAY, BYMONTHDAY or UNTIL parts.');
  }
  return out;
}

/**
 * Where an occurrence goes when "this and the following" sessions are moved: its series' anchor moved
 * from one instant to another, so the occurrence moves by the same number of calendar days and takes
 * the anchor's new wall-clock time, in the (possibly new) zone.
 */
export function shiftOccurrence(instant: string, fromZone: string, anchorFrom: string, anchorTo: string, toZone: string): string {
  const fromDay = zoned(anchorFrom, fromZone).startOf('day');
  const to = zoned(anchorTo, toZone);
  const days = Math.round(to.startOf('day').diff(fromDay.setZone(toZone, { keepLocalTime: true }), 'days').days);
  const occ = zoned(instant, fromZone).plus({ days });
  const moved = DateTime.fromObject({ year: occ.year, month: occ.month, day: occ.day, hour: to.hour, minute: to.minute }, { zone: toZone });
  return moved.toUTC().toISO() as string;
}

/** An instant as people read it in a zone, e.g. "Tue 31 Mar 2026, 09:00 (Europe/Paris)". */
export function formatInZone(instant: string, timeZone: string, withZone = true): string {
  const dt = zoned(instant, timeZone).setLocale('en-GB');
  const text = dt.toFormat('ccc d LLL yyyy, HH:mm');
  return withZone ? `${text} (${timeZone})` : text;
}

/** Adds minutes to an instant, keeping ISO UTC form. */
export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}
