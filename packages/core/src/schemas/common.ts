import { z } from 'zod';

/** Opaque identifiers: short URL-safe strings. */
export const idSchema = z.string().min(1, 'An id is required.').max(64, 'That id is too long.');

/** A calendar date, YYYY-MM-DD. */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'That date does not exist.');

/** An ISO 8601 instant with an offset. */
export const dateTimeSchema = z.iso.datetime({ offset: true, message: 'Use a date and time in ISO 8601 form with an offset, e.g. 2026-03-01T09:00:00+01:00.' });

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
