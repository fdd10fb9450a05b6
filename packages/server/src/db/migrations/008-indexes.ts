import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Indexes for reads that grow with a whole practice. The board counts comments per card of one
 * engagement; without this index that count scanned every comment in the database, and with the card
 * id in it the count is read from the index alone, already grouped.
 */
export const indexes: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('card_comments_engagement').on('card_comments').columns(['engagement_id', 'card_id']).execute();
  },
};
