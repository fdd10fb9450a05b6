import os from 'node:os';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Engine } from '../db/database.js';
import { claimDueJob, finishJob, insertPeriodicJob } from '../db/queries/jobs.js';
import type { Database, JobsTable } from '../db/schema.js';
import { newId } from '../lib/ids.js';

/** A claimed job as its handler sees it. */
export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  engagementId: string | null;
  /** This attempt's number, from 1. */
  attempt: number;
  /** Attempts it gets before it is marked failed. */
  maxAttempts: number;
}

/** What a handler runs with: `now` is the worker's clock (tests move it). */
export interface JobContext {
  db: Kysely<Database>;
  now: Date;
  log: FastifyBaseLogger;
}

export interface JobKind {
  run(job: ClaimedJob, ctx: JobContext): Promise<void>;
  /** A periodic job runs every `everyMs`: one row per kind, rescheduled after each run, never marked failed. */
  everyMs?: number;
  /** What of the payload stays on the row once the job is done or failed for good (drop bodies and links). */
  keep?(payload: Record<string, unknown>): Record<string, unknown>;
  /** The wait before the next attempt after `attempt` failed ones, when the kind has its own schedule. */
  retryDelayMs?(attempt: number): number;
}

/** A claim lasts this long; a worker that dies mid-job leaves it to be claimed again afterwards. */
const LOCK_MS = 5 * 60_000;
/** A job that runs longer than this counts as a failed attempt (well inside the lock). */
const RUN_TIMEOUT_MS = 4 * 60_000;
/** The first retry waits this long, each later one twice as long, never more than an hour. */
export const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;

/** How long to wait before attempt `attempt + 1`, after `attempt` failed attempts. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_MS);
}

/** An error as it is kept on the row and shown to a coach: the message only, credentials in addresses masked, bounded. */
export function describeJobError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message || 'The job failed without a message.').replace(/([a-z][a-z0-9+.-]*:\/\/)[^@\s/]*@/gi, '$1…@').slice(0, 500);
}

export interface RunSummary {
  done: number;
  retried: number;
  failed: number;
}

/**
 * Runs jobs from the jobs table: kinds are registered with their handlers; `runDue` claims and runs due
 * jobs one at a time until none is due; `start` polls every interval until `stop`.
 */
export class JobWorker {
  readonly workerId = `${os.hostname()}:${process.pid}:${newId().slice(0, 6)}`;
  private readonly kinds = new Map<string, JobKind>();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Adds a kind this worker runs; workers claim only kinds they know. */
  register(kind: string, def: JobKind): void {
    this.kinds.set(kind, def);
  }

  /** Makes sure each periodic kind has its one row (due now if it is new). */
  async seedPeriodic(now = new Date()): Promise<void> {
    for (const [kind, def] of this.kinds) {
      if (!def.everyMs) continue;
      const at = now.toISOString();
      await insertPeriodicJob(this.db, {
        id: newId(),
        kind,
        payload: '{}',
        engagement_id: null,
        unique_key: kind,
        status: 'pending',
        attempts: 0,
        max_attempts: 1,
        run_at: at,
        locked_until: null,
        locked_by: null,
        last_error: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      });
    }
  }

  /**
   * Claims and runs due jobs until none is due (or `limit` ran). `now` fixes the clock (tests); `kinds`
   * limits the kinds run. Returns how many were done, will be retried, and failed for good.
   */
  async runDue(opts: { now?: Date; kinds?: string[]; limit?: number } = {}): Promise<RunSummary> {
    const summary: RunSummary = { done: 0, retried: 0, failed: 0 };
    const kinds = [...this.kinds.keys()].filter((k) => !opts.kinds || opts.kinds.includes(k));
    for (let i = 0; i < (opts.limit ?? 1000) && !this.stopping; i++) {
      const outcome = await this.runOne(kinds, opts.now ?? new Date());
      if (!outcome) break;
      summary[outcome] += 1;
    }
    return summary;
  }

  private async runOne(kinds: string[], now: Date): Promise<keyof RunSummary | null> {
    const row = await claimDueJob(this.db, this.engine, {
      kinds,
      now: now.toISOString(),
      workerId: this.workerId,
      lockedUntil: new Date(now.getTime() + LOCK_MS).toISOString(),
    });
    if (!row) return null;
    const def = this.kinds.get(row.kind) as JobKind;
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    const finishedAt = new Date().toISOString();
    const finish = (patch: Partial<JobsTable>) => finishJob(this.db, row.id, this.workerId, { updated_at: finishedAt, ...patch });
    const kept = () => JSON.stringify(def.keep ? def.keep(payload) : payload);

    let error: string | null = null;
    if (!def.everyMs && row.attempts > row.max_attempts) {
      error = 'The worker running it stopped before it finished, too many times.';
    } else {
      try {
        await runWithTimeout(
          def.run(
            { id: row.id, kind: row.kind, payload, engagementId: row.engagement_id, attempt: row.attempts, maxAttempts: row.max_attempts },
            { db: this.db, now, log: this.log },
          ),
        );
      } catch (err) {
        error = describeJobError(err);
      }
    }

    if (def.everyMs) {
      // Periodic: run again after the interval, or sooner after a failure (never later than the interval).
      const wait = error ? Math.min(retryDelayMs(row.attempts), def.everyMs) : def.everyMs;
      if (error) this.log.error({ job: row.id, kind: row.kind, attempt: row.attempts, error }, 'A periodic job failed; it runs again later');
      await finish({
        status: 'pending',
        attempts: error ? row.attempts : 0,
        last_error: error,
        run_at: new Date(now.getTime() + wait).toISOString(),
      });
      return error ? 'retried' : 'done';
    }
    if (!error) {
      await finish({ status: 'done', payload: kept(), finished_at: finishedAt });
      return 'done';
    }
    if (row.attempts >= row.max_attempts) {
      this.log.error({ job: row.id, kind: row.kind, engagementId: row.engagement_id, attempts: row.attempts, error }, 'A job failed for good');
      await finish({ status: 'failed', last_error: error, payload: kept(), finished_at: finishedAt });
      return 'failed';
    }
    this.log.warn({ job: row.id, kind: row.kind, attempt: row.attempts, error }, 'A job failed; it is tried again later');
    const wait = (def.retryDelayMs ?? retryDelayMs)(row.attempts);
    await finish({ status: 'pending', last_error: error, run_at: new Date(now.getTime() + wait).toISOString() });
    return 'retried';
  }

  /** Polls for due jobs every `intervalMs` in this process (one pass at a time). */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.stopping = false;
    const tick = () => {
      this.pass = this.runDue()
        .catch((err) => this.log.error({ err }, 'The job worker could not run its pass'))
        .finally(() => {
          this.pass = null;
          if (!this.stopping) {
            this.timer = setTimeout(tick, intervalMs);
            this.timer.unref();
          }
        });
    };
    this.timer = setTimeout(tick, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for the job being run to finish, so the database can close after. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
    this.stopping = false;
  }
}

function runWithTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`It did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes.`)), RUN_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the app's due jobs now (tests drive the worker this way, with the poll interval at 0). */
export function runDueJobs(app: FastifyInstance, opts: { now?: Date; kinds?: string[]; limit?: number } = {}): Promise<RunSummary> {
  return app.jobs.runDue(opts);
}
