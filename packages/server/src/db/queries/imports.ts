import type { Kysely, Transaction } from 'kysely';
import type { Database, ImportRefsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** What earlier imports of this source made, as "kind:external id" → local id. */
export async function importRefs(db: Q, engagementId: string, source: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('import_refs')
    .select(['kind', 'external_id', 'local_id'])
    .where('engagement_id', '=', engagementId)
    .where('source', '=', source)
    .execute();
  return new Map(rows.map((r) => [`${r.kind}:${r.external_id}`, r.local_id]));
}

export async function insertImportRef(db: Q, row: ImportRefsTable): Promise<void> {
  await db.insertInto('import_refs').values(row).execute();
}
