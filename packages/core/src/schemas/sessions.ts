import { z } from 'zod';
import { cadences, isValidTimeZone } from '../session/recurrence.js';
import { sessionStages, sessionStatuses } from '../session/stages.js';
import { dateSchema, dateTimeSchema, daysAroundToday, idSchema, isNearToday } from './common.js';

const timeZone = z
  .string({ error: 'Give the time zone, e.g. Europe/Paris.' })
  .refine(isValidTimeZone, 'Use an IANA time zone name such as Europe/Paris or America/New_York.');
const duration = z
  .number({ error: 'Give the length in minutes.' })
  .int('Give the length in whole minutes.')
  .min(15, 'A session lasts at least 15 minutes.')
  .max(480, 'A session lasts at most 8 hours (480 minutes).');
const videoUrl = z
  .string()
  .trim()
  .max(500, 'Keep the link under 500 characters.')
  .refine((s) => s === '' || /^https:\/\/[^\s]+$/i.test(s), 'Use a full https:// link for the video call.')
  .transform((s) => (s === '' ? null : s))
  .nullable();
const place = z
  .string()
  .trim()
  .max(200, 'Keep the place under 200 characters.')
  .transform((s) => (s === '' ? null : s))
  .nullable();

/** Sessions start within this many years of today, before or after: a year 0000 or 9999 is a typo, not a plan. */
export const SESSION_WINDOW_YEARS = 5;
const SESSION_WINDOW_DAYS = Math.round(SESSION_WINDOW_YEARS * 365.25);
const sessionStart = dateTimeSchema.refine((s) => isNearToday(s, SESSION_WINDOW_DAYS, SESSION_WINDOW_DAYS), {
  error: () => {
    const { from, to } = daysAroundToday(SESSION_WINDOW_DAYS, SESSION_WINDOW_DAYS);
    return `Schedule sessions within ${SESSION_WINDOW_YEARS} years of today, between ${from} and ${to}.`;
  },
});

export const recurrenceSchema = z.object({
  cadence: z.enum(cadences, { error: 'Choose once, weekly, every two weeks, monthly or a custom rule.' }),
  rule: z.string().max(500, 'Keep the rule under 500 characters.').nullable().optional(),
  count: z.number().int().min(1, 'A series has at least one session.').max(200, 'A series has at most 200 sessions.').nullable().optional(),
  until: dateSchema.nullable().optional(),
});
export type RecurrenceBody = z.infer<typeof recurrenceSchema>;

export const createSessionBody = z.object({
  startsAt: sessionStart,
  durationMinutes: duration,
  timeZone,
  recurrence: recurrenceSchema.nullable().optional(),
  videoUrl: videoUrl.optional(),
  place: place.optional(),
});
export type CreateSessionBody = z.infer<typeof createSessionBody>;

export const updateSessionBody = z.object({
  /** Change this session only, or this one and the rest of its series. */
  scope: z.enum(['one', 'following'], { error: 'Say whether the change is for this session or this and the following ones.' }).default('one'),
  startsAt: sessionStart.optional(),
  durationMinutes: duration.optional(),
  timeZone: timeZone.optional(),
  videoUrl: videoUrl.optional(),
  place: place.optional(),
  status: z.enum(sessionStatuses, { error: 'A session is scheduled, held, cancelled or a no-show.' }).optional(),
  cancelReason: z.string().trim().max(500).nullable().optional(),
});
export type UpdateSessionBody = z.infer<typeof updateSessionBody>;

export const stageBody = z.object({
  stage: z.enum(sessionStages, { error: 'A stage is wifle, verify, in_progress, pull or commitments.' }),
});

export const notesBody = z.object({
  shared: z.string().max(50_000, 'Keep notes under 50,000 characters.').optional(),
  private: z.string().max(50_000, 'Keep notes under 50,000 characters.').optional(),
});

export const wifleBody = z.object({
  note: z.string().max(5_000, 'Keep the note under 5,000 characters.').optional(),
  done: z.boolean().optional(),
});

export const commitmentBody = z.object({ cardId: idSchema });

/** The card the coach brings into focus at the stage the room is at (null: the first card of the stage). */
export const focusBody = z.object({
  stage: z.enum(sessionStages, { error: 'Say which stage the card is in focus for.' }),
  cardId: idSchema.nullable(),
});

/** Send a card back from Verify to In Progress, saying what is still missing. */
export const sendBackBody = z.object({
  cardId: idSchema,
  version: z.number({ error: 'Send the card’s version so concurrent moves are caught.' }).int().min(1),
  reason: z
    .string({ error: 'Say what is still missing, so the owner knows what to do.' })
    .trim()
    .min(1, 'Say what is still missing, so the owner knows what to do.')
    .max(1_000, 'Keep the reason under 1,000 characters.'),
});

