import { type ReadinessGap, readinessGaps, readinessMessage, wipCapacity } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, del, patch, post } from '../../api/client';
import { type Card, storeCard } from '../board/board-data';
import { ReadinessDialog } from '../board/MoveDialogs';
import type { ReadinessPatch } from '../board/use-board-moves';
import { cardsOf, FocusCard, Pager, type StepProps, useCardMove, useOneAtATime } from './CheckpointSteps';
import { sessionKeys } from './sessions-api';

function useSaveCard(engagementId: string) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = async (card: Card, body: Record<string, unknown>): Promise<Card | null> => {
    setError(null);
    try {
      const updated = await patch<Card>(`/api/cards/${card.id}`, { version: card.version, ...body });
      storeCard(qc, engagementId, updated);
      return updated;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      return null;
    }
  };
  return { save, error, setError };
}

/** In Progress: card by card, record progress, raise or clear a roadblock. */
export function InProgressStep({ engagement, board }: StepProps) {
  const cards = cardsOf(board, 'doing');
  const pager = useOneAtATime(cards.length);
  const { save, error, setError } = useSaveCard(engagement.id);
  const [progress, setProgress] = useState('');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const current = cards[pager.at];
  if (!current) return <p className="room-empty">Nothing is in progress. Go on to pull new work.</p>;
  const card = current.card;
  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (!progress.trim()) return;
    await post(`/api/cards/${card.id}/comments`, { body: `Progress: ${progress.trim()}` });
    setProgress('');
    setSaved('Progress recorded on the card.');
  };
  const raise = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say what blocks this card, so it can be removed.');
      return;
    }
    if (await save(card, { blocked: true, blockedReason: reason.trim() })) setReason('');
  };
  return (
    <div className="room-step">
      <p className="muted">
        {current.column.name} holds {current.column.cards.length}
        {current.column.wipLimit !== null ? ` of ${current.column.wipLimit}` : ''} cards.
      </p>
      <Pager {...pager} total={cards.length} label="Card" />
      <FocusCard card={card} board={board}>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {saved ? (
          <p className="notice" role="status">
            {saved}
          </p>
        ) : null}
        <form onSubmit={record} className="field">
          <label htmlFor="progress-note">Progress since last time</label>
          <textarea id="progress-note" rows={2} value={progress} onChange={(e) => setProgress(e.target.value)} />
          <div className="btn-row">
            <button type="submit" className="btn">
              Record progress
            </button>
          </div>
        </form>
        {card.blocked ? (
          <button type="button" className="btn btn--large" onClick={() => void save(card, { blocked: false })}>
            Clear the roadblock
          </button>
        ) : (
          <form onSubmit={raise} className="field">
            <label htmlFor="roadblock-reason">Roadblock</label>
            <input id="roadblock-reason" type="text" value={reason} placeholder="What stands in the way?" onChange={(e) => setReason(e.target.value)} />
            <div className="btn-row">
              <button type="submit" className="btn btn--danger">
                Raise a roadblock
              </button>
            </div>
          </form>
        )}
      </FocusCard>
    </div>
  );
}

