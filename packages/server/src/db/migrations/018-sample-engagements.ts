import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Sample engagements: `engagements.sample` (0/1) marks one made by "Try a sample engagement", which is left
 * out of invoices, the money view and webhooks and can be deleted in one step. Its fictional coachee is a
 * user that cannot log in and receives no mail; `users.sample_engagement_id` names the sample it belongs
 * to, so deleting the sample deletes that user too.
 */
export const sampleEngagements: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('engagements')
      .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('users').addColumn('sample_engagement_id', 'text').execute();
    await db.schema.createIndex('engagements_sample_coach').on('engagements').columns(['coach_id', 'sample']).execute();
  },
};
