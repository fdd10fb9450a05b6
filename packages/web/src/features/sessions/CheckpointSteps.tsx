import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, patch, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { useLiveEventListener } from '../../realtime/use-engagement-events';
import { type Board, type Card, storeCard } from '../board/board-data';
import { memberName } from '../board/card-format';
import { WipDialog } from '../board/MoveDialogs';
import { canDo } from '../engagements/use-engagement';
import { cardsOf, type RoomFocus, useAutosave, useRoomFocus } from './room-state';
import { type SessionDetail, sessionKeys } from './sessions-api';

export interface StepProps {
  engagement: Engagement;
  session: SessionDetail;
  board: Board;
  meId: string;
}

/** Previous and next around "Card 2 of 5"; a coachee browsing on their own gets one way back to the coach's card. */
export function Pager({ focus, label }: { focus: RoomFocus; label: string }) {
  return (
    <div className="room-pager">
      <button type="button" className="btn btn--small" onClick={focus.prev} disabled={!focus.hasPrev}>
        ← Previous
      </button>
      <span className="room-pager__where" aria-live="polite">
        {label} {focus.at + 1} of {focus.total}
        {focus.leads ? null : focus.browsing ? <span className="muted"> · on your own</span> : <span className="muted"> · with the coach</span>}
      </span>
      <button type="button" className="btn btn--small" onClick={focus.next} disabled={!focus.hasNext}>
        Next →
      </button>
      {focus.browsing ? (
        <button type="button" className="btn btn--small btn--primary room-pager__back" onClick={focus.backToCoach}>
          Back to where the coach is
        </button>
      ) : null}
    </div>
  );
}

