import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * The board shows a done column's most recently finished cards and pages through the older ones on demand:
 * both read a column's cards by when they entered it, newest first.
 */
export const doneRecency: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('cards_column_entered').on('cards').columns(['column_id', 'column_entered_at', 'id']).execute();
  },
};
