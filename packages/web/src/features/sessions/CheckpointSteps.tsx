import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { useLiveEventListener } from '../../realtime/use-engagement-events';
import { type Board, type BoardColumn, type Card, storeCard } from '../board/board-data';
import { memberName } from '../board/card-format';
import { WipDialog } from '../board/MoveDialogs';
import { canDo } from '../engagements/use-engagement';
import { type SessionDetail, sessionKeys } from './sessions-api';

export interface StepProps {
  engagement: Engagement;
  session: SessionDetail;
  board: Board;
  meId: string;
}

/** Cards of every column of a kind, in board order. */
export function cardsOf(board: Board, kind: string): { card: Card; column: BoardColumn }[] {
  return board.columns.filter((c) => c.kind === kind).flatMap((column) => column.cards.map((card) => ({ card, column })));
}

/** One card at a time: an index that stays within the list as cards leave it. */
export function useOneAtATime(length: number) {
  const [index, setIndex] = useState(0);
  const at = Math.min(index, Math.max(0, length - 1));
  return { at, prev: () => setIndex(Math.max(0, at - 1)), next: () => setIndex(Math.min(length - 1, at + 1)), hasPrev: at > 0, hasNext: at < length - 1 };
}

/** Previous and next buttons around "Card 2 of 5", announced as it changes. */
export function Pager({
  at,
  total,
  prev,
  next,
  hasPrev,
  hasNext,
  label,
}: {
  at: number;
  total: number;
  prev: () => void;
  next: () => void;
  hasPrev: boolean;
  hasNext: boolean;
  label: string;
}) {
  return (
    <div className="room-pager">
      <button type="button" className="btn btn--small" onClick={prev} disabled={!hasPrev}>
        ← Previous card
      </button>
      <span className="muted" aria-live="polite">
        {label} {at + 1} of {total}
      </span>
      <button type="button" className="btn btn--small" onClick={next} disabled={!hasNext}>
        Next card →
      </button>
    </div>
  );
}

