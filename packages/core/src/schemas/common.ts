import { z } from 'zod';

/** Opaque identifiers: short URL-safe strings. */
export const idSchema = z.string().min(1, 'An id is required.').max(64, 'That id is too long.');

/**
 * Every date a person gives falls between these (inclusive). Dates size work — a contract's burn-up
 * runs day by day from its start, a series is laid out up to the engagement's end — so a year 0001 or
 * 9999 is refused before anything is computed. 2099-12-31 stays open as the usual "no end yet".
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';
const dateRangeMessage = `Pick a date between ${EARLIEST_DATE} and ${LATEST_DATE}.`;

/** A calendar date, YYYY-MM-DD, between EARLIEST_DATE and LATEST_DATE. */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'That date does not exist.')
  .refine((s) => s >= EARLIEST_DATE && s <= LATEST_DATE, dateRangeMessage);

/** An ISO 8601 instant with an offset, on a date between EARLIEST_DATE and LATEST_DATE. */
export const dateTimeSchema = z.iso
  .datetime({ offset: true, message: 'Use a date and time in ISO 8601 form with an offset, e.g. 2026-03-01T09:00:00+01:00.' })
  .refine((s) => s.slice(0, 10) >= EARLIEST_DATE && s.slice(0, 10) <= LATEST_DATE, dateRangeMessage);

const DAY_MS = 86_400_000;

/** The dates `daysBefore` days before and `daysAfter` days after today (UTC), for sentences about a window. */
export function daysAroundToday(daysBefore: number, daysAfter: number, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - daysBefore * DAY_MS).toISOString().slice(0, 10), to: new Date(now + daysAfter * DAY_MS).toISOString().slice(0, 10) };
}

/** Whether a date (YYYY-MM-DD) or an instant lies within that window, with a day's slack either side for time zones. */
export function isNearToday(value: string, daysBefore: number, daysAfter: number, now = Date.now()): boolean {
  const at = Date.parse(value.length === 10 ? `${value}T12:00:00Z` : value);
  return at >= now - (daysBefore + 1) * DAY_MS && at <= now + (daysAfter + 1) * DAY_MS;
}

export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'That email address is too long (at most 254 characters).')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))
  .transform((s) => s.toLowerCase());

export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        fields: z.record(z.string(), z.string()).optional(),
      })
      .loose(),
  })
  .meta({ id: 'Error' });

export const okSchema = z.object({ ok: z.literal(true) });
