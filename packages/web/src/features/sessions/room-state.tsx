import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, put } from '../../api/client';
import type { Board, BoardColumn, Card } from '../board/board-data';
import { type SessionDetail, sessionKeys } from './sessions-api';

/** Cards of every column of a kind, in board order. */
export function cardsOf(board: Board, kind: string): { card: Card; column: BoardColumn }[] {
  return board.columns.filter((c) => c.kind === kind).flatMap((column) => column.cards.map((card) => ({ card, column })));
}

export interface RoomFocus {
  at: number;
  total: number;
  /** The person browses on their own, away from the card the coach is discussing. */
  browsing: boolean;
  /** The coach leads: their paging moves everyone's focus. */
  leads: boolean;
  prev: () => void;
  next: () => void;
  hasPrev: boolean;
  hasNext: boolean;
  backToCoach: () => void;
}

/**
 * The card in focus is the room's, not each screen's: the coach pages and everyone following sees the same
 * card (persisted on the session, live). A coachee may browse on their own, with one way back. When the card
 * in focus leaves the stage (accepted, pulled), the focus stays at its place in the list: the next card.
 */
export function useRoomFocus(engagementId: string, session: SessionDetail, ids: string[], leads: boolean): RoomFocus {
  const qc = useQueryClient();
  const stage = session.stage ?? null;
  const [own, setOwn] = useState<string | null>(null);
  const lastAt = useRef(0);
  // Each stage starts with its first card, for everyone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stage is what resets the browsing
  useEffect(() => {
    setOwn(null);
    lastAt.current = 0;
  }, [stage]);
  const ownAt = own ? ids.indexOf(own) : -1;
  const sharedAt = session.focusCardId ? ids.indexOf(session.focusCardId) : session.focusCardId === null ? 0 : -1;
  const browsing = !leads && ownAt >= 0;
  let at = browsing ? ownAt : sharedAt;
  if (at < 0) at = Math.min(lastAt.current, Math.max(0, ids.length - 1));
  if (!browsing) lastAt.current = at;

  const focus = (i: number) => {
    const id = ids[i];
    if (!id) return;
    if (!leads) {
      setOwn(id);
      return;
    }
    lastAt.current = i;
    const key = sessionKeys.one(engagementId, session.id);
    qc.setQueryData<SessionDetail>(key, (s) => (s ? { ...s, focusCardId: id } : s));
    put(`/api/sessions/${session.id}/focus`, { stage, cardId: id }).catch((err) => {
      // The room moved on meanwhile (another stage): the live session answer puts everyone right.
      if (!(err instanceof ApiError)) throw err;
      void qc.invalidateQueries({ queryKey: key });
    });
  };
  return {
    at,
    total: ids.length,
    browsing,
    leads,
    prev: () => focus(Math.max(0, at - 1)),
    next: () => focus(Math.min(ids.length - 1, at + 1)),
    hasPrev: at > 0,
    hasNext: at < ids.length - 1,
    backToCoach: () => setOwn(null),
  };
}

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/**
 * Text that saves itself: each change is saved after a short pause (and at once when the field loses focus
 * or the page changes), never two saves at a time, always the latest text last.
 */
export function useAutosave(save: (text: string) => Promise<void>, delayMs = 700) {
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<string | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(async (): Promise<void> => {
    window.clearTimeout(timer.current);
    if (running.current) await running.current;
    const text = pending.current;
    if (text === null) return;
    pending.current = null;
    setState('saving');
    const run = saveRef
      .current(text)
      .then(() => {
        setError(null);
        setState(pending.current === null ? 'saved' : 'pending');
      })
      .catch((err: unknown) => {
        pending.current ??= text;
        setError(err instanceof ApiError ? err.message : 'Not saved yet: the connection dropped. It will be saved when you type again.');
        setState('error');
      });
    running.current = run;
    await run;
    running.current = null;
    if (pending.current !== null) timer.current = window.setTimeout(() => void flush(), delayMs);
  }, [delayMs]);

  const change = (text: string) => {
    pending.current = text;
    setState('pending');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), delayMs);
  };
  // Leaving the room saves what is still pending.
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (pending.current !== null) void saveRef.current(pending.current).catch(() => undefined);
    },
    [],
  );
  const label = state === 'pending' || state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved' : state === 'error' ? error : null;
  return { change, flush, state, label, busy: state === 'pending' || state === 'saving' };
}

/** The people who may own a card (the coach and coachees), as the options of an owner select. */
export function WorkerOptions({ workers }: { workers: readonly { userId: string; name: string }[] }) {
  return (
    <>
      {workers.map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </>
  );
}
