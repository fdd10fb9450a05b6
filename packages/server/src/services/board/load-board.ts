import { type Card, type Column, comparePositions, type OlderCards } from '@carriage/core';
import type { Kysely } from 'kysely';
import { childProgress, commentCounts, listBoardCards, listCardsByRecency, listColumns, type RecencyCursor, tallyCardsBefore } from '../../db/queries/board.js';
import { listMembers } from '../../db/queries/engagements.js';
import type { CardsTable, Database } from '../../db/schema.js';
import { presentColumn } from './manage-columns.js';
import { presentCard } from './present-card.js';

/**
 * How many cards a done column carries on the board: the ones that entered it last. A long engagement's Done
 * holds thousands of cards nobody looks at in a session; they load on demand (`loadOlderCards`), so the board
 * of a 5,000-card engagement weighs what its open cards and these weigh.
 */
export const recentDoneCards = 50;

export interface BoardView {
  engagementId: string;
  lastEventId: number;
  columns: (Column & { cards: Card[]; olderCards: OlderCards })[];
  members: { userId: string; name: string; role: string }[];
}

const noOlder: OlderCards = { count: 0, byGoal: {}, before: null };

/** The cursor a page of cards read by recency ends at, as the API spells it. */
const cursorOf = (c: CardsTable) => `${c.column_entered_at}|${c.id}`;

/** Reads the API's spelling of a cursor (already checked against olderCardsQuery). */
export function parseCursor(before: string): RecencyCursor {
  const at = before.indexOf('|');
  return { enteredAt: before.slice(0, at), id: before.slice(at + 1) };
}

/** What is left of a column after a page that ended with `last` (fewer than asked for: nothing). */
async function olderThan(db: Kysely<Database>, columnId: string, page: CardsTable[], limit: number): Promise<OlderCards> {
  const last = page.at(-1);
  if (!last || page.length < limit) return noOlder;
  const tally = await tallyCardsBefore(db, columnId, { enteredAt: last.column_entered_at, id: last.id });
  return tally.count === 0 ? noOlder : { ...tally, before: cursorOf(last) };
}

/** The board in one read: columns in order, their live cards in order (a done column its recent ones), and who can own cards. */
export async function loadBoard(db: Kysely<Database>, engagementId: string, lastEventId: number): Promise<BoardView> {
  const columns = await listColumns(db, engagementId);
  const done = columns.filter((c) => c.kind === 'done').map((c) => c.id);
  const [cards, recent, counts, progress, members] = await Promise.all([
    listBoardCards(db, engagementId, done),
    Promise.all(
      done.map(async (id) => {
        const page = await listCardsByRecency(db, id, recentDoneCards);
        return [id, { page, older: await olderThan(db, id, page, recentDoneCards) }] as const;
      }),
    ),
    commentCounts(db, engagementId),
    childProgress(db, engagementId),
    listMembers(db, engagementId),
  ]);
  const present = (c: CardsTable) => presentCard(c, { commentCount: counts.get(c.id) ?? 0, children: progress.get(c.id) });
  const byColumn = new Map<string, Card[]>();
  for (const c of cards) {
    const list = byColumn.get(c.column_id) ?? [];
    list.push(present(c));
    byColumn.set(c.column_id, list);
  }
  const recentByColumn = new Map(recent);
  for (const [id, { page }] of recentByColumn) {
    // Shown in board order, like every column.
    byColumn.set(id, [...page].sort((a, b) => comparePositions(a.position, b.position)).map(present));
  }
  return {
    engagementId,
    lastEventId,
    columns: columns.map((col) => ({ ...presentColumn(col), cards: byColumn.get(col.id) ?? [], olderCards: recentByColumn.get(col.id)?.older ?? noOlder })),
    members: members.filter((m) => m.role !== 'sponsor').map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
  };
}

/** A page of a column's cards older than `before`, the most recent first, and what is left after it. */
export async function loadOlderCards(
  db: Kysely<Database>,
  columnId: string,
  before: string,
  limit: number,
): Promise<{ cards: Card[]; olderCards: OlderCards }> {
  const page = await listCardsByRecency(db, columnId, limit, parseCursor(before));
  const engagementId = page[0]?.engagement_id ?? '';
  const [counts, progress, older] = await Promise.all([
    commentCounts(
      db,
      engagementId,
      page.map((c) => c.id),
    ),
    childProgress(
      db,
      engagementId,
      page.filter((c) => c.type === 'goal').map((c) => c.id),
    ),
    olderThan(db, columnId, page, limit),
  ]);
  return { cards: page.map((c) => presentCard(c, { commentCount: counts.get(c.id) ?? 0, children: progress.get(c.id) })), olderCards: older };
}
