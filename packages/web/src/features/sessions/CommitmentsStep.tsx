import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, del, patch, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { type Card, storeCard } from '../board/board-data';
import type { StepProps } from './CheckpointSteps';
import { WorkerOptions } from './room-state';
import { type SessionDetail, sessionKeys } from './sessions-api';

/** "We agree": each person's agreement to the commitments, recorded with the time. */
function Agreement({ engagement, session, meId }: { engagement: Engagement; session: SessionDetail; meId: string }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const people = session.participants ?? [];
  const mine = people.find((p) => p.userId === meId);
  const set = async (agreed: boolean) => {
    setError(null);
    try {
      await put(`/api/sessions/${session.id}/agreement`, { agreed });
      await qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };
  return (
    <section className="agreement" aria-labelledby="agree-h">
      <h4 id="agree-h">Do you both agree to these commitments?</h4>
      <ul className="agreement__people">
        {people.map((p) => (
          <li key={p.userId}>
            <span className={`badge ${p.agreedAt ? 'badge--ok' : 'badge--muted'}`}>{p.agreedAt ? 'Agreed' : 'Not yet'}</span> {p.name}
            {p.userId === meId ? ' (you)' : ''}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {mine ? (
        mine.agreedAt ? (
          <button type="button" className="btn btn--small" onClick={() => void set(false)}>
            Take back my agreement
          </button>
        ) : (
          <button type="button" className="btn btn--primary" onClick={() => void set(true)}>
            We agree
          </button>
        )
      ) : null}
    </section>
  );
}

/** Commitments: the cards pulled or created in this session, each with an owner and a due date, agreed by both. */
export function CommitmentsStep({ engagement, session, board, meId }: StepProps) {
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const workers = board.members.filter((m) => m.role !== 'sponsor');
  const todo = board.columns.find((c) => c.kind === 'todo');
  const refresh = () => qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
  const cardOf = (id: string) => board.columns.flatMap((c) => c.cards).find((c) => c.id === id);
  const nextOn = session.nextSession?.on ?? null;
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
                  <WorkerOptions workers={workers} />
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
            {c.dueOn && nextOn && c.dueOn > nextOn ? (
              <span className="commitment__long">Due after the next session ({nextOn}): not a short step. Could a smaller first step be due by then?</span>
            ) : null}
          </li>
        ))}
      </ul>
      <Agreement engagement={engagement} session={session} meId={meId} />
      {adding ? (
        <form onSubmit={add} className="commitment-add">
          <h4>Add a commitment</h4>
          <div className="field">
            <label htmlFor="new-commitment">New card</label>
            <input id="new-commitment" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <div className="two-col">
            <div className="field">
              <label htmlFor="new-commitment-owner">Owner</label>
              <select id="new-commitment-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
                <option value="">Choose…</option>
                <WorkerOptions workers={workers} />
              </select>
            </div>
            <div className="field">
              <label htmlFor="new-commitment-due">Due date</label>
              <input id="new-commitment-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
            </div>
          </div>
          <div className="btn-row">
            <button type="submit" className="btn">
              Add
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setAdding(true)}>
          + Add a commitment
        </button>
      )}
    </div>
  );
}
