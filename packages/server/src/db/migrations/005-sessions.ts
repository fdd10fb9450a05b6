import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/** Coaching sessions, their series, notes, WIFLE, commitments and reviews, calendar feeds and reminders. */
export const sessions: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('session_series')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('first_starts_at', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .execute();
    await db.schema
      .createTable('coaching_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('series_id', 'text', (c) => c.references('session_series.id').onDelete('set null'))
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('video_url', 'text')
      .addColumn('place', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('stage', 'text')
      .addColumn('started_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('cancel_reason', 'text')
      .addColumn('recap', 'text')
      .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('coaching_sessions_engagement').on('coaching_sessions').columns(['engagement_id', 'starts_at']).execute();
    await db.schema.createIndex('coaching_sessions_series').on('coaching_sessions').columns(['series_id', 'starts_at']).execute();
    await db.schema.createIndex('coaching_sessions_upcoming').on('coaching_sessions').columns(['status', 'starts_at']).execute();
    await db.schema
      .createTable('session_notes')
      .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_notes_pk', ['session_id', 'visibility'])
      .execute();
    await db.schema
      .createTable('session_participants')
      .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('wifle_note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('wifle_done_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_participants_pk', ['session_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('commitments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
      .addColumn('card_id', 'text', (c) => c.notNull().references('cards.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('due_on', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('review_session_id', 'text')
      .addColumn('review_result', 'text')
      .addColumn('review_column_kind', 'text')
      .addColumn('reviewed_at', 'text')
      .addUniqueConstraint('commitments_session_card', ['session_id', 'card_id'])
      .execute();
    await db.schema.createIndex('commitments_engagement').on('commitments').columns(['engagement_id', 'review_result']).execute();
    await db.schema.createIndex('commitments_due').on('commitments').columns(['review_result', 'due_on']).execute();
    await db.schema
      .createTable('calendar_feeds')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_fetched_at', 'text')
      .execute();
    await db.schema
      .createTable('reminders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('remind_key', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('emailed_at', 'text')
      .addColumn('dismissed_at', 'text')
      .addUniqueConstraint('reminders_user_key', ['user_id', 'remind_key'])
      .execute();
    await db.schema.createIndex('reminders_user').on('reminders').columns(['user_id', 'due_at']).execute();
  },
};
