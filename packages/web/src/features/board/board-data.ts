import type { Card, Column } from '@carriage/core';
import { comparePositions, positionBetween } from '@carriage/core';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export type { Card, Column };
export type BoardColumn = Column & { cards: Card[] };
export interface BoardMember {
  userId: string;
  name: string;
  role: string;
}
export interface Board {
  engagementId: string;
  lastEventId: number;
  columns: BoardColumn[];
  members: BoardMember[];
}

export const boardKeys = {
  board: (engagementId: string) => ['engagement', engagementId, 'board'] as const,
  comments: (cardId: string) => ['card', cardId, 'comments'] as const,
  history: (cardId: string) => ['card', cardId, 'history'] as const,
};

/** The whole board of an engagement, in one request. */
export function useBoard(engagementId: string) {
  return useQuery({
    queryKey: boardKeys.board(engagementId),
    queryFn: () => get<Board>(`/api/engagements/${engagementId}/board`),
  });
}

/** Finds a card and its column on the board. */
export function findCard(board: Board | undefined, cardId: string): { card: Card; column: BoardColumn; index: number } | null {
  if (!board) return null;
  for (const column of board.columns) {
    const index = column.cards.findIndex((c) => c.id === cardId);
    if (index >= 0) return { card: column.cards[index], column, index };
  }
  return null;
}

/** The board with this card removed. */
export function withoutCard(board: Board, cardId: string): Board {
  return {
    ...board,
    columns: board.columns.map((col) => (col.cards.some((c) => c.id === cardId) ? { ...col, cards: col.cards.filter((c) => c.id !== cardId) } : col)),
  };
}

/** The board with this card put in its column, in position order (replacing an older copy). */
export function withCard(board: Board, card: Card): Board {
  const without = withoutCard(board, card.id);
  if (card.archivedAt) return without;
  return {
    ...without,
    columns: without.columns.map((col) => {
      if (col.id !== card.columnId) return col;
      const cards = [...col.cards];
      let at = cards.findIndex((c) => comparePositions(c.position, card.position) > 0);
      if (at < 0) at = cards.length;
      cards.splice(at, 0, card);
      return { ...col, cards };
    }),
  };
}

/** The board with a card placed at an index of a column, with a position key between its new neighbours. */
export function withCardAt(board: Board, cardId: string, columnId: string, index: number): Board {
  const found = findCard(board, cardId);
  if (!found) return board;
  const without = withoutCard(board, cardId);
  const target = without.columns.find((c) => c.id === columnId);
  if (!target) return board;
  const at = Math.max(0, Math.min(index, target.cards.length));
  const before = target.cards[at - 1]?.position ?? null;
  const after = target.cards[at]?.position ?? null;
  const moved: Card = { ...found.card, columnId, position: positionBetween(before, after) };
  return {
    ...without,
    columns: without.columns.map((col) => {
      if (col.id !== columnId) return col;
      const cards = [...col.cards];
      cards.splice(at, 0, moved);
      return { ...col, cards };
    }),
  };
}

/** A goal's progress from the cards linked to it: how many there are and how many reached a done column. */
export function goalProgress(board: Board): Map<string, { total: number; done: number }> {
  const out = new Map<string, { total: number; done: number }>();
  for (const col of board.columns) {
    for (const c of col.cards) {
      if (!c.parentId) continue;
      const p = out.get(c.parentId) ?? { total: 0, done: 0 };
      p.total += 1;
      if (col.kind === 'done') p.done += 1;
      out.set(c.parentId, p);
    }
  }
  return out;
}

/** Puts a card as the server returned it into the cached board, unless the cache already holds a newer version. */
export function storeCard(qc: QueryClient, engagementId: string, card: Card): void {
  qc.setQueryData<Board>(boardKeys.board(engagementId), (board) => {
    if (!board) return board;
    const cached = findCard(board, card.id);
    if (cached && cached.card.version > card.version) return board;
    return withCard(board, card);
  });
}

// Live updates: card payloads are applied in place so the other person sees a move at once;
// anything not applied here is refetched.
onLiveEvent('card.', (qc, ev) => {
  const key = boardKeys.board(ev.engagementId);
  const payload = ev.payload as { card?: Card; cardId?: string };
  void qc.invalidateQueries({ queryKey: boardKeys.history(ev.entityId) });
  if (ev.type === 'card.commented') {
    const cardId = payload.cardId ?? ev.entityId;
    void qc.invalidateQueries({ queryKey: boardKeys.comments(cardId) });
    qc.setQueryData<Board>(key, (board) => {
      const found = findCard(board, cardId);
      if (!board || !found) return board;
      return withCard(board, { ...found.card, commentCount: found.card.commentCount + 1 });
    });
    return;
  }
  if (payload.card && ['card.moved', 'card.created', 'card.updated', 'card.archived', 'card.restored'].includes(ev.type)) {
    if (!qc.getQueryData(key)) return;
    storeCard(qc, ev.engagementId, payload.card);
    return;
  }
  void qc.invalidateQueries({ queryKey: key });
});

onLiveEvent('column.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: boardKeys.board(ev.engagementId) });
});
