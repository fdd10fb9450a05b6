import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * The session room is one room for everyone in it:
 * - `coaching_sessions.focus_card_id`: the card the coach is discussing at the current stage (null: the first one);
 * - `session_participants.agreed_at`: when each person said "We agree" to the commitments;
 * - `cards.sent_back_reason`: why a card was sent back from Verify, shown on it until it reaches Verify again;
 * - `session_addenda`: what was added to a session's notes after it closed, shown as such in the recap.
 */
export const oneRoom: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('coaching_sessions').addColumn('focus_card_id', 'text').execute();
    await db.schema.alterTable('session_participants').addColumn('agreed_at', 'text').execute();
    await db.schema.alterTable('cards').addColumn('sent_back_reason', 'text').execute();
    await db.schema
      .createTable('session_addenda')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('session_addenda_session').on('session_addenda').columns(['session_id', 'created_at']).execute();
  },
};
