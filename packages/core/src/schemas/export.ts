import { z } from 'zod';
import { metricsSchema } from './metrics.js';

const row = (shape: z.ZodRawShape) => z.object(shape).loose();

/**
 * The whole engagement as one JSON document (data portability). The main fields of each part are named
 * here; each part may carry more, so readers should ignore fields they do not know.
 */
export const engagementExportSchema = z
  .object({
    format: z.literal('carriage.engagement'),
    formatVersion: z.literal(1),
    exportedAt: z.string(),
    exportedBy: z.object({ userId: z.string(), role: z.enum(['coach', 'coachee', 'sponsor']) }),
    engagement: row({ id: z.string(), title: z.string(), status: z.string(), startsOn: z.string().nullable(), endsOn: z.string().nullable() }),
    members: z.array(row({ userId: z.string(), name: z.string(), role: z.string() })),
    vision: row({ currentSituation: z.string().nullable(), desiredFuture: z.string().nullable() }).nullable(),
    board: z.object({
      columns: z.array(row({ id: z.string(), name: z.string(), kind: z.string() })),
      cards: z.array(
        row({ id: z.string(), columnId: z.string(), type: z.string(), title: z.string(), comments: z.array(row({ id: z.string(), body: z.string() })) }),
      ),
    }),
    contracts: z.array(row({ id: z.string(), status: z.string(), title: z.string(), signatures: z.array(row({ userId: z.string() })) })),
    sessions: z.array(row({ id: z.string(), startsAt: z.string(), status: z.string(), commitments: z.array(row({ id: z.string(), cardId: z.string() })) })),
    activity: z.array(row({ id: z.number(), type: z.string(), createdAt: z.string() })),
    metrics: metricsSchema,
    measures: z
      .array(row({ cardId: z.string() }))
      .optional()
      .describe('Goals’ measures with every check-in'),
  })
  // New parts may be added to the format; readers ignore what they do not know.
  .loose()
  .meta({ id: 'EngagementExport' });
