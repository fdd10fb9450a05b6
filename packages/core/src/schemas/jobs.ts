import { z } from 'zod';
import { idSchema } from './common.js';

/** Work done after a change (an email, a recap) that could not be done: failed for good, or failed and tried again later. */
export const failedJobSchema = z
  .object({
    id: idSchema,
    kind: z.string(),
    /** What it was for, in words: "Email to ana@example.com: “Reminder: …”". */
    what: z.string(),
    status: z.enum(['failed', 'retrying']),
    attempts: z.number(),
    maxAttempts: z.number(),
    /** The last attempt's error message (never the email's body or a link). */
    lastError: z.string(),
    nextAttemptAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'FailedJob' });

export type FailedJob = z.infer<typeof failedJobSchema>;
