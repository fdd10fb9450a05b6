import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Webhooks: endpoints a coach registered (for one engagement, or every engagement they coach when
 * `engagement_id` is null) with the event types they want and the secret that signs each delivery.
 *
 * A `webhook_deliveries` row is one event for one webhook, written in the transaction that appended the
 * event, with the `webhook` job that sends it (`job_id`, in the jobs table: its claim, retries and backoff);
 * `status` is what the delivery log shows. `webhook_attempts` keeps every attempt.
 */
export const webhooks: NeutralMigration = {
  async up(db: Kysely<any>, engine) {
    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.references('engagements.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('event_types', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhooks_owner').on('webhooks').column('owner_id').execute();
    await db.schema.createIndex('webhooks_engagement').on('webhooks').column('engagement_id').execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
      .addColumn('event_id', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // One delivery per event and webhook, however often the enqueue runs.
      .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_id'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').column('delivery_id').execute();
  },
};