/** Pull a card into In Progress in one step: fill what it lacks, move it within the WIP limit, commit to it. */
export const pullBody = z.object({
  cardId: idSchema,
  version: z.number({ error: 'Send the card’s version so concurrent moves are caught.' }).int().min(1),
  ownerId: idSchema.nullable().optional(),
  dueOn: dateSchema.nullable().optional(),
  definitionOfDone: z
    .array(
      z.object({
        id: z.string().max(40).optional(),
        text: z.string().trim().max(300, 'Keep each item under 300 characters.'),
        done: z.boolean().default(false),
      }),
    )
    .max(50, 'Use at most 50 definition-of-done items.')
    .optional(),
  parentId: idSchema.nullable().optional(),
  /** A new goal to put the card under, created in the same step. */
  newGoalTitle: z.string().trim().min(1, 'Name the goal.').max(200, 'Use a goal title of at most 200 characters.').optional(),
  overrideReason: z.string().trim().min(3, 'Say in a few words why the limit should be exceeded.').max(500).optional(),
});
export type PullBody = z.infer<typeof pullBody>;

export const agreeBody = z.object({ agreed: z.boolean({ error: 'Say whether you agree (true) or take it back (false).' }) });

export const addendumBody = z.object({
  body: z.string({ error: 'Write the addendum.' }).trim().min(1, 'Write the addendum.').max(5_000, 'Keep an addendum under 5,000 characters.'),
});

/** Meet now, without a scheduled session: it starts at once. */
export const holdNowBody = z.object({ durationMinutes: duration.default(60), timeZone: timeZone.optional() });

/** What a sponsor sees of a session: attendance only. */
export const sessionAttendanceSchema = z
  .object({
    id: idSchema,
    engagementId: idSchema,
    seriesId: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    durationMinutes: z.number(),
    timeZone: z.string(),
    status: z.enum(sessionStatuses),
  })
  .meta({ id: 'SessionAttendance' });

export const sessionSchema = sessionAttendanceSchema
  .extend({
    recurrence: z.string().nullable(),
    recurrenceText: z.string().nullable(),
    videoUrl: z.string().nullable().optional(),
    place: z.string().nullable().optional(),
    stage: z.enum(sessionStages).nullable().optional(),
    startedAt: z.string().nullable().optional(),
    closedAt: z.string().nullable().optional(),
    cancelReason: z.string().nullable().optional(),
    number: z.number().optional(),
    commitments: z.object({ made: z.number(), kept: z.number(), missed: z.number(), reliability: z.number().nullable() }).optional(),
  })
  .meta({ id: 'Session' });
export type SessionBrief = z.infer<typeof sessionSchema>;

export const createdSessionsSchema = z.object({ sessions: z.array(sessionSchema), seriesId: z.string().nullable() });

const recapCard = z.object({ cardId: z.string(), title: z.string() });

/** What a closed session produced, as everyone who may see it reads it (shared notes as they are now; never private ones). */
export const recapSchema = z
  .object({
    sessionId: z.string(),
    engagementId: z.string(),
    engagementTitle: z.string(),
    startsAt: z.string(),
    timeZone: z.string(),
    closedAt: z.string(),
    review: z.object({
      kept: z.number(),
      missed: z.number(),
      items: z.array(recapCard.extend({ ownerName: z.string().nullable(), dueOn: z.string().nullable(), result: z.enum(['kept', 'missed']) })),
    }),
    completed: z.array(recapCard),
    moved: z.array(recapCard.extend({ from: z.string(), to: z.string() })),
    blocked: z.array(recapCard.extend({ reason: z.string().nullable() })),
    commitments: z.array(recapCard.extend({ ownerName: z.string().nullable(), dueOn: z.string().nullable() })),
    nextSession: z.object({ id: z.string(), startsAt: z.string(), timeZone: z.string() }).nullable(),
    checkIns: z
      .array(
        z.object({
          cardId: z.string(),
          goal: z.string(),
          measure: z.string(),
          unit: z.string(),
          value: z.number(),
          on: z.string(),
          note: z.string(),
          corrects: z.number().nullable(),
          recordedBy: z.string().nullable(),
        }),
      )
      .optional()
      .describe('Values of the goals’ measures recorded since the previous session (absent in recaps written before measures existed)'),
    sentBack: z
      .array(recapCard.extend({ reason: z.string() }))
      .optional()
      .describe('Cards sent back from Verify in this session, with what is still missing (absent in older recaps)'),
    agreements: z
      .array(z.object({ userId: z.string(), name: z.string(), agreedAt: z.string().nullable() }))
      .optional()
      .describe('Who agreed to the commitments, and when (null: did not); absent in older recaps'),
    notAShortStep: z.array(z.string()).optional().describe('Card ids of commitments due after the next session'),
    sharedNotes: z.string(),
    addenda: z
      .array(z.object({ id: z.string(), body: z.string(), authorName: z.string(), createdAt: z.string() }))
      .describe('What was added to the notes after the session closed, oldest first'),
  })
  .meta({ id: 'Recap' });
