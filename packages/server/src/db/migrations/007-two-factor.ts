import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Two-factor authentication: one authenticator per user (enabled_at is null while enrollment awaits its
 * confirming code), hashed single-use recovery codes, and the short-lived pending logins between the
 * password step and the code step.
 */
export const twoFactor: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('user_two_factor')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('enabled_at', 'text')
      // The last TOTP time step accepted at log-in, so a code seen over someone's shoulder cannot be replayed.
      .addColumn('last_used_step', 'integer')
      .execute();
    await db.schema
      .createTable('two_factor_recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('two_factor_recovery_codes_user').on('two_factor_recovery_codes').column('user_id').execute();
    await db.schema
      .createTable('pending_logins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('pending_logins_user').on('pending_logins').column('user_id').execute();
  },
};
