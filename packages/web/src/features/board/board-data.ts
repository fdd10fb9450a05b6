import type { Card, Column, MovedCard, OlderCards } from '@carriage/core';
import { comparePositions, positionBetween } from '@carriage/core';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { type LiveEvent, onLiveEvent } from '../../realtime/use-engagement-events';

export type { Card, Column, OlderCards };
/** A column as the board carries it: a done column only its recent cards, with what is older left to load. */
export type BoardColumn = Column & { cards: Card[]; olderCards: OlderCards };
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

/**
 * A goal's progress from the cards linked to it: how many there are and how many reached a done column,
 * counting the finished cards the board left out (each done column says how many serve each goal).
 */
export function goalProgress(board: Board): Map<string, { total: number; done: number }> {
  const out = new Map<string, { total: number; done: number }>();
  const add = (goalId: string, n: number, done: boolean) => {
    const p = out.get(goalId) ?? { total: 0, done: 0 };
    p.total += n;
    if (done) p.done += n;
    out.set(goalId, p);
  };
  for (const col of board.columns) {
    for (const c of col.cards) if (c.parentId) add(c.parentId, 1, col.kind === 'done');
    for (const [goalId, n] of Object.entries(col.olderCards?.byGoal ?? {})) add(goalId, n, col.kind === 'done');
  }
  return out;
}

/** How many cards a column holds, the ones not loaded included. */
export const cardCount = (col: BoardColumn) => col.cards.length + (col.olderCards?.count ?? 0);

/** The board with one card fewer among a column's older cards (one not loaded, which left it or was archived). */
function withoutOlder(board: Board, columnId: string, card: Card): Board {
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.id !== columnId || col.olderCards.count === 0) return col;
      const byGoal = { ...col.olderCards.byGoal };
      if (card.parentId && byGoal[card.parentId]) {
        byGoal[card.parentId] -= 1;
        if (byGoal[card.parentId] === 0) delete byGoal[card.parentId];
      }
      return { ...col, olderCards: { ...col.olderCards, count: col.olderCards.count - 1, byGoal } };
    }),
  };
}

/** Merges a page of a column's older cards into the cached board, with what is left to load after it. */
export async function showOlderCards(qc: QueryClient, engagementId: string, columnId: string): Promise<void> {
  const column = qc.getQueryData<Board>(boardKeys.board(engagementId))?.columns.find((c) => c.id === columnId);
  const before = column?.olderCards.before;
  if (!before) return;
  const page = await get<{ cards: Card[]; olderCards: OlderCards }>(`/api/columns/${columnId}/cards?before=${encodeURIComponent(before)}&limit=100`);
  qc.setQueryData<Board>(boardKeys.board(engagementId), (board) => {
    if (!board) return board;
    let next = board;
    for (const card of page.cards) if (!findCard(next, card.id)) next = withCard(next, card);
    return { ...next, columns: next.columns.map((c) => (c.id === columnId ? { ...c, olderCards: page.olderCards } : c)) };
  });
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

/** Applies a card an event brought (whole) to the cached board. */
function applyCard(qc: QueryClient, ev: LiveEvent, card: Card): void {
  const board = qc.getQueryData<Board>(boardKeys.board(ev.engagementId));
  if (!board) return;
  // A card the board has not loaded, in a column with older cards left out, is one of them.
  const from = ev.type === 'card.moved' ? (ev.payload as { fromColumnId?: string }).fromColumnId : card.columnId;
  const wasThere = ev.type === 'card.moved' || ev.type === 'card.updated' || ev.type === 'card.archived';
  const hiddenIn = wasThere && !findCard(board, card.id) ? board.columns.find((c) => c.id === from && c.olderCards.count > 0) : undefined;
  if (hiddenIn) {
    // Edited where it is not shown: nothing to draw. Moved or archived: one fewer left out, and a move shows it where it went.
    if (ev.type === 'card.updated') return;
    qc.setQueryData<Board>(boardKeys.board(ev.engagementId), (b) => (b ? withoutOlder(b, hiddenIn.id, card) : b));
  }
  storeCard(qc, ev.engagementId, card);
}

// Live updates: card payloads are applied in place so the other person sees a move at once;
// anything not applied here is refetched.
onLiveEvent('card.', (qc, ev) => {
  const key = boardKeys.board(ev.engagementId);
  const payload = ev.payload as { card?: Card | MovedCard; cardId?: string };
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
    const board = qc.getQueryData<Board>(key);
    if (!board) return;
    const sent = payload.card;
    // A move carries only what it changed and the card's name (older moves the whole card): the rest is the
    // cached card's, or, for a card this board has not loaded, the card is asked for.
    if (ev.type === 'card.moved' && !('description' in sent)) {
      const known = findCard(board, sent.id);
      if (known) applyCard(qc, ev, { ...known.card, ...sent });
      else
        void get<Card>(`/api/cards/${sent.id}`).then(
          (card) => applyCard(qc, ev, card),
          () => qc.invalidateQueries({ queryKey: key }),
        );
      return;
    }
    applyCard(qc, ev, sent as Card);
    return;
  }
  void qc.invalidateQueries({ queryKey: key });
});

onLiveEvent('column.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: boardKeys.board(ev.engagementId) });
});
