import { z } from 'zod';
import { dateSchema, idSchema } from './common.js';
import { measureOutSchema, measureValueSchema } from './contracts.js';

const note = z.string().trim().max(1000, 'Keep the note under 1,000 characters.');

export const checkInBody = z.object({
  value: measureValueSchema,
  /** The day the value is about; today (in your time zone) when left out. */
  on: dateSchema.optional(),
  note: note.optional(),
  /** The session it was recorded in, when recorded in the session room. */
  sessionId: idSchema.nullable().optional(),
});
export type CheckInBody = z.infer<typeof checkInBody>;

export const correctionBody = z.object({
  value: measureValueSchema,
  /** The day the value is about; the corrected check-in's day when left out. */
  on: dateSchema.optional(),
  /** Why it is corrected, or the note the value should carry. */
  note: note.optional(),
});
export type CorrectionBody = z.infer<typeof correctionBody>;

export const checkInSchema = z
  .object({
    id: z.string(),
    cardId: z.string(),
    goalId: z.string(),
    value: z.number(),
    on: z.string(),
    note: z.string(),
    recordedAt: z.string(),
    recordedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    sessionId: z.string().nullable(),
    /** The check-in this one corrects. */
    correctsId: z.string().nullable(),
    /** The check-in that corrected this one (its value no longer stands). */
    correctedById: z.string().nullable(),
  })
  .meta({ id: 'CheckIn' });
export type CheckIn = z.infer<typeof checkInSchema>;

const point = z.object({ on: z.string(), value: z.number() });

export const measureProgressSchema = z.object({
  baseline: point,
  latest: point.nullable(),
  midpoint: point.nullable(),
  share: z.number().nullable(),
  reached: z.boolean(),
  trend: z.object({ perWeek: z.number(), heading: z.enum(['toward', 'away', 'flat']) }).nullable(),
  checkIns: z.number(),
  due: z.object({ since: z.string(), missed: z.number(), dueOn: z.string().nullable() }),
});

/** A goal card's measure with the values that stand (corrections applied), oldest first, and where it stands. */
export const goalMeasureSchema = z.object({
  goalId: z.string(),
  contractId: z.string(),
  measure: measureOutSchema,
  points: z.array(point.extend({ id: z.string(), corrected: z.boolean() })),
  progress: measureProgressSchema,
});
export type GoalMeasureResult = z.infer<typeof goalMeasureSchema>;

export const measuredGoalSchema = goalMeasureSchema.extend({ cardId: z.string(), title: z.string(), sharedWithSponsor: z.boolean() });
export const measuresSchema = z.object({ goals: z.array(measuredGoalSchema) }).meta({ id: 'Measures' });
export type MeasuredGoalResult = z.infer<typeof measuredGoalSchema>;

export const checkInHistorySchema = z
  .object({ cardId: z.string(), goalId: z.string().nullable(), title: z.string(), measure: measureOutSchema.nullable(), checkIns: z.array(checkInSchema) })
  .meta({ id: 'CheckInHistory' });
export type CheckInHistory = z.infer<typeof checkInHistorySchema>;
