import { checkWipLimit, columnRequiresReadiness, type ReadinessGap, readinessGaps, readinessMessage } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ApiError, patch, post } from '../../api/client';
import { type Board, boardKeys, type Card, findCard, storeCard, withCard, withCardAt } from './board-data';

/** Where a card should go: a column and an index among that column's other cards. */
export interface MoveIntent {
  cardId: string;
  toColumnId: string;
  index: number;
  overrideReason?: string;
}

export type MoveDialog =
  /** `confirm` runs after the dialog closes; a further refusal opens its own dialog or notice. */
  | { kind: 'wip'; title: string; message: string; confirm: (reason: string) => Promise<void> }
  | { kind: 'ready'; message: string; gaps: ReadinessGap[]; intent: MoveIntent };

export type ReadinessPatch = Partial<Pick<Card, 'ownerId' | 'dueOn' | 'parentId' | 'definitionOfDone'>>;

/**
 * Moving and creating cards under the board's rules. The web checks the WIP limit and readiness with the
 * same core rules as the server, so the dialogs appear without a round trip; a refusal from the server
 * (someone else moved a card meanwhile) opens the same dialogs. Moves are optimistic and rolled back on refusal.
 */
export function useBoardMoves(engagementId: string) {
  const qc = useQueryClient();
  const key = useMemo(() => boardKeys.board(engagementId), [engagementId]);
  const [dialog, setDialog] = useState<MoveDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const board = useCallback(() => qc.getQueryData<Board>(key), [qc, key]);
  const requestRef = useRef<(intent: MoveIntent) => Promise<boolean>>(async () => false);

  const send = useCallback(
    async (intent: MoveIntent): Promise<boolean> => {
      const b = qc.getQueryData<Board>(key);
      const found = findCard(b, intent.cardId);
      const target = b?.columns.find((c) => c.id === intent.toColumnId);
      if (!b || !found || !target) return false;
      const original = found.card;
      const others = target.cards.filter((c) => c.id !== original.id);
      const index = Math.max(0, Math.min(intent.index, others.length));
      const prev = others[index - 1];
      const next = others[index];
      const optimistic = withCardAt(b, original.id, target.id, index);
      const placed = findCard(optimistic, original.id)?.card;
      qc.setQueryData(key, optimistic);
      try {
        const moved = await post<Card>(`/api/cards/${original.id}/move`, {
          columnId: target.id,
          afterCardId: prev ? prev.id : undefined,
          beforeCardId: !prev && next ? next.id : undefined,
          version: original.version,
          overrideReason: intent.overrideReason,
        });
        storeCard(qc, engagementId, moved);
        return true;
      } catch (err) {
        // Roll back only our own optimistic placement: a newer version from the live stream stays.
        qc.setQueryData<Board>(key, (cur) => {
          const now = findCard(cur, original.id)?.card;
          if (!cur || !now || now.version !== original.version || now.position !== placed?.position || now.columnId !== target.id) return cur;
          return withCard(cur, original);
        });
        if (!(err instanceof ApiError)) {
          setNotice('Something went wrong. Please try again.');
          return false;
        }
        if (err.code === 'wip_limit_exceeded') {
          setDialog({
            kind: 'wip',
            title: `${target.name} is at its WIP limit`,
            message: err.message,
            confirm: async (reason) => {
              await requestRef.current({ ...intent, overrideReason: reason });
            },
          });
        } else if (err.code === 'not_ready') {
          const gaps = (err.body.missing as ReadinessGap[] | undefined) ?? [];
          setDialog({ kind: 'ready', message: err.message, gaps, intent });
        } else if (err.code === 'stale_version' && err.body.current) {
          const current = err.body.current as Card;
          const kept = findCard(qc.getQueryData<Board>(key), current.id)?.card;
          storeCard(qc, engagementId, { ...current, commentCount: kept?.commentCount ?? current.commentCount });
          setNotice(`Someone else changed “${current.title}” just now. The board shows it as it is now; move it again if you still want to.`);
        } else {
          setNotice(err.message);
        }
        return false;
      }
    },
    [qc, key, engagementId],
  );

  /** Moves a card, asking first when the move would break the WIP limit or the card isn't ready. */
  const requestMove = useCallback(
    async (intent: MoveIntent): Promise<boolean> => {
      const b = qc.getQueryData<Board>(key);
      const found = findCard(b, intent.cardId);
      const target = b?.columns.find((c) => c.id === intent.toColumnId);
      if (!found || !target) return false;
      setNotice(null);
      if (found.column.id !== target.id) {
        const gaps = columnRequiresReadiness(target.kind) ? readinessGaps(found.card) : [];
        if (gaps.length > 0) {
          setDialog({ kind: 'ready', message: readinessMessage(gaps, target.name), gaps, intent });
          return false;
        }
        const wip = checkWipLimit(target, target.cards.filter((c) => c.id !== found.card.id).length);
        if (!wip.ok && !intent.overrideReason) {
          setDialog({
            kind: 'wip',
            title: `${target.name} is at its WIP limit`,
            message: wip.message,
            confirm: async (reason) => {
              await send({ ...intent, overrideReason: reason });
            },
          });
          return false;
        }
      }
      return send(intent);
    },
    [qc, key, send],
  );
  requestRef.current = requestMove;

  /** Fills what a card lacks (saving with its version), then moves it as intended. */
  const fillAndMove = useCallback(
    async (intent: MoveIntent, { newGoalTitle, ...fill }: ReadinessPatch & { newGoalTitle?: string }): Promise<void> => {
      let found = findCard(board(), intent.cardId);
      if (!found) return;
      if (newGoalTitle) {
        // No goal card exists yet: add one where work waits, then link the card to it.
        const home = columnRequiresReadiness(found.column.kind) ? board()?.columns.find((c) => !columnRequiresReadiness(c.kind)) : found.column;
        const goal = await post<Card>(`/api/engagements/${engagementId}/cards`, { columnId: (home ?? found.column).id, type: 'goal', title: newGoalTitle });
        storeCard(qc, engagementId, goal);
        fill.parentId = goal.id;
        found = findCard(board(), intent.cardId) ?? found;
      }
      let updated: Card;
      try {
        updated = await patch<Card>(`/api/cards/${found.card.id}`, { version: found.card.version, ...fill });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'stale_version' && err.body.current) {
          storeCard(qc, engagementId, { ...(err.body.current as Card), commentCount: found.card.commentCount });
        }
        throw err;
      }
      storeCard(qc, engagementId, updated);
      setDialog(null);
      await requestMove(intent);
    },
    [qc, engagementId, requestMove, board],
  );

  /** Creates a card at the bottom of a column; returns a sentence when it can't. */
  const createCard = useCallback(
    async (columnId: string, title: string, type: Card['type'], overrideReason?: string): Promise<string | null> => {
      const b = qc.getQueryData<Board>(key);
      const column = b?.columns.find((c) => c.id === columnId);
      if (!column) return 'That column is gone. Reload the board.';
      if (columnRequiresReadiness(column.kind)) {
        const gaps = readinessGaps({ type, ownerId: null, definitionOfDone: [], dueOn: null, parentId: null });
        return readinessMessage(gaps, column.name);
      }
      const wip = checkWipLimit(column, column.cards.length);
      const create = async (reason?: string) => {
        const card = await post<Card>(`/api/engagements/${engagementId}/cards`, { columnId, title, type, overrideReason: reason });
        storeCard(qc, engagementId, card);
        setAnnouncement(`Added “${card.title}” to ${column.name}.`);
      };
      const askOverride = (message: string) =>
        setDialog({
          kind: 'wip',
          title: `${column.name} is at its WIP limit`,
          message,
          confirm: async (reason) => {
            try {
              await create(reason);
            } catch (err) {
              setNotice(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
            }
          },
        });
      if (!wip.ok && !overrideReason) {
        askOverride(wip.message);
        return null;
      }
      try {
        await create(overrideReason);
        return null;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'wip_limit_exceeded') {
          askOverride(err.message);
          return null;
        }
        return err instanceof ApiError ? (Object.values(err.fields)[0] ?? err.message) : 'Something went wrong. Please try again.';
      }
    },
    [qc, key, engagementId],
  );

  return { requestMove, fillAndMove, createCard, dialog, setDialog, notice, setNotice, announcement, setAnnouncement };
}
