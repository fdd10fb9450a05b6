import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Account recovery and calendar feeds. Calendar feed tokens were stored as they are; they are now
 * stored as their SHA-256 (like API tokens), so the addresses people already subscribed to keep
 * working while the database no longer holds them. The hash is computed here rather than in SQL,
 * which SQLite cannot do, and written out here so this migration never changes with the app's code.
 * A reset link can now be withdrawn (a newer one was used, or the password changed), and an
 * invitation remembers who asked the coach to join with it under another address.
 */
export const accountHardening: NeutralMigration = {
  async up(db: Kysely<any>) {
    const feeds = await db.selectFrom('calendar_feeds').select(['user_id', 'token']).execute();
    for (const feed of feeds) {
      const hash = crypto.createHash('sha256').update(feed.token).digest('hex');
      await db.updateTable('calendar_feeds').set({ token: hash }).where('user_id', '=', feed.user_id).execute();
    }
    await db.schema.alterTable('calendar_feeds').renameColumn('token', 'token_hash').execute();

    await db.schema.alterTable('password_resets').addColumn('revoked_at', 'text').execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

    await db.schema
      .alterTable('invitations')
      .addColumn('requested_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('invitations').addColumn('requested_at', 'text').execute();
  },
};
