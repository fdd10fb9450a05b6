import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, patch } from '../../api/client';
import { FormError } from '../../ui/Field';
import { type Board, type Card, storeCard } from './board-data';
import { ConflictView } from './ConflictView';
import { changedFields, type Draft, type DraftField, draftOf, patchOf } from './card-draft';
import { fromLocalInput, gapSentence, toLocalInput } from './card-format';
import { Markdown } from './Markdown';

interface Props {
  card: Card;
  board: Board;
  canEdit: boolean;
}

interface Conflict {
  current: Card;
  mine: DraftField[];
}

/**
 * The card's details as a form. Saving sends the version the editor started from; when someone else saved
 * in between, the server refuses and the conflict view shows both versions instead of overwriting theirs.
 */
export function CardDetails({ card, board, canEdit }: Props) {
  const qc = useQueryClient();
  const [base, setBase] = useState<Card>(card);
  const [draft, setDraft] = useState<Draft>(() => draftOf(card));
  const [labelsText, setLabelsText] = useState(card.labels.join(', '));
  const [editingDescription, setEditingDescription] = useState(false);
  const [preview, setPreview] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = changedFields(draftOf(base), draft);
  const dirty = mine.length > 0;

  const reset = (c: Card) => {
    setBase(c);
    setDraft(draftOf(c));
    setLabelsText(c.labels.join(', '));
    setFields({});
  };
  // A change from elsewhere refreshes an untouched form; a form being edited keeps the editor's words.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the card's version only
  useEffect(() => {
    if (card.id !== base.id || (!dirty && !conflict && card.version !== base.version)) reset(card);
  }, [card.id, card.version]);

  const set = <K extends DraftField>(field: K, value: Draft[K]) => {
    setSaved(null);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  const save = async (from: Card, values: Draft, which: DraftField[]) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const updated = await patch<Card>(`/api/cards/${from.id}`, { version: from.version, ...patchOf(values, which) });
      storeCard(qc, updated.engagementId, updated);
      setConflict(null);
      reset(updated);
      setSaved('Saved.');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version' && err.body.current) {
        const current = { ...(err.body.current as Card), commentCount: card.commentCount };
        storeCard(qc, current.engagementId, current);
        setConflict({ current, mine: which });
      } else if (err instanceof ApiError) {
        setFields(err.fields);
        if (!Object.keys(err.fields).length) setError(err.message);
      } else setError('Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    if (!draft.title.trim()) {
      setFields({ title: 'Give the card a title.' });
      return;
    }
    if (draft.blocked && !draft.blockedReason?.trim()) {
      setFields({ blockedReason: 'Say what blocks this card.' });
      return;
    }
    void save(base, draft, mine);
  };

  // Ticking an item off saves at once when nothing else is being edited.
  const toggleItem = (index: number) => {
    const next = { ...draft, definitionOfDone: draft.definitionOfDone.map((item, i) => (i === index ? { ...item, done: !item.done } : item)) };
    setDraft(next);
    setSaved(null);
    if (!dirty && canEdit) void save(base, next, ['definitionOfDone']);
  };

  const goals = board.columns.flatMap((c) => c.cards).filter((c) => c.type === 'goal' && c.id !== card.id);
  const disabled = !canEdit || !!conflict;
  const f = (name: string) => (fields[name] ? <p className="field__error">{fields[name]}</p> : null);

  return (
    <form className="card-details" onSubmit={submit} noValidate aria-label="Card details">
      {conflict ? (
        <ConflictView
          card={card}
          base={base}
          current={conflict.current}
          draft={draft}
          mine={conflict.mine}
          board={board}
          busy={busy}
          onKeepTheirs={() => {
            setConflict(null);
            reset(card.version >= conflict.current.version ? card : conflict.current);
            setSaved('Their version is kept; your changes were discarded.');
          }}
          onApplyMine={() => void save(card.version >= conflict.current.version ? card : conflict.current, draft, conflict.mine)}
        />
      ) : null}
      {!conflict && dirty && card.version !== base.version ? (
        <p className="warning small" role="status">
          This card changed since you started editing. When you save, you will see both versions.
        </p>
      ) : null}
      <FormError message={error} />
      {card.missing.length > 0 ? <p className="panel-needs">Not ready yet: it needs {gapSentence(card.missing)}.</p> : null}
      <div className={`field${fields.title ? ' field--error' : ''}`}>
        <label htmlFor="card-title">Title</label>
        <input id="card-title" type="text" value={draft.title} disabled={disabled} onChange={(e) => set('title', e.target.value)} />
        {f('title')}
      </div>
      <div className="grid-fields">
        <div className="field">
          <label htmlFor="card-type">Type</label>
          <select id="card-type" value={draft.type} disabled={disabled} onChange={(e) => set('type', e.target.value as Card['type'])}>
            <option value="task">Task</option>
            <option value="goal">Goal</option>
            <option value="event">Event</option>
          </select>
        </div>
        <div className={`field${fields.ownerId ? ' field--error' : ''}`}>
          <label htmlFor="card-owner">Owner</label>
          <select id="card-owner" value={draft.ownerId ?? ''} disabled={disabled} onChange={(e) => set('ownerId', e.target.value || null)}>
            <option value="">Nobody yet</option>
            {board.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
          {f('ownerId')}
        </div>
        <div className={`field${fields.dueOn ? ' field--error' : ''}`}>
          <label htmlFor="card-due">Due date</label>
          <input id="card-due" type="date" value={draft.dueOn ?? ''} disabled={disabled} onChange={(e) => set('dueOn', e.target.value || null)} />
          {f('dueOn')}
        </div>
        {draft.type !== 'goal' ? (
          <div className={`field${fields.parentId ? ' field--error' : ''}`}>
            <label htmlFor="card-goal">Goal it serves</label>
            <select id="card-goal" value={draft.parentId ?? ''} disabled={disabled} onChange={(e) => set('parentId', e.target.value || null)}>
              <option value="">No goal</option>
              {goals.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
            {f('parentId')}
          </div>
        ) : null}
      </div>
      {draft.type === 'event' ? (
        <div className="grid-fields">
          <div className={`field${fields.eventAt ? ' field--error' : ''}`}>
            <label htmlFor="card-event-at">Date and time</label>
            <input
              id="card-event-at"
              type="datetime-local"
              value={toLocalInput(draft.eventAt)}
              disabled={disabled}
              onChange={(e) => set('eventAt', fromLocalInput(e.target.value))}
            />
            {f('eventAt')}
          </div>
          <div className="field">
            <label htmlFor="card-event-place">Place</label>
            <input id="card-event-place" type="text" value={draft.eventPlace ?? ''} disabled={disabled} onChange={(e) => set('eventPlace', e.target.value)} />
          </div>
        </div>
      ) : null}
      <fieldset className="fieldset dod">
        <legend>Definition of done</legend>
        {draft.definitionOfDone.length === 0 ? <p className="muted small">What must be true when this card is done?</p> : null}
        <ul className="dod__list">
          {draft.definitionOfDone.map((item, i) => (
            <li key={item.id || `new-${i}`} className="dod__item">
              <input
                type="checkbox"
                checked={item.done}
                disabled={!canEdit || !!conflict || busy}
                aria-label={`Done: ${item.text || 'new item'}`}
                onChange={() => toggleItem(i)}
              />
              <input
                type="text"
                value={item.text}
                disabled={disabled}
                aria-label={`Definition of done, item ${i + 1}`}
                className={item.done ? 'dod__text dod__text--done' : 'dod__text'}
                onChange={(e) =>
                  set(
                    'definitionOfDone',
                    draft.definitionOfDone.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                  )
                }
              />
              {canEdit ? (
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Remove item ${i + 1}`}
                  disabled={disabled}
                  onClick={() =>
                    set(
                      'definitionOfDone',
                      draft.definitionOfDone.filter((_, j) => j !== i),
                    )
                  }
                >
                  <span aria-hidden="true">×</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            disabled={disabled}
            onClick={() => set('definitionOfDone', [...draft.definitionOfDone, { id: '', text: '', done: false }])}
          >
            + Add an item
          </button>
        ) : null}
        {f('definitionOfDone')}
      </fieldset>
      <div className="field">
        <div className="field__label-row">
          {editingDescription && !preview ? <label htmlFor="card-description">Description</label> : <span className="field__label">Description</span>}
          {canEdit && editingDescription ? (
            <button type="button" className="link-btn" onClick={() => setPreview((p) => !p)}>
              {preview ? 'Write' : 'Preview'}
            </button>
          ) : null}
        </div>
        {editingDescription && !preview ? (
          <textarea
            id="card-description"
            value={draft.description}
            rows={8}
            disabled={disabled}
            onChange={(e) => set('description', e.target.value)}
            placeholder="Markdown: **bold**, - lists, [links](https://…)"
          />
        ) : (
          <div className="description-view">
            {draft.description.trim() ? <Markdown text={draft.description} /> : <p className="muted small">No description.</p>}
            {canEdit && !editingDescription ? (
              <button type="button" className="btn btn--ghost btn--small" disabled={disabled} onClick={() => setEditingDescription(true)}>
                Edit description
              </button>
            ) : null}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="card-labels">Labels</label>
        <input
          id="card-labels"
          type="text"
          value={labelsText}
          disabled={disabled}
          placeholder="Separate with commas"
          onChange={(e) => {
            setLabelsText(e.target.value);
            set(
              'labels',
              e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            );
          }}
        />
      </div>
      <div className={`blocked-box${draft.blocked ? ' blocked-box--on' : ''}`}>
        <label className="check">
          <input type="checkbox" checked={draft.blocked} disabled={disabled} onChange={(e) => set('blocked', e.target.checked)} />
          Blocked
        </label>
        {draft.blocked ? (
          <div className={`field${fields.blockedReason ? ' field--error' : ''}`}>
            <label htmlFor="card-blocked-reason">What blocks it</label>
            <input
              id="card-blocked-reason"
              type="text"
              value={draft.blockedReason ?? ''}
              disabled={disabled}
              onChange={(e) => set('blockedReason', e.target.value)}
            />
            {f('blockedReason')}
          </div>
        ) : null}
      </div>
      {canEdit && !conflict ? (
        <div className={`card-details__actions${dirty ? ' card-details__actions--dirty' : ''}`}>
          <button type="submit" className="btn btn--primary" disabled={!dirty || busy}>
            Save changes
          </button>
          {dirty ? (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => {
                reset(card);
                setEditingDescription(false);
              }}
            >
              Discard
            </button>
          ) : null}
          <span className="muted small" role="status">
            {saved ?? (dirty ? 'Unsaved changes' : '')}
          </span>
        </div>
      ) : null}
    </form>
  );
}
