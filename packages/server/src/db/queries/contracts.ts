import type { Kysely, Transaction } from 'kysely';
import type { ContractAuditTable, ContractPdfsTable, ContractSignaturesTable, ContractsTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function findContract(db: Q, id: string) {
  return db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listContracts(db: Q, engagementId: string) {
  return db.selectFrom('contracts').selectAll().where('engagement_id', '=', engagementId).orderBy('created_at', 'desc').orderBy('version', 'desc').execute();
}

/**
 * Signed contracts whose start date has come, and active ones past their end date, somewhere on Earth by
 * `latestToday` (the date in the most advanced time zone), with the coach's time zone each is judged by.
 */
export function contractsDueByDate(db: Q, latestToday: string) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('engagements as e', 'e.id', 'c.engagement_id')
    .innerJoin('users as u', 'u.id', 'e.coach_id')
    .selectAll('c')
    .select('u.time_zone as coach_time_zone')
    .where((eb) =>
      eb.or([
        eb.and([eb('c.status', '=', 'signed'), eb('c.starts_on', 'is not', null), eb('c.starts_on', '<=', latestToday)]),
        eb.and([eb('c.status', '=', 'active'), eb('c.ends_on', 'is not', null), eb('c.ends_on', '<', latestToday)]),
      ]),
    )
    .orderBy('c.engagement_id')
    .execute();
}

/** The contract that follows this one (its amendment or renewal), if any. */
export function findNextContract(db: Q, id: string) {
  return db.selectFrom('contracts').selectAll().where('previous_id', '=', id).orderBy('created_at', 'desc').executeTakeFirst();
}

export async function insertContract(db: Q, row: ContractsTable): Promise<void> {
  await db.insertInto('contracts').values(row).execute();
}

/** Updates a contract only while it is still in the status the caller read, so concurrent transitions can't both win. */
export async function updateContractIfStatus(db: Q, id: string, status: string, patch: Partial<Omit<ContractsTable, 'id'>>): Promise<boolean> {
  const r = await db.updateTable('contracts').set(patch).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function listSignatures(db: Q, contractIds: string[]) {
  if (contractIds.length === 0) return Promise.resolve([] as ContractSignaturesTable[]);
  return db.selectFrom('contract_signatures').selectAll().where('contract_id', 'in', contractIds).orderBy('signed_at').execute();
}

export async function insertSignature(db: Q, row: ContractSignaturesTable): Promise<void> {
  await db.insertInto('contract_signatures').values(row).execute();
}

export async function insertAudit(db: Q, row: Omit<ContractAuditTable, 'id'>): Promise<void> {
  await db.insertInto('contract_audit').values(row).execute();
}

/** The contract's trail with the actors' names, in the order it happened. */
export function listAudit(db: Q, contractId: string) {
  return db
    .selectFrom('contract_audit as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.type', 'a.actor_id', 'u.name as actor_name', 'a.ip', 'a.user_agent', 'a.detail', 'a.created_at'])
    .where('a.contract_id', '=', contractId)
    .orderBy('a.id')
    .execute();
}

export async function hasAudit(db: Q, contractId: string, type: string, actorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('contract_audit')
    .select('id')
    .where('contract_id', '=', contractId)
    .where('type', '=', type)
    .where('actor_id', '=', actorId)
    .executeTakeFirst();
  return !!row;
}

export function findPdf(db: Q, sha256: string) {
  return db.selectFrom('contract_pdfs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export async function insertPdfIfNew(db: Q, row: ContractPdfsTable): Promise<void> {
  if (await findPdf(db, row.sha256)) return;
  await db.insertInto('contract_pdfs').values(row).execute();
}

/** The most recent contract that was signed with this content hash. */
export function findSignedByContentHash(db: Q, contentSha256: string) {
  return db
    .selectFrom('contracts')
    .selectAll()
    .where('content_sha256', '=', contentSha256)
    .where('signed_at', 'is not', null)
    .orderBy('signed_at', 'desc')
    .executeTakeFirst();
}

/** Cards on the board that came from a contract item, by item id (goal or deliverable), with how many are done. */
export async function cardsByContractItem(
  db: Q,
  engagementId: string,
  itemIds: string[],
): Promise<Map<string, { total: number; done: number; ids: string[] }>> {
  const out = new Map<string, { total: number; done: number; ids: string[] }>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectFrom('cards')
    .select(['id', 'deliverable_id', 'finished_at'])
    .where('engagement_id', '=', engagementId)
    .where('deliverable_id', 'in', itemIds)
    .where('archived_at', 'is', null)
    .execute();
  for (const r of rows) {
    const key = r.deliverable_id as string;
    const cur = out.get(key) ?? { total: 0, done: 0, ids: [] };
    cur.total += 1;
    if (r.finished_at) cur.done += 1;
    cur.ids.push(r.id);
    out.set(key, cur);
  }
  return out;
}

/** Takes the contract's row lock for the rest of the transaction (a no-op write), so concurrent signatures are counted one after another. */
export async function lockContract(db: Q, id: string): Promise<void> {
  await db.updateTable('contracts').set({ id }).where('id', '=', id).execute();
}
