import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { BoardColumnsTable, CardCommentsTable, CardsTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function listColumns(db: Q, engagementId: string) {
  return db.selectFrom('board_columns').selectAll().where('engagement_id', '=', engagementId).orderBy('position').execute();
}

export function findColumn(db: Q, id: string) {
  return db.selectFrom('board_columns').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertColumn(db: Q, row: BoardColumnsTable): Promise<void> {
  await db.insertInto('board_columns').values(row).execute();
}

export async function updateColumnRow(db: Q, id: string, patch: Partial<Omit<BoardColumnsTable, 'id'>>): Promise<void> {
  await db.updateTable('board_columns').set(patch).where('id', '=', id).execute();
}

export async function deleteColumnRow(db: Q, id: string): Promise<void> {
  await db.deleteFrom('board_columns').where('id', '=', id).execute();
}

/** Live (not archived) cards of an engagement, in board order, leaving out the columns named in `except`. */
export function listBoardCards(db: Q, engagementId: string, except: string[] = []) {
  let q = db.selectFrom('cards').selectAll().where('engagement_id', '=', engagementId).where('archived_at', 'is', null);
  if (except.length > 0) q = q.where('column_id', 'not in', except);
  return q.orderBy('column_id').orderBy('position').execute();
}

/** Where a page of a column's cards by recency ends: the entry time and id of its oldest card. */
export interface RecencyCursor {
  enteredAt: string;
  id: string;
}

/** Whether a card entered its column before the cursor's card (ties broken by id, so the order is total). */
function before(cursor: RecencyCursor) {
  return (eb: ExpressionBuilder<Database, 'cards'>) =>
    eb.or([eb('column_entered_at', '<', cursor.enteredAt), eb.and([eb('column_entered_at', '=', cursor.enteredAt), eb('id', '<', cursor.id)])]);
}

/** A column's live cards, the ones that entered it last first, optionally only those older than a cursor. */
export function listCardsByRecency(db: Q, columnId: string, limit: number, cursor?: RecencyCursor) {
  let q = db.selectFrom('cards').selectAll().where('column_id', '=', columnId).where('archived_at', 'is', null);
  if (cursor) q = q.where(before(cursor));
  return q.orderBy('column_entered_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** How many of a column's live cards entered it before the cursor, in all and per goal they serve. */
export async function tallyCardsBefore(db: Q, columnId: string, cursor: RecencyCursor): Promise<{ count: number; byGoal: Record<string, number> }> {
  const rows = await db
    .selectFrom('cards')
    .select(['parent_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('column_id', '=', columnId)
    .where('archived_at', 'is', null)
    .where(before(cursor))
    .groupBy('parent_id')
    .execute();
  const byGoal: Record<string, number> = {};
  let count = 0;
  for (const r of rows) {
    const n = Number(r.n);
    count += n;
    if (r.parent_id) byGoal[r.parent_id] = n;
  }
  return { count, byGoal };
}

export function listArchivedCards(db: Q, engagementId: string) {
  return db
    .selectFrom('cards')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('archived_at', 'is not', null)
    .orderBy('archived_at', 'desc')
    .limit(500)
    .execute();
}

export function findCard(db: Q, id: string) {
  return db.selectFrom('cards').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCard(db: Q, row: CardsTable): Promise<void> {
  await db.insertInto('cards').values(row).execute();
}

/** Writes a card only if its version is still `version`; returns whether it did (optimistic concurrency). */
export async function updateCardIfVersion(db: Q, id: string, version: number, patch: Partial<Omit<CardsTable, 'id'>>): Promise<boolean> {
  const r = await db.updateTable('cards').set(patch).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Number of live cards in a column (blocked ones count toward WIP). */
export async function countCardsInColumn(db: Q, columnId: string): Promise<number> {
  const r = await db
    .selectFrom('cards')
    .select(db.fn.countAll<number>().as('n'))
    .where('column_id', '=', columnId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The last position in a column, ignoring one card (the one being moved). */
export async function lastPosition(db: Q, columnId: string, exceptCardId?: string): Promise<string | null> {
  let q = db.selectFrom('cards').select(db.fn.max('position').as('p')).where('column_id', '=', columnId).where('archived_at', 'is', null);
  if (exceptCardId) q = q.where('id', '!=', exceptCardId);
  const r = await q.executeTakeFirst();
  return (r?.p as string | null | undefined) ?? null;
}

/** The neighbour position just after `position` in a column (or null), ignoring one card. */
export async function nextPosition(db: Q, columnId: string, position: string, exceptCardId: string): Promise<string | null> {
  const r = await db
    .selectFrom('cards')
    .select(db.fn.min('position').as('p'))
    .where('column_id', '=', columnId)
    .where('archived_at', 'is', null)
    .where('position', '>', position)
    .where('id', '!=', exceptCardId)
    .executeTakeFirst();
  return (r?.p as string | null | undefined) ?? null;
}

/** The neighbour position just before `position` in a column (or null), ignoring one card. */
export async function previousPosition(db: Q, columnId: string, position: string, exceptCardId: string): Promise<string | null> {
  const r = await db
    .selectFrom('cards')
    .select(db.fn.max('position').as('p'))
    .where('column_id', '=', columnId)
    .where('archived_at', 'is', null)
    .where('position', '<', position)
    .where('id', '!=', exceptCardId)
    .executeTakeFirst();
  return (r?.p as string | null | undefined) ?? null;
}

/** Comment counts per card of an engagement, in one grouped query. */
/** Comments per card of an engagement (or of the cards named). */
export async function commentCounts(db: Q, engagementId: string, cardIds?: string[]): Promise<Map<string, number>> {
  if (cardIds?.length === 0) return new Map();
  let q = db
    .selectFrom('card_comments')
    .select(['card_id', db.fn.countAll<number>().as('n')])
    .where('engagement_id', '=', engagementId);
  if (cardIds) q = q.where('card_id', 'in', cardIds);
  const rows = await q.groupBy('card_id').execute();
  return new Map(rows.map((r) => [r.card_id, Number(r.n)]));
}

export async function commentCount(db: Q, cardId: string): Promise<number> {
  const r = await db.selectFrom('card_comments').select(db.fn.countAll<number>().as('n')).where('card_id', '=', cardId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Children of goal cards: total and finished, per parent. */
export async function childProgress(db: Q, engagementId: string, parentIds?: string[]): Promise<Map<string, { total: number; done: number }>> {
  let q = db
    .selectFrom('cards')
    .innerJoin('board_columns', 'board_columns.id', 'cards.column_id')
    .select(['cards.parent_id', 'board_columns.kind'])
    .where('cards.engagement_id', '=', engagementId)
    .where('cards.archived_at', 'is', null)
    .where('cards.parent_id', 'is not', null);
  if (parentIds) {
    if (parentIds.length === 0) return new Map();
    q = q.where('cards.parent_id', 'in', parentIds);
  }
  const rows = await q.execute();
  const out = new Map<string, { total: number; done: number }>();
  for (const r of rows) {
    const key = r.parent_id as string;
    const p = out.get(key) ?? { total: 0, done: 0 };
    p.total += 1;
    if (r.kind === 'done') p.done += 1;
    out.set(key, p);
  }
  return out;
}

export async function insertComment(db: Q, row: CardCommentsTable): Promise<void> {
  await db.insertInto('card_comments').values(row).execute();
}

export function listComments(db: Q, cardId: string) {
  return (
    db
      .selectFrom('card_comments')
      .innerJoin('users', 'users.id', 'card_comments.author_id')
      .select(['card_comments.id', 'card_comments.body', 'card_comments.created_at', 'card_comments.author_id'])
      // An imported comment shows its author from the source.
      .select(sql<string>`coalesce(card_comments.imported_author, users.name)`.as('author_name'))
      .where('card_comments.card_id', '=', cardId)
      .orderBy('card_comments.created_at')
      .execute()
  );
}

/** Every logged change of a card, oldest first, with the actor's name. */
export function cardHistory(db: Q, cardId: string) {
  return db
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_id')
    .select(['events.id', 'events.type', 'events.payload', 'events.created_at', 'events.actor_id', 'users.name as actor_name'])
    .where('events.entity_type', '=', 'card')
    .where('events.entity_id', '=', cardId)
    .orderBy('events.id')
    .execute();
}
