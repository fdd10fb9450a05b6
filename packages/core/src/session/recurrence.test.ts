import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  describeRule,
  expandOccurrences,
  isValidTimeZone,
  parseCustomRule,
  recurrenceRule,
  shiftOccurrence,
  wallClock,
  zonedTimeToInstant,
} from './recurrence.js';

const local = (instants: string[], zone: string) =>
  instants.map((i) => {
    const w = wallClock(i, zone);
    return `${w.date} ${w.time}`;
  });

describe('recurrence', () => {
  it('keeps a 09:00 Europe/Paris weekly session at 09:00 local across the spring daylight-saving change', () => {
    // 29 March 2026: Paris moves from UTC+1 to UTC+2.
    const startsAt = zonedTimeToInstant('2026-03-17', '09:00', 'Europe/Paris');
    expect(startsAt).toBe('2026-03-17T08:00:00.000Z');
    const rule = recurrenceRule({ cadence: 'weekly' }, startsAt, 'Europe/Paris');
    expect(rule).toBe('FREQ=WEEKLY;BYDAY=TU');
    const dates = expandOccurrences({ startsAt, timeZone: 'Europe/Paris', rule, horizon: '2026-04-08T00:00:00Z' });
    expect(dates).toEqual(['2026-03-17T08:00:00.000Z', '2026-03-24T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-07T07:00:00.000Z']);
    expect(local(dates, 'Europe/Paris')).toEqual(['2026-03-17 09:00', '2026-03-24 09:00', '2026-03-31 09:00', '2026-04-07 09:00']);
  });

  it('keeps local time across the autumn change too, and is seen at the right hour elsewhere', () => {
    const startsAt = zonedTimeToInstant('2026-10-19', '17:30', 'America/New_York');
    const rule = recurrenceRule({ cadence: 'biweekly' }, startsAt, 'America/New_York');
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO');
    const dates = expandOccurrences({ startsAt, timeZone: 'America/New_York', rule, horizon: '2026-11-20T00:00:00Z' });
    expect(local(dates, 'America/New_York')).toEqual(['2026-10-19 17:30', '2026-11-02 17:30', '2026-11-16 17:30']);
    // New York leaves DST on 1 November, Europe on 25 October: a viewer in Paris sees 22:30 then 23:30.
    expect(local(dates, 'Europe/Paris')).toEqual(['2026-10-19 23:30', '2026-11-02 23:30', '2026-11-16 23:30']);
    expect(local(dates, 'Europe/London')).toEqual(['2026-10-19 22:30', '2026-11-02 22:30', '2026-11-16 22:30']);
  });

  it('moves a wall-clock time that falls in the spring-forward gap to just after it', () => {
    const startsAt = zonedTimeToInstant('2026-03-22', '02:30', 'Europe/Paris');
    const rule = recurrenceRule({ cadence: 'weekly', count: 3 }, startsAt, 'Europe/Paris');
    const dates = expandOccurrences({ startsAt, timeZone: 'Europe/Paris', rule, horizon: '2027-01-01T00:00:00Z' });
    expect(local(dates, 'Europe/Paris')).toEqual(['2026-03-22 02:30', '2026-03-29 03:30', '2026-04-05 02:30']);
  });

  it('monthly from the 31st clamps to the last day of shorter months', () => {
    const startsAt = zonedTimeToInstant('2026-01-31', '10:00', 'Europe/Paris');
    const rule = recurrenceRule({ cadence: 'monthly', count: 6 }, startsAt, 'Europe/Paris');
    expect(rule).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=6');
    const dates = expandOccurrences({ startsAt, timeZone: 'Europe/Paris', rule, horizon: '2027-01-01T00:00:00Z' });
    expect(local(dates, 'Europe/Paris')).toEqual([
      '2026-01-31 10:00',
      '2026-02-28 10:00',
      '2026-03-31 10:00',
      '2026-04-30 10:00',
      '2026-05-31 10:00',
      '2026-06-30 10:00',
    ]);
  });

  it('monthly from the 30th keeps the 30th and takes the last day of February', () => {
    const startsAt = zonedTimeToInstant('2027-12-30', '08:00', 'UTC');
    const rule = recurrenceRule({ cadence: 'monthly', count: 4 }, startsAt, 'UTC');
    const dates = expandOccurrences({ startsAt, timeZone: 'UTC', rule, horizon: '2029-01-01T00:00:00Z' });
    // 2028 is a leap year.
    expect(local(dates, 'UTC')).toEqual(['2027-12-30 08:00', '2028-01-30 08:00', '2028-02-29 08:00', '2028-03-30 08:00']);
  });

  it('a custom RRULE on the 31st follows RFC 5545 and skips months without one', () => {
    const startsAt = zonedTimeToInstant('2026-01-31', '10:00', 'Europe/Paris');
    const rule = recurrenceRule({ cadence: 'custom', rule: 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4' }, startsAt, 'Europe/Paris');
    const dates = expandOccurrences({ startsAt, timeZone: 'Europe/Paris', rule, horizon: '2027-01-01T00:00:00Z' });
    expect(local(dates, 'Europe/Paris')).toEqual(['2026-01-31 10:00', '2026-03-31 10:00', '2026-05-31 10:00', '2026-07-31 10:00']);
  });

  it('a custom rule with two weekdays, ended by a date in the series’ zone', () => {
    const startsAt = zonedTimeToInstant('2026-06-02', '18:00', 'Asia/Tokyo');
    const rule = recurrenceRule({ cadence: 'custom', rule: 'FREQ=WEEKLY;BYDAY=TU,TH', until: '2026-06-11' }, startsAt, 'Asia/Tokyo');
    const dates = expandOccurrences({ startsAt, timeZone: 'Asia/Tokyo', rule, horizon: '2027-01-01T00:00:00Z' });
    expect(local(dates, 'Asia/Tokyo')).toEqual(['2026-06-02 18:00', '2026-06-04 18:00', '2026-06-09 18:00', '2026-06-11 18:00']);
    expect(describeRule(rule)).toMatch(/every week on Tuesday, Thursday/);
  });

  it('stops at the horizon when the series has no end', () => {
    const startsAt = '2026-01-05T09:00:00Z';
    const rule = recurrenceRule({ cadence: 'weekly' }, startsAt, 'UTC');
    expect(expandOccurrences({ startsAt, timeZone: 'UTC', rule, horizon: '2026-02-02T09:00:00Z' })).toHaveLength(5);
    expect(expandOccurrences({ startsAt, timeZone: 'UTC', rule, horizon: '2030-01-01T00:00:00Z' })).toHaveLength(200);
  });

  it('a one-off session is just its start', () => {
    expect(recurrenceRule({ cadence: 'once' }, '2026-01-05T09:00:00Z', 'UTC')).toBeNull();
    expect(expandOccurrences({ startsAt: '2026-01-05T10:00:00+01:00', timeZone: 'Europe/Paris', rule: null, horizon: '2026-01-05T09:00:00Z' })).toEqual([
      '2026-01-05T09:00:00.000Z',
    ]);
  });

  it('refuses rules it cannot honour, with a sentence about the rule', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).fields?.recurrence ?? (e as AppError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(() => parseCustomRule('FREQ=HOURLY'))).toBe('Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.');
    expect(refusal(() => parseCustomRule('DTSTART:20260101T090000Z\nRRULE:FREQ=WEEKLY'))).toMatch(/Leave DTSTART and TZID out/);
    expect(refusal(() => parseCustomRule('every tuesday'))).toMatch(/could not be read/);
    expect(refusal(() => parseCustomRule(''))).toMatch(/Write a recurrence rule/);
    expect(refusal(() => recurrenceRule({ cadence: 'weekly', until: '2025-01-01' }, '2026-01-05T09:00:00Z', 'UTC'))).toBe(
      'The series must end on or after the first session.',
    );
  });

  it('moves "this and the following" sessions by the anchor’s days and new local time, across a DST change', () => {
    // The Tuesday 09:00 Paris series moves to Wednesday 10:30 from 24 March on.
    const anchorFrom = zonedTimeToInstant('2026-03-24', '09:00', 'Europe/Paris');
    const anchorTo = zonedTimeToInstant('2026-03-25', '10:30', 'Europe/Paris');
    const later = zonedTimeToInstant('2026-04-07', '09:00', 'Europe/Paris');
    const moved = shiftOccurrence(later, 'Europe/Paris', anchorFrom, anchorTo, 'Europe/Paris');
    expect(wallClock(moved, 'Europe/Paris')).toEqual({ date: '2026-04-08', time: '10:30' });
    // And to another zone: the same calendar days, at the new zone's wall-clock time.
    const toLondon = shiftOccurrence(later, 'Europe/Paris', anchorFrom, zonedTimeToInstant('2026-03-24', '08:00', 'Europe/London'), 'Europe/London');
    expect(wallClock(toLondon, 'Europe/London')).toEqual({ date: '2026-04-07', time: '08:00' });
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('recurrence rules that would size work without bound', () => {
  const startsAt = '2026-02-02T09:00:00Z';
  const refusal = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).fields?.recurrence ?? (e as AppError).message;
    }
    throw new Error('expected a refusal');
  };
  const expand = (rule: string, horizon = '2027-02-02T00:00:00Z') =>
    expandOccurrences({ startsAt, timeZone: 'Europe/Paris', rule: recurrenceRule({ cadence: 'custom', rule }, startsAt, 'Europe/Paris'), horizon });

  it('refuses a rule that never occurs within a second (it walked to the year 9999 for 7 to 11 s), going no further than the horizon', () => {
    for (const rule of [
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;BYDAY=MO',
      'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31',
      'FREQ=MONTHLY;BYSETPOS=5;BYDAY=MO;BYMONTHDAY=1,2',
    ]) {
      const started = performance.now();
      expect(refusal(() => expand(rule))).toMatch(/^This rule gives no session between the first date and 2027-02-02\./);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    // Even with the longest horizon a series may have.
    const started = performance.now();
    expect(refusal(() => expand('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;BYDAY=MO', '2099-12-31T00:00:00Z'))).toMatch(/and 2031-02-02\./);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still lays a sparse or a long series out to its horizon', () => {
    // Leap days that fall on a Monday: none until 2044, beyond the five years a series is laid out.
    expect(refusal(() => expand('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO', '2099-12-31T00:00:00Z'))).toMatch(/no session/);
    expect(expand('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2099-12-31T00:00:00Z').map((d) => d.slice(0, 10))).toEqual(['2028-02-29']);
    expect(expand('FREQ=MONTHLY;BYDAY=-1FR', '2031-02-01T00:00:00Z')).toHaveLength(60);
    expect(expand('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', '2031-02-02T00:00:00Z')).toHaveLength(200);
    expect(expand('FREQ=DAILY;BYDAY=MO', '2029-02-01T00:00:00Z')).toHaveLength(157);
  });

  it('refuses parts rrule would take silently or choke on, with a sentence naming the part', () => {
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;BYDAY=XX'))).toMatch(/^Give BYDAY as two-letter weekdays/);
    expect(refusal(() => parseCustomRule('FREQ=MONTHLY;BYSETPOS=400;BYDAY=MO'))).toBe(
      'With FREQ=MONTHLY, give BYSETPOS from 1 to 31 (or -1 to -31), e.g. BYSETPOS=-1 for the last.',
    );
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;BYDAY=2TU'))).toMatch(/numbered weekdays \(2TU\) need FREQ=MONTHLY or YEARLY/);
    expect(refusal(() => parseCustomRule('FREQ=MONTHLY;BYDAY=9TU'))).toMatch(/numbered from 1 to 5/);
    expect(refusal(() => parseCustomRule('FREQ=DAILY;BYHOUR=9,15'))).toMatch(/Leave BYHOUR, BYMINUTE and BYSECOND out/);
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;COUNT=100000'))).toMatch(/^Use a COUNT between 1 and 200/);
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;COUNT=-1'))).toMatch(/^Use a COUNT between 1 and 200/);
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;UNTIL=99991231'))).toMatch(/^Give UNTIL as a date between 20000101 and 20991231/);
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;INTERVAL=0'))).toBe('Use an INTERVAL between 1 and 52.');
    expect(refusal(() => parseCustomRule('FREQ=YEARLY;BYWEEKNO=60'))).toMatch(/^Give BYWEEKNO as weeks of the year from 1 to 53/);
    expect(refusal(() => parseCustomRule('FREQ=YEARLY;BYYEARDAY=400'))).toMatch(/^Give BYYEARDAY/);
    expect(refusal(() => parseCustomRule('FREQ=MONTHLY;BYMONTHDAY=32'))).toMatch(/^Give BYMONTHDAY/);
    expect(refusal(() => parseCustomRule('FREQ=YEARLY;BYMONTH=13'))).toBe('Give BYMONTH as months from 1 to 12.');
    expect(refusal(() => parseCustomRule('FREQ=YEARLY;BYEASTER=0'))).toMatch(/^Carriage does not use the BYEASTER part of a rule\./);
    expect(refusal(() => parseCustomRule('FREQ=WEEKLY;FREQ=DAILY'))).toBe('The rule gives FREQ twice; give each part once.');
    expect(refusal(() => parseCustomRule('BYDAY=MO'))).toMatch(/needs a FREQ/);
    expect(parseCustomRule('rrule:freq=monthly;byday=-1fr;')).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(parseCustomRule('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1')).toBe('FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1');
  });
});
