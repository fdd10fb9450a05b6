import type { ColumnKind } from '../board/columns.js';
import type { MetricColumn, MetricEvent } from './types.js';

/** One stay of a card in a column: from when it entered to when it left (null: still there). */
export interface ColumnStay {
  columnId: string;
  columnName: string;
  kind: ColumnKind | null;
  enteredAt: string;
  leftAt: string | null;
  /** How the stay ended: moved on, archived, or still there. */
  ended: 'moved' | 'archived' | null;
}

/** Each card's column history from the log, in one pass (for exports and card timelines). */
export function columnHistories(events: readonly MetricEvent[], columns: readonly MetricColumn[]): Map<string, ColumnStay[]> {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const out = new Map<string, ColumnStay[]>();
  const open = (cardId: string, columnId: string, kind: unknown, at: string) => {
    const c = byId.get(columnId);
    const list = out.get(cardId) ?? [];
    list.push({
      columnId,
      columnName: c?.name ?? 'Removed column',
      kind: c?.kind ?? (typeof kind === 'string' ? (kind as ColumnKind) : null),
      enteredAt: at,
      leftAt: null,
      ended: null,
    });
    out.set(cardId, list);
  };
  const close = (cardId: string, at: string, ended: 'moved' | 'archived') => {
    const list = out.get(cardId);
    const last = list?.[list.length - 1];
    if (last && last.leftAt === null) {
      last.leftAt = at;
      last.ended = ended;
    }
  };
  for (const e of events) {
    const p = (e.payload ?? {}) as Record<string, any>;
    const cardId = typeof p.card?.id === 'string' ? (p.card.id as string) : null;
    if (!cardId) continue;
    if (e.type === 'card.created' && typeof p.card.columnId === 'string') open(cardId, p.card.columnId, p.columnKind, e.createdAt);
    else if (e.type === 'card.moved' && typeof p.toColumnId === 'string' && p.toColumnId !== p.fromColumnId) {
      close(cardId, e.createdAt, 'moved');
      open(cardId, p.toColumnId, p.toKind, e.createdAt);
    } else if (e.type === 'card.archived') close(cardId, e.createdAt, 'archived');
    else if (e.type === 'card.restored' && typeof p.card.columnId === 'string') open(cardId, p.card.columnId, null, e.createdAt);
  }
  return out;
}
