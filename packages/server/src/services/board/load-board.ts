import type { Card, Column } from '@carriage/core';
import type { Kysely } from 'kysely';
import { childProgress, commentCounts, listBoardCards, listColumns } from '../../db/queries/board.js';
import { listMembers } from '../../db/queries/engagements.js';
import type { Database } from '../../db/schema.js';
import { presentColumn } from './manage-columns.js';
import { presentCard } from './present-card.js';

export interface BoardView {
  engagementId: string;
  lastEventId: number;
  columns: (Column & { cards: Card[] })[];
  members: { userId: string; name: string; role: string }[];
}

/** The whole board in one read: columns in order, their live cards in order, and who can own cards. */
export async function loadBoard(db: Kysely<Database>, engagementId: string, lastEventId: number): Promise<BoardView> {
  const [columns, cards, counts, progress, members] = await Promise.all([
    listColumns(db, engagementId),
    listBoardCards(db, engagementId),
    commentCounts(db, engagementId),
    childProgress(db, engagementId),
    listMembers(db, engagementId),
  ]);
  const byColumn = new Map<string, Card[]>();
  for (const c of cards) {
    const list = byColumn.get(c.column_id) ?? [];
    list.push(presentCard(c, { commentCount: counts.get(c.id) ?? 0, children: progress.get(c.id) }));
    byColumn.set(c.column_id, list);
  }
  return {
    engagementId,
    lastEventId,
    columns: columns.map((col) => ({ ...presentColumn(col), cards: byColumn.get(col.id) ?? [] })),
    members: members.filter((m) => m.role !== 'sponsor').map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
  };
}
