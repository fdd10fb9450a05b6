import type { Kysely, Transaction } from 'kysely';
import type { Database, VisionCommentsTable, VisionDocumentsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function findVision(db: Q, engagementId: string) {
  return db.selectFrom('vision_documents').selectAll().where('engagement_id', '=', engagementId).executeTakeFirst();
}

/** Writes the engagement's one vision document, creating it the first time. */
export async function upsertVision(db: Q, row: VisionDocumentsTable, exists: boolean): Promise<void> {
  if (exists) {
    const { engagement_id, created_at: _created, ...rest } = row;
    await db.updateTable('vision_documents').set(rest).where('engagement_id', '=', engagement_id).execute();
  } else {
    await db.insertInto('vision_documents').values(row).execute();
  }
}

export async function insertVisionComment(db: Q, row: VisionCommentsTable): Promise<void> {
  await db.insertInto('vision_comments').values(row).execute();
}

/** Comments with their authors' names and current roles, oldest first. */
export function listVisionComments(db: Q, engagementId: string) {
  return db
    .selectFrom('vision_comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .leftJoin('engagement_members as m', (j) => j.onRef('m.user_id', '=', 'c.author_id').onRef('m.engagement_id', '=', 'c.engagement_id'))
    .select(['c.id', 'c.body', 'c.created_at', 'u.id as author_id', 'u.name as author_name', 'm.role as author_role'])
    .where('c.engagement_id', '=', engagementId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}
