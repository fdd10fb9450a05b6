import type { Kysely, Transaction } from 'kysely';
import { insertJob } from '../../db/queries/jobs.js';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { Mail } from '../../plugins/mailer.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Attempts a job gets before it is marked failed: with the retry backoff, about two hours of tries. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** Whose coach sees the job if it fails. */
  engagementId?: string | null;
  /** When it may run; now by default. */
  runAt?: string;
  maxAttempts?: number;
}

/**
 * Adds a job to the jobs table. Called inside the transaction of the change that asks for it, so the job
 * exists exactly when the change committed; a worker runs it afterwards, never the request.
 */
export async function enqueueJob(db: Q, job: NewJob): Promise<string> {
  const now = nowIso();
  const id = newId();
  await insertJob(db, {
    id,
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    engagement_id: job.engagementId ?? null,
    unique_key: null,
    status: 'pending',
    attempts: 0,
    max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    run_at: job.runAt ?? now,
    locked_until: null,
    locked_by: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  return id;
}

/**
 * Queues one email; the worker sends it (and retries it) after the caller's transaction commits. Mail to
 * a sample engagement's fictional member (a reserved example.org address nobody reads) is never queued:
 * null then.
 */
export async function enqueueEmail(db: Q, mail: Mail, opts: { engagementId?: string | null; runAt?: string } = {}): Promise<string | null> {
  const placeholder = await db.selectFrom('users').select('id').where('email', '=', mail.to).where('sample_engagement_id', 'is not', null).executeTakeFirst();
  if (placeholder) return null;
  return enqueueJob(db, { kind: 'email', payload: { to: mail.to, subject: mail.subject, text: mail.text }, ...opts });
}
