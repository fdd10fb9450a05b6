import type { Kysely, Transaction } from 'kysely';
import type { CheckInsTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertCheckIn(db: Q, row: CheckInsTable): Promise<void> {
  await db.insertInto('check_ins').values(row).execute();
}

export function findCheckIn(db: Q, id: string) {
  return db.selectFrom('check_ins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The check-in that corrected this one, if any. */
export function findCorrectionOf(db: Q, id: string) {
  return db.selectFrom('check_ins').select(['id']).where('corrects_id', '=', id).executeTakeFirst();
}

/** Every check-in of an engagement (or of some goal cards), corrections too, with who recorded it, oldest first. */
export function listCheckIns(db: Q, engagementId: string, cardIds?: readonly string[]) {
  let q = db
    .selectFrom('check_ins as c')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .selectAll('c')
    .select('u.name as recorded_by_name')
    .where('c.engagement_id', '=', engagementId);
  if (cardIds) {
    if (cardIds.length === 0) return Promise.resolve([]);
    q = q.where('c.card_id', 'in', cardIds);
  }
  return q.orderBy('c.recorded_at').orderBy('c.id').execute();
}

/** The signed contracts of an engagement (signed, active or ended), whose goals' measures count. */
export function listSignedContracts(db: Q, engagementId: string) {
  return db
    .selectFrom('contracts')
    .select(['id', 'status', 'signed_at', 'version', 'content'])
    .where('engagement_id', '=', engagementId)
    .where('status', 'in', ['signed', 'active', 'ended'])
    .execute();
}

/** Goal cards (not archived) standing for contract goals, by the goal's id; the first created wins. */
export async function goalCardsByGoalId(db: Q, engagementId: string): Promise<Map<string, { id: string; title: string }>> {
  const rows = await db
    .selectFrom('cards')
    .select(['id', 'title', 'deliverable_id'])
    .where('engagement_id', '=', engagementId)
    .where('type', '=', 'goal')
    .where('deliverable_id', 'is not', null)
    .where('archived_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const out = new Map<string, { id: string; title: string }>();
  for (const r of rows) if (!out.has(r.deliverable_id as string)) out.set(r.deliverable_id as string, { id: r.id, title: r.title });
  return out;
}

/** The starts of the sessions held, oldest first. */
export function listHeldSessionStarts(db: Q, engagementId: string) {
  return db
    .selectFrom('coaching_sessions')
    .select('starts_at')
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'held')
    .orderBy('starts_at')
    .execute();
}

/** When the engagement's latest session closed before this one started (null before any closed). */
export async function previousClosedAt(db: Q, engagementId: string, beforeStartsAt: string, exceptId: string): Promise<string | null> {
  const row = await db
    .selectFrom('coaching_sessions')
    .select('closed_at')
    .where('engagement_id', '=', engagementId)
    .where('closed_at', 'is not', null)
    .where('starts_at', '<', beforeStartsAt)
    .where('id', '!=', exceptId)
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.closed_at ?? null;
}
