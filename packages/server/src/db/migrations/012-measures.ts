import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Check-ins: values of a goal's measure, recorded against the goal's card. A correction is a new row
 * naming the one it corrects (at most one correction per row: corrections chain), so nothing is lost.
 */
export const measures: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('check_ins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('card_id', 'text', (c) => c.notNull().references('cards.id').onDelete('cascade'))
      .addColumn('goal_id', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('observed_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('session_id', 'text', (c) => c.references('coaching_sessions.id').onDelete('set null'))
      .addColumn('corrects_id', 'text', (c) => c.references('check_ins.id').onDelete('cascade'))
      .addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('check_ins_card').on('check_ins').columns(['card_id', 'observed_on']).execute();
    await db.schema.createIndex('check_ins_engagement').on('check_ins').columns(['engagement_id', 'recorded_at']).execute();
    await db.schema.createIndex('check_ins_corrects').on('check_ins').column('corrects_id').unique().execute();
  },
};
