import { z } from 'zod';
import { columnKinds } from '../board/columns.js';
import { dateSchema, daysAroundToday } from './common.js';
import { goalMeasureSchema } from './measures.js';

const kind = z.enum(columnKinds);
const percentile = z.object({ value: z.number().nullable(), needs: z.number() });
const commitmentCounts = z.object({ made: z.number(), kept: z.number(), missed: z.number(), pending: z.number(), reliability: z.number().nullable() });

/** Results are computed day by day up to `asOf`, so it may lie at most this far ahead of today. */
export const AS_OF_MAX_DAYS_AHEAD = 366;

// A day of slack for the coach's time zone, whose today may be tomorrow in UTC.
const latestAsOf = () => daysAroundToday(0, AS_OF_MAX_DAYS_AHEAD + 1).to;

export const metricsQuery = z.object({
  asOf: dateSchema
    .refine((s) => s <= latestAsOf(), { error: () => `Pick an asOf date no later than ${latestAsOf()}: results are computed at most a year ahead.` })
    .optional()
    .describe(`Compute as of the end of this date (YYYY-MM-DD) instead of today; at most ${AS_OF_MAX_DAYS_AHEAD} days ahead.`),
});

export const goalProgressSchema = z.object({
  cardId: z.string(),
  title: z.string(),
  linked: z.number(),
  finished: z.number(),
  progress: z.number().nullable(),
  done: z.boolean(),
  sharedWithSponsor: z.boolean(),
  /** The goal's measure from the signed contract, with its values as of the day computed (null without one). */
  measure: goalMeasureSchema.nullable(),
});

const sessionsSummary = z.object({
  held: z.number(),
  included: z.number().nullable(),
  left: z.number().nullable(),
  lastHeldAt: z.string().nullable(),
  nextAt: z.string().nullable(),
});

export const metricsSchema = z
  .object({
    engagementId: z.string(),
    asOf: z.string(),
    timeZone: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** True for a sponsor: cards outside the shared goals are counted but not named. */
    redacted: z.boolean(),
    wip: z.object({ current: z.number(), days: z.array(z.object({ date: z.string(), count: z.number() })) }),
    cycleTime: z.object({
      items: z.array(z.object({ cardId: z.string(), title: z.string(), startedOn: z.string(), finishedOn: z.string(), days: z.number() })),
      percentiles: z.object({ p50: percentile, p85: percentile, p95: percentile }),
    }),
    throughput: z.object({ total: z.number(), weeks: z.array(z.object({ week: z.string(), startsOn: z.string(), finished: z.number() })) }),
    aging: z.object({
      p85: z.number().nullable(),
      items: z.array(
        z.object({
          cardId: z.string(),
          title: z.string(),
          columnId: z.string(),
          columnName: z.string(),
          kind,
          startedOn: z.string(),
          ageDays: z.number(),
          blocked: z.boolean(),
          aboveP85: z.boolean().nullable(),
        }),
      ),
    }),
    cfd: z.object({
      dates: z.array(z.string()),
      columns: z.array(z.object({ id: z.string(), name: z.string(), kind, counts: z.array(z.number()) })),
      kinds: z.array(z.object({ kind, counts: z.array(z.number()) })),
    }),
    commitments: z.object({
      sessions: z.array(commitmentCounts.extend({ sessionId: z.string(), sessionOn: z.string() })),
      overall: commitmentCounts,
    }),
    goals: z.array(goalProgressSchema),
    contract: z
      .object({
        startsOn: z.string(),
        endsOn: z.string(),
        totalDays: z.number(),
        elapsedDays: z.number(),
        timeRatio: z.number(),
        deliverables: z.object({ done: z.number(), total: z.number(), ratio: z.number().nullable() }),
        burnUp: z.array(z.object({ date: z.string(), elapsedDays: z.number(), done: z.number(), ideal: z.number() })),
      })
      .nullable(),
    wins: z.array(z.object({ cardId: z.string(), title: z.string(), type: z.string(), finishedAt: z.string(), finishedOn: z.string() })),
    blockedCards: z.number(),
    sessions: sessionsSummary,
  })
  .meta({ id: 'Metrics' });
export type MetricsResponse = z.infer<typeof metricsSchema>;

export const shareGoalBody = z.object({
  shared: z.boolean({ error: 'Say whether the goal is shared with the sponsor (true or false).' }),
});

export const portfolioEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  otherParty: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  health: z.object({
    daysSinceLastSession: z.number().nullable(),
    nextSessionAt: z.string().nullable(),
    missedCommitments: z.number().nullable(),
    reliability: z.number().nullable(),
    agingCards: z.number().nullable(),
    blockedCards: z.number(),
    wip: z.number(),
    contractEndsOn: z.string().nullable(),
    daysToContractEnd: z.number().nullable(),
    contractEndingSoon: z.boolean(),
    sessionsLeft: z.number().nullable(),
    /** Goals whose check-ins are LATE_CHECK_INS or more behind their cadence. */
    lateCheckIns: z.number(),
    /** Goals whose measure's recent trend runs away from the target. */
    measuresAwayFromTarget: z.number(),
  }),
  attention: z.object({ score: z.number(), reasons: z.array(z.string()) }),
});
export type PortfolioEntry = z.infer<typeof portfolioEntrySchema>;

export const portfolioSchema = z.object({ engagements: z.array(portfolioEntrySchema) }).meta({ id: 'Portfolio' });

export const sponsorReportSchema = z
  .object({
    engagement: z.object({
      id: z.string(),
      title: z.string(),
      clientName: z.string(),
      coachName: z.string(),
    }),
    asOf: z.string(),
    journey: z
      .object({
        startsOn: z.string(),
        endsOn: z.string(),
        elapsedDays: z.number(),
        totalDays: z.number(),
        deliverables: z.object({ done: z.number(), total: z.number() }),
      })
      .nullable(),
    goals: z.array(
      z.object({
        cardId: z.string(),
        title: z.string(),
        linked: z.number(),
        finished: z.number(),
        progress: z.number().nullable(),
        done: z.boolean(),
        delivered: z.array(z.object({ title: z.string(), finishedOn: z.string() })),
        /** The goal's measure: where it started, where it stood midway and where it stands, with dates (null without one). */
        measure: z
          .object({
            name: z.string(),
            unit: z.string(),
            direction: z.enum(['up', 'down']),
            target: z.number(),
            targetOn: z.string(),
            baseline: z.object({ on: z.string(), value: z.number() }),
            midpoint: z.object({ on: z.string(), value: z.number() }).nullable(),
            latest: z.object({ on: z.string(), value: z.number() }).nullable(),
            share: z.number().nullable(),
            reached: z.boolean(),
            trend: z.enum(['toward', 'away', 'flat']).nullable(),
          })
          .nullable(),
      }),
    ),
    sessions: sessionsSummary.extend({
      attendance: z.array(z.object({ startsAt: z.string(), status: z.string() })),
    }),
    commitments: z.object({
      sessions: z.array(commitmentCounts.extend({ sessionId: z.string(), sessionOn: z.string() })),
      overall: commitmentCounts,
    }),
  })
  .meta({ id: 'SponsorReport' });
export type SponsorReport = z.infer<typeof sponsorReportSchema>;
