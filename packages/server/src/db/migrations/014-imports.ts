import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Imports (a Trello board, a CSV of cards): `import_refs` remembers what each source item became
 * (a card, a comment, a column), so importing the same source again adds only what is new. A comment
 * whose author is not a member keeps the author's name from the source in `imported_author`.
 */
export const imports: NeutralMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('import_refs')
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('local_id', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_refs_pk', ['engagement_id', 'source', 'kind', 'external_id'])
      .execute();
    await db.schema.alterTable('card_comments').addColumn('imported_author', 'text').execute();
  },
};
