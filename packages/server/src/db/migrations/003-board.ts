import { type Kysely, sql } from 'kysely';
import type { NeutralMigration } from './index.js';

export const board: NeutralMigration = {
  async up(db: Kysely<any>, engine) {
    // Position keys must sort by code unit on both engines, whatever the database's locale.
    const positionType = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('board_columns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('wip_limit', 'integer')
      .addColumn('policy', 'text')
      .addColumn('position', positionType, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('board_columns_engagement').on('board_columns').columns(['engagement_id', 'position']).execute();
    await db.schema
      .createTable('cards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('column_id', 'text', (c) => c.notNull().references('board_columns.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('definition_of_done', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('due_on', 'text')
      .addColumn('event_at', 'text')
      .addColumn('event_place', 'text')
      .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('blocked_reason', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('contract_id', 'text')
      .addColumn('deliverable_id', 'text')
      .addColumn('position', positionType, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('wip_override_reason', 'text')
      .addColumn('archived_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('column_entered_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('cards_column_position').on('cards').columns(['column_id', 'position']).execute();
    await db.schema.createIndex('cards_engagement').on('cards').columns(['engagement_id', 'archived_at']).execute();
    await db.schema.createIndex('cards_parent').on('cards').column('parent_id').execute();
    await db.schema
      .createTable('card_comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('card_id', 'text', (c) => c.notNull().references('cards.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('card_comments_card').on('card_comments').columns(['card_id', 'created_at']).execute();
  },
};