/** Pull: with the WIP capacity in view, inspect each To Do card, complete what it lacks, and pull it in. */
export function PullStep({ engagement, session, board }: StepProps) {
  const qc = useQueryClient();
  const cards = cardsOf(board, 'todo').filter((c) => c.card.type !== 'goal');
  const pager = useOneAtATime(cards.length);
  const { move, dialog, error, setError } = useCardMove(engagement.id);
  const [ready, setReady] = useState<{ card: Card; gaps: ReadinessGap[] } | null>(null);
  const doing = board.columns.find((c) => c.kind === 'doing');
  const capacity = doing ? wipCapacity(doing, doing.cards.length) : null;
  const current = cards[pager.at];
  const goals = board.columns.flatMap((c) => c.cards).filter((c) => c.type === 'goal');
  const workers = board.members.filter((m) => m.role !== 'sponsor');

  const pull = async (card: Card) => {
    if (!doing) return;
    const gaps = readinessGaps(card);
    if (gaps.length) {
      setReady({ card, gaps });
      return;
    }
    const moved = await move(card, doing.id);
    if (moved) {
      await post(`/api/sessions/${session.id}/commitments`, { cardId: card.id });
      await qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
    }
  };
  const fill = async (card: Card, { newGoalTitle, ...fields }: ReadinessPatch & { newGoalTitle?: string }) => {
    if (newGoalTitle) {
      const goal = await post<Card>(`/api/engagements/${engagement.id}/cards`, { columnId: card.columnId, type: 'goal', title: newGoalTitle });
      storeCard(qc, engagement.id, goal);
      fields.parentId = goal.id;
    }
    const updated = await patch<Card>(`/api/cards/${card.id}`, { version: card.version, ...fields });
    storeCard(qc, engagement.id, updated);
    setReady(null);
    await pull(updated);
  };

  return (
    <div className="room-step">
      <p className="capacity" data-testid="wip-capacity">
        {doing
          ? capacity === null
            ? `${doing.name} has no WIP limit.`
            : capacity === 0
              ? `${doing.name} is full (${doing.cards.length} of ${doing.wipLimit}). Finish something before pulling more.`
              : `Room for ${capacity} more in ${doing.name} (${doing.cards.length} of ${doing.wipLimit}).`
          : 'This board has no In Progress column.'}
      </p>
      {!current ? (
        <p className="room-empty">Nothing waits in To Do.</p>
      ) : (
        <>
          <Pager {...pager} total={cards.length} label="Card" />
          <FocusCard card={current.card} board={board}>
            {current.card.missing.length ? (
              <p className="focus-card__gaps">{readinessMessage(current.card.missing as ReadinessGap[], doing?.name ?? 'In Progress')}</p>
            ) : (
              <p className="badge badge--ok">Ready to start</p>
            )}
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="btn-row room-actions">
              <button
                type="button"
                className="btn btn--primary btn--large"
                onClick={() => void pull(current.card).catch((e) => setError((e as Error).message))}
              >
                Pull into {doing?.name ?? 'In Progress'}
              </button>
            </div>
          </FocusCard>
        </>
      )}
      {ready ? (
        <ReadinessDialog
          card={ready.card}
          gaps={ready.gaps}
          message={readinessMessage(ready.gaps, doing?.name ?? 'In Progress')}
          members={workers}
          goals={goals}
          onCancel={() => setReady(null)}
          onSave={(f) => fill(ready.card, f)}
        />
      ) : null}
      {dialog}
    </div>
  );
}

/** Commitments: the cards pulled or created in this session, each with an owner and a due date. */
export function CommitmentsStep({ engagement, session, board }: StepProps) {
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const workers = board.members.filter((m) => m.role !== 'sponsor');
  const todo = board.columns.find((c) => c.kind === 'todo');
  const refresh = () => qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
  const cardOf = (id: string) => board.columns.flatMap((c) => c.cards).find((c) => c.id === id);
  const edit = async (cardId: string, body: Record<string, unknown>) => {
    const card = cardOf(cardId);
    if (!card) return;
    setError(null);
    try {
      storeCard(qc, engagement.id, await patch<Card>(`/api/cards/${card.id}`, { version: card.version, ...body }));
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!todo || !title.trim()) return;
    setError(null);
    try {
      const card = await post<Card>(`/api/engagements/${engagement.id}/cards`, {
        columnId: todo.id,
        type: 'task',
        title: title.trim(),
        ownerId: ownerId || null,
        dueOn: dueOn || null,
      });
      storeCard(qc, engagement.id, card);
      await post(`/api/sessions/${session.id}/commitments`, { cardId: card.id });
      setTitle('');
      setDueOn('');
      await refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    }
  };
  const list = session.commitmentList ?? [];
  return (
    <div className="room-step">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {list.length === 0 ? <p className="room-empty">No commitments yet: pull a card, or add one below.</p> : null}
      <ul className="commitments">
        {list.map((c) => (
          <li key={c.id} className="commitment" data-testid="commitment">
            <strong className="commitment__title">{c.title}</strong>
            <span className="small muted">{c.columnName}</span>
            <div className="commitment__fields">
              <label>
                <span className="visually-hidden">Owner of {c.title}</span>
                <select value={c.ownerId ?? ''} onChange={(e) => void edit(c.cardId, { ownerId: e.target.value || null })}>
                  <option value="">No owner</option>
                  {workers.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span className="visually-hidden">Due date of {c.title}</span>
                <input type="date" value={c.dueOn ?? ''} onChange={(e) => void edit(c.cardId, { dueOn: e.target.value || null })} />
              </label>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => void del(`/api/commitments/${c.id}`).then(refresh)}
                aria-label={`Remove the commitment ${c.title}`}
              >
                Remove
              </button>
            </div>
            {!c.ownerId || !c.dueOn ? <span className="field__error">Give it an owner and a due date.</span> : null}
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="commitment-add">
        <h3>Add a commitment</h3>
        <div className="field">
          <label htmlFor="new-commitment">New card</label>
          <input id="new-commitment" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="two-col">
          <div className="field">
            <label htmlFor="new-commitment-owner">Owner</label>
            <select id="new-commitment-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">Choose…</option>
              {workers.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-commitment-due">Due date</label>
            <input id="new-commitment-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="btn">
          Add
        </button>
      </form>
    </div>
  );
}
