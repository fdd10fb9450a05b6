import type { ReadinessGap } from '@carriage/core';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { FormError } from '../../ui/Field';
import type { BoardMember, Card } from './board-data';
import { Modal } from './Modal';
import type { ReadinessPatch } from './use-board-moves';

/** The WIP refusal: the rule's sentence, and going over the limit only with a reason that stays in the card's history. */
export function WipDialog({
  title,
  message,
  onCancel,
  onConfirm,
}: {
  title: string;
  message: string;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setError('Say in a few words why the limit should be exceeded.');
      return;
    }
    onConfirm(reason.trim());
  };
  return (
    <Modal title={title} onClose={onCancel}>
      <p className="wip-message" role="alert">
        {message}
      </p>
      <form onSubmit={submit} noValidate>
        <div className={`field${error ? ' field--error' : ''}`}>
          <label htmlFor="wip-reason">Reason to go over the limit</label>
          <textarea
            id="wip-reason"
            value={reason}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="wip-reason-hint"
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : (
            <p className="field__hint" id="wip-reason-hint">
              The reason is kept in the card’s history and shown on the card.
            </p>
          )}
        </div>
        <div className="btn-row modal__actions">
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            Keep within the limit
          </button>
          <button type="submit" className="btn btn--danger">
            Go over the limit
          </button>
        </div>
      </form>
    </Modal>
  );
}

interface ReadinessProps {
  card: Card;
  gaps: ReadinessGap[];
  message: string;
  members: BoardMember[];
  goals: Card[];
  onCancel: () => void;
  onSave: (fill: ReadinessPatch & { newGoalTitle?: string }) => Promise<void>;
}

/** The readiness refusal: fill what the card lacks right here, then it moves. */
export function ReadinessDialog({ card, gaps, message, members, goals, onCancel, onSave }: ReadinessProps) {
  const [ownerId, setOwnerId] = useState(card.ownerId ?? '');
  const [dueOn, setDueOn] = useState(card.dueOn ?? '');
  const [items, setItems] = useState<string[]>(['']);
  const [parentId, setParentId] = useState(card.parentId ?? '');
  const [newGoal, setNewGoal] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needs = (g: ReadinessGap) => gaps.includes(g);
  const goalChoices = goals.filter((g) => g.id !== card.id);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const f: Record<string, string> = {};
    const fill: ReadinessPatch & { newGoalTitle?: string } = {};
    if (needs('owner')) {
      if (!ownerId) f.ownerId = 'Choose who owns this card.';
      else fill.ownerId = ownerId;
    }
    if (needs('dueDate')) {
      if (!dueOn) f.dueOn = 'Choose a due date.';
      else fill.dueOn = dueOn;
    }
    if (needs('definitionOfDone')) {
      const texts = items.map((t) => t.trim()).filter(Boolean);
      if (texts.length === 0) f.definitionOfDone = 'Write at least one thing that must be true when this card is done.';
      else fill.definitionOfDone = texts.map((text) => ({ id: '', text, done: false }));
    }
    if (needs('goal')) {
      if (goalChoices.length === 0) {
        if (!newGoal.trim()) f.parentId = 'Name the goal this card serves.';
        else fill.newGoalTitle = newGoal.trim();
      } else if (!parentId) f.parentId = 'Choose the goal this card serves.';
      else fill.parentId = parentId;
    }
    setFields(f);
    setError(null);
    if (Object.keys(f).length) return;
    setBusy(true);
    try {
      await onSave(fill);
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(
          err.code === 'stale_version'
            ? 'Someone else changed this card meanwhile. Check the fields below (the board now shows their change) and save again.'
            : Object.keys(err.fields).length
              ? null
              : err.message,
        );
      } else setError('Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Get this card ready" onClose={onCancel}>
      <p className="ready-message">{message}</p>
      <p className="muted small">
        Card: <strong>{card.title}</strong>
      </p>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        {needs('owner') ? (
          <div className={`field${fields.ownerId ? ' field--error' : ''}`}>
            <label htmlFor="ready-owner">Owner</label>
            <select id="ready-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">Choose…</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.role})
                </option>
              ))}
            </select>
            {fields.ownerId ? <p className="field__error">{fields.ownerId}</p> : null}
          </div>
        ) : null}
        {needs('dueDate') ? (
          <div className={`field${fields.dueOn ? ' field--error' : ''}`}>
            <label htmlFor="ready-due">Due date</label>
            <input id="ready-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
            {fields.dueOn ? <p className="field__error">{fields.dueOn}</p> : null}
          </div>
        ) : null}
        {needs('definitionOfDone') ? (
          <fieldset className={`fieldset field${fields.definitionOfDone ? ' field--error' : ''}`}>
            <legend>Definition of done</legend>
            {items.map((text, i) => (
              <input
                // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows while the dialog is open
                key={i}
                type="text"
                className="dod-input"
                aria-label={`Definition of done, item ${i + 1}`}
                value={text}
                placeholder="What must be true when it is done?"
                onChange={(e) => setItems((all) => all.map((t, j) => (j === i ? e.target.value : t)))}
              />
            ))}
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setItems((all) => [...all, ''])}>
              + Add another item
            </button>
            {fields.definitionOfDone ? <p className="field__error">{fields.definitionOfDone}</p> : null}
          </fieldset>
        ) : null}
        {needs('goal') ? (
          goalChoices.length > 0 ? (
            <div className={`field${fields.parentId ? ' field--error' : ''}`}>
              <label htmlFor="ready-goal">Goal it serves</label>
              <select id="ready-goal" value={parentId} onChange={(e) => setParentId(e.target.value)}>
                <option value="">Choose…</option>
                {goalChoices.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
              </select>
              {fields.parentId ? <p className="field__error">{fields.parentId}</p> : null}
            </div>
          ) : (
            <div className={`field${fields.parentId ? ' field--error' : ''}`}>
              <label htmlFor="ready-new-goal">Goal it serves</label>
              <input
                id="ready-new-goal"
                type="text"
                value={newGoal}
                placeholder="There is no goal card yet: name one"
                onChange={(e) => setNewGoal(e.target.value)}
              />
              {fields.parentId ? <p className="field__error">{fields.parentId}</p> : <p className="field__hint">A goal card is added to the board.</p>}
            </div>
          )
        ) : null}
        <div className="btn-row modal__actions">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            Save and move
          </button>
        </div>
      </form>
    </Modal>
  );
}