/** The card in focus, in large type: what it is, who owns it, and its definition of done. */
export function FocusCard({ card, board, children }: { card: Card; board: Board; children?: React.ReactNode }) {
  const owner = memberName(board.members, card.ownerId);
  return (
    <article className={`focus-card${card.blocked ? ' focus-card--blocked' : ''}`} aria-label={card.title}>
      <h3 className="focus-card__title">{card.title}</h3>
      <p className="focus-card__meta">
        {owner ? `Owner: ${owner}` : 'No owner yet'}
        {card.dueOn ? ` · due ${card.dueOn}` : ''}
      </p>
      {card.blocked ? (
        <p className="focus-card__blocked" role="status">
          Blocked: {card.blockedReason}
        </p>
      ) : null}
      {card.definitionOfDone.length ? (
        <ul className="focus-card__dod">
          {card.definitionOfDone.map((i) => (
            <li key={i.id} className={i.done ? 'done' : ''}>
              {i.done ? '☑' : '☐'} {i.text}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </article>
  );
}

/** WIFLE: each participant clears the air first; the review of last session's commitments opens the session. */
export function WifleStep({ engagement, session, meId }: Omit<StepProps, 'board'>) {
  const qc = useQueryClient();
  const mine = session.participants?.find((p) => p.userId === meId);
  const [note, setNote] = useState(mine?.wifleNote ?? '');
  // What you type stays put: the saved note only replaces it when it changed elsewhere and you haven't typed since.
  const dirty = useRef(false);
  useEffect(() => {
    if (!dirty.current) setNote(mine?.wifleNote ?? '');
  }, [mine?.wifleNote]);
  const save = async (done?: boolean) => {
    dirty.current = false;
    await put(`/api/sessions/${session.id}/wifle`, { note, ...(done !== undefined ? { done } : {}) });
    await qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
  };
  const review = session.review;
  return (
    <div className="room-step">
      {review?.items.length ? (
        <section className="review" aria-labelledby="review-h">
          <h3 id="review-h">
            Commitment review: {review.kept} kept, {review.missed} missed
          </h3>
          <ul>
            {review.items.map((i) => (
              <li key={i.id} className={`review__item review__item--${i.result}`}>
                <span className={`badge ${i.result === 'kept' ? 'badge--ok' : 'badge--danger'}`}>{i.result === 'kept' ? 'Kept' : 'Missed'}</span> {i.title}
                {i.ownerName ? <span className="muted"> · {i.ownerName}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="muted">No commitments from an earlier session to review.</p>
      )}
      <h3>What do you feel like expressing?</h3>
      <p className="muted">Before the board, each of you clears the air: anything on your mind, good or bad. A note is optional.</p>
      <ul className="wifle">
        {(session.participants ?? []).map((p) => (
          <li key={p.userId} className="wifle__person">
            <div className="wifle__head">
              <strong>{p.userId === meId ? `${p.name} (you)` : p.name}</strong>
              {p.wifleDone ? <span className="badge badge--ok">Done</span> : <span className="badge badge--muted">Not yet</span>}
            </div>
            {p.userId === meId ? (
              <>
                <label className="visually-hidden" htmlFor="wifle-note">
                  Your WIFLE note
                </label>
                <textarea
                  id="wifle-note"
                  value={note}
                  rows={3}
                  onChange={(e) => {
                    setNote(e.target.value);
                    dirty.current = true;
                  }}
                  onBlur={() => (dirty.current ? void save() : undefined)}
                />
                <div className="btn-row">
                  <button type="button" className="btn btn--small btn--primary" onClick={() => void save(!p.wifleDone)}>
                    {p.wifleDone ? 'I have more to say' : 'I’m done'}
                  </button>
                </div>
              </>
            ) : (
              <p className="wifle__note">{p.wifleNote || <span className="muted">No note.</span>}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Moves a card through the board's own route; a full column asks for a reason, as on the board. */
export function useCardMove(engagementId: string) {
  const qc = useQueryClient();
  const [wip, setWip] = useState<{ message: string; retry: (reason: string) => Promise<void> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const move = async (card: Card, columnId: string, overrideReason?: string): Promise<Card | null> => {
    setError(null);
    try {
      const moved = await post<Card>(`/api/cards/${card.id}/move`, { columnId, version: card.version, overrideReason });
      storeCard(qc, engagementId, moved);
      return moved;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'wip_limit_exceeded') {
        return new Promise((resolve) => {
          setWip({
            message: err.message,
            retry: async (reason) => {
              setWip(null);
              resolve(await move(card, columnId, reason));
            },
          });
        });
      }
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      return null;
    }
  };
  const dialog = wip ? <WipDialog title="Over the WIP limit" message={wip.message} onCancel={() => setWip(null)} onConfirm={(r) => void wip.retry(r)} /> : null;
  return { move, dialog, error, setError };
}

/** Verify: card by card, accept into Done (and celebrate) or send back with a note. */
export function VerifyStep({ engagement, board }: StepProps) {
  const cards = cardsOf(board, 'verify');
  const pager = useOneAtATime(cards.length);
  const { move, dialog, error, setError } = useCardMove(engagement.id);
  const [sendingBack, setSendingBack] = useState(false);
  const [note, setNote] = useState('');
  const [celebration, setCelebration] = useState<string | null>(null);
  useLiveEventListener((ev) => {
    const p = ev.payload as { toKind?: string; card?: { title: string } };
    if (ev.type === 'card.moved' && p.toKind === 'done' && p.card) setCelebration(p.card.title);
  });
  const done = board.columns.find((c) => c.kind === 'done');
  const doing = board.columns.find((c) => c.kind === 'doing');
  const current = cards[pager.at];
  const accept = async () => {
    if (!current || !done) return;
    if (await move(current.card, done.id)) setCelebration(current.card.title);
  };
  const sendBack = async () => {
    if (!current || !doing) return;
    if (!note.trim()) {
      setError('Say what is still missing, so the owner knows what to do.');
      return;
    }
    const card = current.card;
    if (await move(card, doing.id)) {
      await post(`/api/cards/${card.id}/comments`, { body: `Sent back in the session: ${note.trim()}` });
      setNote('');
      setSendingBack(false);
    }
  };
  return (
    <div className="room-step">
      {celebration ? (
        <div className="celebrate" role="status">
          <svg className="celebrate__burst" viewBox="0 0 48 48" width="44" height="44" aria-hidden="true">
            <path
              d="M24 3l5.6 13.2L44 17.6l-10.8 9.6L36.4 42 24 34.6 11.6 42l3.2-14.8L4 17.6l14.4-1.4z"
              fill="var(--accent)"
              stroke="var(--ok)"
              strokeWidth="2"
              strokeLinejoin="round"
            />
          </svg>
          <strong>Done!</strong> “{celebration}” is accepted. Well done.
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setCelebration(null)}>
            Close
          </button>
        </div>
      ) : null}
      {cards.length === 0 || !current ? (
        <p className="room-empty">Nothing waits in Verify. Go on to In Progress.</p>
      ) : (
        <>
          <Pager {...pager} total={cards.length} label="Card" />
          <FocusCard card={current.card} board={board}>
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            {sendingBack ? (
              <div className="field">
                <label htmlFor="send-back-note">What is still missing?</label>
                <textarea id="send-back-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
                <div className="btn-row">
                  <button type="button" className="btn" onClick={() => setSendingBack(false)}>
                    Keep it in Verify
                  </button>
                  <button type="button" className="btn btn--primary" onClick={() => void sendBack()}>
                    Send back to {doing?.name ?? 'In Progress'}
                  </button>
                </div>
              </div>
            ) : (
              <div className="btn-row room-actions">
                {canDo(engagement, 'card.acceptToDone') ? (
                  <button type="button" className="btn btn--primary btn--large" onClick={() => void accept()}>
                    Accept to {done?.name ?? 'Done'}
                  </button>
                ) : (
                  <span className="muted">The coach accepts cards into Done.</span>
                )}
                <button type="button" className="btn btn--large" onClick={() => setSendingBack(true)}>
                  Send back…
                </button>
              </div>
            )}
          </FocusCard>
        </>
      )}
      {dialog}
    </div>
  );
}
