import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/** Which goal cards the coachee (or coach) chose to show the sponsor: a row means shared. */
export const metrics: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('goal_sharing')
      .addColumn('card_id', 'text', (c) => c.primaryKey().references('cards.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('shared_by', 'text', (c) => c.notNull())
      .addColumn('shared_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('goal_sharing_engagement').on('goal_sharing').column('engagement_id').execute();
  },
};
