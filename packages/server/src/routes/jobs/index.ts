import { errorBodySchema, type FailedJob, failedJobSchema, idSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listTroubledJobs } from '../../db/queries/jobs.js';
import type { JobsTable } from '../../db/schema.js';
import { accessOf } from '../../plugins/access.js';

/** A job in words, from what its payload keeps after it failed (never a body or a link). */
function describe(job: JobsTable): string {
  const p = JSON.parse(job.payload) as Record<string, unknown>;
  if (job.kind === 'email') return `Email to ${String(p.to)}: “${String(p.subject)}”`;
  if (job.kind === 'session-recap') return 'Queuing the session recap emails';
  if (job.kind === 'webhook') return `Webhook delivery of ${String(p.eventType)} to ${String(p.url)}`;
  return job.kind;
}

function present(job: JobsTable): FailedJob {
  const failed = job.status === 'failed';
  return {
    id: job.id,
    kind: job.kind,
    what: describe(job),
    status: failed ? 'failed' : 'retrying',
    attempts: job.attempts,
    maxAttempts: job.max_attempts,
    lastError: job.last_error ?? '',
    nextAttemptAt: failed ? null : job.run_at,
    updatedAt: job.updated_at,
  };
}

/** Work of an engagement done after the fact (emails, recaps) that failed, for its coach to see. */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/engagements/:id/failed-jobs',
    {
      schema: {
        tags: ['engagements'],
        summary: 'Emails and other work of this engagement that could not be done: failed for good, or being tried again (coach only)',
        params: z.object({ id: idSchema }),
        response: { 200: z.object({ jobs: z.array(failedJobSchema) }), 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema },
      },
      config: { access: { kind: 'engagement', action: 'jobs.read', resource: 'engagement' } },
    },
    async (request) => ({ jobs: (await listTroubledJobs(app.db, accessOf(request).engagement.id)).map(present) }),
  );
};
