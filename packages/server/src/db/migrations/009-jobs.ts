import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * The jobs table (an outbox: work a change asks for, written in the change's own transaction and run
 * by a worker after it commits) and the rate-limit counters every instance shares.
 *
 * A job is `pending` until a worker claims it (`running`, with `locked_by` and `locked_until`), then
 * `done`, or `pending` again with a later `run_at` and its `last_error` after a failed attempt, or
 * `failed` after `max_attempts`. A periodic job has a `unique_key` (one row per kind) and goes back to
 * `pending` after each run. `engagement_id` says whose coach may see the job when it fails.
 */
export const jobs: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('engagement_id', 'text')
      .addColumn('unique_key', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    // Workers look for due pending jobs (and running ones whose lock expired) by time.
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema.createIndex('jobs_engagement').on('jobs').columns(['engagement_id', 'status']).execute();

    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
