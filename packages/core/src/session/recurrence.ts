import { DateTime, IANAZone } from 'luxon';
import { AppError } from '../errors.js';
import { EARLIEST_DATE, LATEST_DATE } from '../schemas/common.js';
import { RRule } from './rrule-interop.js';

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

const WEEKDAY = '(?:MO|TU|WE|TH|FR|SA|SU)';
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
/** How many days one period of each frequency holds at most: the largest position BYSETPOS can pick. */
const SET_SIZE: Record<(typeof FREQUENCIES)[number], number> = { DAILY: 1, WEEKLY: 7, MONTHLY: 31, YEARLY: 366 };

/** A comma-separated list of whole numbers, each within ±max (zero excluded unless allowed). */
function numberList(value: string, min: number, max: number, signed: boolean): boolean {
  return value.split(',').every((item) => {
    if (!/^[+-]?\d{1,3}$/.test(item)) return false;
    const n = Number(item);
    if (!signed && /^[+-]/.test(item)) return false;
    return signed ? n !== 0 && Math.abs(n) >= min && Math.abs(n) <= max : n >= min && n <= max;
  });
}

/**
 * Checks each part of a rule against what RFC 5545 allows and what a series of sessions can use,
 * before rrule reads it: rrule accepts some nonsense silently (BYDAY=XX) and throws on other
 * nonsense only when the rule is expanded (BYSETPOS=400).
 */
function checkRuleParts(raw: string): string {
  const seen = new Set<string>();
  const parts = raw
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  const freqPart = parts.find((p) => /^FREQ=/i.test(p));
  const freq = freqPart?.slice(5).toUpperCase();
  if (!freq) throw ruleError('A recurrence rule needs a FREQ, e.g. FREQ=WEEKLY.');
  if (!(FREQUENCIES as readonly string[]).includes(freq)) throw ruleError('Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.');
  for (const part of parts) {
    const m = /^([A-Za-z-]+)=(.+)$/.exec(part);
    if (!m) throw ruleError('That recurrence rule could not be read. Use the RFC 5545 form, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.');
    const name = m[1].toUpperCase();
    const value = m[2].toUpperCase();
    if (seen.has(name)) throw ruleError(`The rule gives ${name} twice; give each part once.`);
    seen.add(name);
    switch (name) {
      case 'FREQ':
        break;
      case 'INTERVAL':
        if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 52) throw ruleError('Use an INTERVAL between 1 and 52.');
        break;
      case 'COUNT':
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_OCCURRENCES) {
          throw ruleError(`Use a COUNT between 1 and ${MAX_OCCURRENCES}: a series has at most ${MAX_OCCURRENCES} sessions.`);
        }
        break;
      case 'UNTIL': {
        const d = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
        const date = d ? `${d[1]}-${d[2]}-${d[3]}` : '';
        if (!d || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || date < EARLIEST_DATE || date > LATEST_DATE) {
          throw ruleError(`Give UNTIL as a date between ${EARLIEST_DATE.replaceAll('-', '')} and ${LATEST_DATE.replaceAll('-', '')}, e.g. UNTIL=20261231.`);
        }
        break;
      }
      case 'WKST':
        if (!new RegExp(`^${WEEKDAY}$`).test(value)) throw ruleError('Give WKST as a two-letter weekday such as MO or SU.');
        break;
      case 'BYDAY': {
        const ordinals = freq === 'MONTHLY' ? 5 : freq === 'YEARLY' ? 53 : 0;
        const ok = value.split(',').every((item) => {
          const d = new RegExp(`^([+-]?\\d{1,2})?${WEEKDAY}$`).exec(item);
          if (!d) return false;
          if (d[1] === undefined) return true;
          const n = Math.abs(Number(d[1]));
          return n >= 1 && n <= ordinals;
        });
        if (!ok) {
          throw ruleError(
            ordinals
              ? `Give BYDAY as two-letter weekdays such as MO or TU, optionally numbered from 1 to ${ordinals} (e.g. 2TU or -1FR).`
              : 'Give BYDAY as two-letter weekdays such as MO or TU, e.g. BYDAY=MO,WE; numbered weekdays (2TU) need FREQ=MONTHLY or YEARLY.',
          );
        }
        break;
      }
      case 'BYMONTHDAY':
        if (!numberList(value, 1, 31, true)) throw ruleError('Give BYMONTHDAY as days of the month from 1 to 31 (or -1 to -31 counting from the end).');
        break;
      case 'BYMONTH':
        if (!numberList(value, 1, 12, false)) throw ruleError('Give BYMONTH as months from 1 to 12.');
        break;
      case 'BYYEARDAY':
        if (!numberList(value, 1, 366, true)) throw ruleError('Give BYYEARDAY as days of the year from 1 to 366 (or -1 to -366).');
        break;
      case 'BYWEEKNO':
        if (!numberList(value, 1, 53, true)) throw ruleError('Give BYWEEKNO as weeks of the year from 1 to 53 (or -1 to -53).');
        break;
      case 'BYSETPOS': {
        const size = SET_SIZE[freq as keyof typeof SET_SIZE];
        if (!numberList(value, 1, size, true))
          throw ruleError(`With FREQ=${freq}, give BYSETPOS from 1 to ${size} (or -1 to -${size}), e.g. BYSETPOS=-1 for the last.`);
        break;
      }
      case 'BYHOUR':
      case 'BYMINUTE':
      case 'BYSECOND':
        throw ruleError('Leave BYHOUR, BYMINUTE and BYSECOND out: the first session’s time sets the time of day.');
      case 'DTSTART':
      case 'TZID':
        throw ruleError('Leave DTSTART and TZID out of the rule: the first session’s date, time and time zone set them.');
      default:
        throw ruleError(`Carriage does not use the ${name.slice(0, 20)} part of a rule. Use FREQ, INTERVAL, COUNT, UNTIL, WKST and the BY… parts.`);
    }
  }
  return parts.join(';');
}

