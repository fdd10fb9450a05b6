import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

export const contracts: NeutralMigration = {
  async up(db: Kysely<any>, engine) {
    await db.schema
      .createTable('vision_documents')
      .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id').onDelete('cascade'))
      .addColumn('current_situation', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('desired_future', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('goals', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('quote', 'text')
      .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('vision_comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('vision_comments_engagement').on('vision_comments').columns(['engagement_id', 'created_at']).execute();
    await db.schema
      .createTable('contracts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('previous_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text')
      .addColumn('ends_on', 'text')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('signed_at', 'text')
      .addColumn('declined_by', 'text')
      .addColumn('declined_at', 'text')
      .addColumn('declined_reason', 'text')
      .addColumn('withdrawn_at', 'text')
      .execute();
    await db.schema.createIndex('contracts_engagement').on('contracts').columns(['engagement_id', 'created_at']).execute();
    await db.schema.createIndex('contracts_previous').on('contracts').column('previous_id').execute();
    await db.schema.createIndex('contracts_content_sha256').on('contracts').column('content_sha256').execute();
    await db.schema
      .createTable('contract_signatures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('typed_name', 'text', (c) => c.notNull())
      .addColumn('consent', 'integer', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addUniqueConstraint('contract_signatures_one_per_signer', ['contract_id', 'user_id'])
      .execute();
    // The contract's own trail; ids increase so the order is exact even within one millisecond.
    await db.schema
      .createTable('contract_audit')
      .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contract_audit_contract').on('contract_audit').columns(['contract_id', 'id']).execute();
    // Every PDF issued, by the SHA-256 of its exact bytes, so an uploaded copy can be checked.
    await db.schema
      .createTable('contract_pdfs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contract_pdfs_contract').on('contract_pdfs').column('contract_id').execute();
  },
};