/** Ticks a definition-of-done item on the card itself; both people may tick, and both see it live. */
function useTick(engagementId: string) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const tick = async (card: Card, itemId: string, done: boolean) => {
    setError(null);
    try {
      const items = card.definitionOfDone.map((i) => (i.id === itemId ? { ...i, done } : i));
      // The tick shows at once; the saved card (with its new version) replaces it when the server answers.
      storeCard(qc, engagementId, { ...card, definitionOfDone: items });
      storeCard(qc, engagementId, await patch<Card>(`/api/cards/${card.id}`, { version: card.version, definitionOfDone: items }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Not saved. Try again.');
      void qc.invalidateQueries({ queryKey: ['engagement', engagementId, 'board'] });
    }
  };
  return { tick, error };
}

/** The card in focus, in large type: what it is, who owns it, why it came back, and its definition of done. */
export function FocusCard({
  card,
  board,
  onTick,
  children,
}: {
  card: Card;
  board: Board;
  /** Given: the definition of done can be ticked here. */
  onTick?: (itemId: string, done: boolean) => void;
  children?: React.ReactNode;
}) {
  const owner = memberName(board.members, card.ownerId);
  return (
    <article className={`focus-card${card.blocked ? ' focus-card--blocked' : ''}`} aria-label={card.title} data-testid="focus-card">
      <h3 className="focus-card__title">{card.title}</h3>
      <p className="focus-card__meta">
        {owner ? `Owner: ${owner}` : 'No owner yet'}
        {card.dueOn ? ` · due ${card.dueOn}` : ''}
      </p>
      {card.sentBackReason ? (
        <p className="focus-card__sent-back">
          <strong>Sent back:</strong> {card.sentBackReason}
        </p>
      ) : null}
      {card.blocked ? (
        <p className="focus-card__blocked" role="status">
          Blocked: {card.blockedReason}
        </p>
      ) : null}
      {card.definitionOfDone.length ? (
        <fieldset className="focus-card__dod">
          <legend className="small muted">Definition of done</legend>
          {card.definitionOfDone.map((i) =>
            onTick ? (
              <label key={i.id} className={`dod-item${i.done ? ' done' : ''}`}>
                <input type="checkbox" checked={i.done} onChange={(e) => onTick(i.id, e.target.checked)} /> {i.text}
              </label>
            ) : (
              <p key={i.id} className={`dod-item${i.done ? ' done' : ''}`}>
                <span aria-hidden="true">{i.done ? '☑' : '☐'}</span> <span className="visually-hidden">{i.done ? 'Done:' : 'Not done:'}</span> {i.text}
              </p>
            ),
          )}
        </fieldset>
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
  const auto = useAutosave(async (text) => {
    await put(`/api/sessions/${session.id}/wifle`, { note: text });
  });
  // What you type stays put: the saved note replaces it only while nothing of yours is waiting to be saved.
  const typing = useRef(false);
  typing.current = auto.busy;
  useEffect(() => {
    if (!typing.current) setNote(mine?.wifleNote ?? '');
  }, [mine?.wifleNote]);
  const setDone = async (done: boolean) => {
    await auto.flush();
    await put(`/api/sessions/${session.id}/wifle`, { done });
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
      <p className="muted">Before the board, each of you clears the air: anything on your mind, good or bad. A note is optional and saves itself.</p>
      <ul className="wifle">
        {(session.participants ?? []).map((p) => (
          <li key={p.userId} className="wifle__person">
            <div className="wifle__head">
              <strong>{p.userId === meId ? `${p.name} (you)` : p.name}</strong>
              {p.wifleDone ? <span className="badge badge--ok">Done</span> : null}
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
                    auto.change(e.target.value);
                  }}
                  onBlur={() => void auto.flush()}
                />
                <div className="btn-row btn-row--spread">
                  <span className="small muted" aria-live="polite">
                    {auto.label ?? ''}
                  </span>
                  <button type="button" className="btn btn--small" onClick={() => void setDone(!p.wifleDone)}>
                    {p.wifleDone ? 'I have more to say' : 'I’m done'}
                  </button>
                </div>
              </>
            ) : (
              <p className="wifle__note">{p.wifleNote || <span className="muted">Nothing written.</span>}</p>
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

/** Verify: card by card, tick the definition of done, accept into Done (and celebrate) or send back with the reason. */
export function VerifyStep({ engagement, session, board }: StepProps) {
  const qc = useQueryClient();
  const cards = cardsOf(board, 'verify');
  const focus = useRoomFocus(
    engagement.id,
    session,
    cards.map((c) => c.card.id),
    canDo(engagement, 'session.lead'),
  );
  const { move, dialog, error, setError } = useCardMove(engagement.id);
  const { tick, error: tickError } = useTick(engagement.id);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [celebration, setCelebration] = useState<string | null>(null);
  useLiveEventListener((ev) => {
    const p = ev.payload as { toKind?: string; card?: { title: string } };
    if (ev.type === 'card.moved' && p.toKind === 'done' && p.card) setCelebration(p.card.title);
  });
  const done = board.columns.find((c) => c.kind === 'done');
  const doing = board.columns.find((c) => c.kind === 'doing');
  const current = cards[focus.at];
  const accept = async (anyway = false) => {
    if (!current || !done) return;
    const open = current.card.definitionOfDone.filter((i) => !i.done).length;
    if (open && !anyway) {
      setConfirming(current.card.id);
      return;
    }
    setConfirming(null);
    if (await move(current.card, done.id)) setCelebration(current.card.title);
  };
  const sendBack = async () => {
    if (!current) return;
    if (!reason.trim()) {
      setError('Say what is still missing, so the owner knows what to do.');
      return;
    }
    setError(null);
    try {
      storeCard(
        qc,
        engagement.id,
        await post<Card>(`/api/sessions/${session.id}/send-back`, { cardId: current.card.id, version: current.card.version, reason }),
      );
      setReason('');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };
  const unticked = current ? current.card.definitionOfDone.filter((i) => !i.done).length : 0;
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
          <Pager focus={focus} label="Card" />
          <FocusCard card={current.card} board={board} onTick={(itemId, d) => void tick(current.card, itemId, d)}>
            {error || tickError ? (
              <p className="form-error" role="alert">
                {error ?? tickError}
              </p>
            ) : null}
            <div className="room-decide">
              <div className="room-decide__accept">
                {canDo(engagement, 'card.acceptToDone') ? (
                  confirming === current.card.id ? (
                    <div className="confirm" role="alert">
                      <p>
                        {unticked} of {current.card.definitionOfDone.length} items of the definition of done {unticked === 1 ? 'is' : 'are'} not ticked. Accept
                        it anyway?
                      </p>
                      <div className="btn-row">
                        <button type="button" className="btn btn--primary" onClick={() => void accept(true)}>
                          Accept anyway
                        </button>
                        <button type="button" className="btn" onClick={() => setConfirming(null)}>
                          Not yet
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button type="button" className="btn btn--primary btn--large" onClick={() => void accept()}>
                      Accept to {done?.name ?? 'Done'}
                    </button>
                  )
                ) : (
                  <p className="muted">The coach accepts cards into Done.</p>
                )}
              </div>
              <div className="room-decide__back field">
                <label htmlFor="send-back-note">Not done yet? What is still missing</label>
                <textarea id="send-back-note" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
                <button type="button" className="btn" onClick={() => void sendBack()}>
                  Send back to {doing?.name ?? 'In Progress'}
                </button>
              </div>
            </div>
          </FocusCard>
        </>
      )}
      {dialog}
    </div>
  );
}