/** Parses and checks a custom RRULE; returns its normalized text (without the "RRULE:" prefix). */
export function parseCustomRule(text: string): string {
  const raw = text
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (!raw) throw ruleError('Write a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=TU.');
  if (/(^|;)\s*(DTSTART|TZID)\s*[=:]/i.test(raw) || /[\r\n]/.test(raw)) {
    throw ruleError('Leave DTSTART and TZID out of the rule: the first session’s date, time and time zone set them.');
  }
  if (!/^[A-Za-z0-9=;,+-]+$/.test(raw)) {
    throw ruleError('That recurrence rule could not be read. Use the RFC 5545 form, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.');
  }
  const checked = checkRuleParts(raw);
  try {
    return new RRule(RRule.parseString(checked)).toString().replace(/^RRULE:/, '');
  } catch {
    throw ruleError('That recurrence rule could not be read. Use the RFC 5545 form, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.');
  }
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
  /** Occurrences starting after this instant are left out (a series with no end is expanded this far; at most SERIES_MAX_YEARS). */
  horizon: string;
  max?: number;
}

/** A series is laid out at most this many years past its first session, whatever the horizon asked. */
export const SERIES_MAX_YEARS = 5;

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<number, number> = { [RRule.DAILY]: 1, [RRule.WEEKLY]: 7, [RRule.MONTHLY]: 28, [RRule.YEARLY]: 365 };

/**
 * rrule looks for each next occurrence a period at a time (a day, week, month or year) and gives up
 * only in the year 9999, so a rule that never occurs (BYMONTH=2;BYMONTHDAY=31) walked millions of
 * periods for seconds. The walk is stopped once it must be past the horizon: rrule reads `interval`
 * from its options as it steps from one period to the next (twice a step in rrule 2.8) and stops
 * when it reads 0. The budget allows twice that, so a later rrule reading it more often still
 * reaches the horizon (the tests check both a full series and a rule that never occurs).
 */
function stopWalkAfter(rule: RRule, periods: number): () => boolean {
  const interval = rule.options.interval;
  let reads = 0;
  let stopped = false;
  Object.defineProperty(rule.options, 'interval', {
    configurable: true,
    get() {
      reads += 1;
      if (reads > 4 * periods + 8) stopped = true;
      return stopped ? 0 : interval;
    },
  });
  return () => stopped;
}

/**
 * The start instants (ISO, UTC) of a series' sessions, in order: expanded on the zone's wall clock so
 * local times hold across daylight-saving changes. A one-off session is just its start.
 */
export function expandOccurrences(args: ExpandArgs): string[] {
  const first = zoned(args.startsAt, args.timeZone);
  const max = Math.min(args.max ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  if (!args.rule) return [first.toUTC().toISO() as string];
  const latest = first.plus({ years: SERIES_MAX_YEARS });
  const horizonAt = zoned(args.horizon, args.timeZone);
  const horizon = floating(DateTime.min(horizonAt, latest));
  let rule: RRule;
  try {
    rule = new RRule({ ...RRule.parseString(args.rule), dtstart: floating(first) });
  } catch {
    throw ruleError('That recurrence rule could not be read.');
  }
  const { freq, interval } = rule.options;
  const days = Math.max(0, (horizon.getTime() - floating(first).getTime()) / DAY_MS);
  const stopped = stopWalkAfter(rule, Math.ceil(days / (PERIOD_DAYS[freq] ?? 1) / Math.max(1, interval)) + 1);
  let dates: Date[];
  try {
    dates = rule.all((d, i) => !stopped() && i < max && d.getTime() <= horizon.getTime());
  } catch {
    throw ruleError('That recurrence rule could not be read.');
  }
  const out = dates.map((d) => fromFloating(d, args.timeZone).toUTC().toISO() as string);
  if (out.length === 0) {
    const until = DateTime.fromJSDate(horizon, { zone: 'UTC' }).toFormat('yyyy-LL-dd');
    throw ruleError(`This rule gives no session between the first date and ${until}. Check its BYDAY, BYMONTHDAY, BYSETPOS or UNTIL parts.`);
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
