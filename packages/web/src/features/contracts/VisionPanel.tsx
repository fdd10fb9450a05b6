import { decimalOf } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { Field, FormError, TextArea } from '../../ui/Field';
import { refusalNote, useFocusFirstInvalid } from '../../ui/form-errors';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { formatDateTime, roleLabel } from '../engagements/format';
import { canDo } from '../engagements/use-engagement';
import { amountMinorFrom, contractKeys, type Quote, rateText, useVision, type Vision } from './contracts-api';
import { GoalList, GoalsEditor } from './GoalsEditor';
import { RateUnitSelect } from './RateUnitSelect';

const emptyQuote: Quote = { amountMinor: null, currency: 'EUR', unit: 'fixed', sessionsIncluded: null, covers: '' };

/** What the contract tab may ask of the vision form: whether it holds unsaved edits, and to save them. */
export interface VisionEditorHandle {
  dirty: boolean;
  save: () => Promise<boolean>;
}

const priceText = (q: Vision['quote']) => (q && q.amountMinor !== null ? decimalOf(q.amountMinor, q.currency, q.scale) : '');

/** What the form holds, the price as typed: comparing it tells whether there are unsaved edits. */
function snapshotOf(draft: Vision, price: string): string {
  const { scale: _scale, amountMinor: _amount, ...quote } = draft.quote ?? { scale: undefined, amountMinor: null };
  return JSON.stringify({
    currentSituation: draft.currentSituation,
    desiredFuture: draft.desiredFuture,
    goals: draft.goals,
    quote: draft.quote ? { ...quote, price } : null,
  });
}

/** The request body: the typed price read into minor units of the quote's currency (or the field's error). */
function bodyOf(draft: Vision, price: string) {
  const q = draft.quote;
  return {
    currentSituation: draft.currentSituation,
    desiredFuture: draft.desiredFuture,
    goals: draft.goals.map((g) => ({ ...g, what: g.what.trim() || 'Untitled goal' })),
    quote: q
      ? {
          currency: q.currency,
          unit: q.unit,
          sessionsIncluded: q.sessionsIncluded,
          covers: q.covers,
          amountMinor: amountMinorFrom(price, q.currency, 'quote.amountMinor'),
        }
      : null,
  };
}

const shownField = (key: string) => /^goals\.\d+\.(what|byWhen)$/.test(key) || key === 'quote.amountMinor' || key === 'quote.currency';

function VisionEditor({
  e,
  vision,
  handle,
  onDirtyChange,
}: {
  e: Engagement;
  vision: Vision;
  handle?: RefObject<VisionEditorHandle | null>;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const qc = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(vision);
  const [price, setPrice] = useState(() => priceText(vision.quote));
  const [savedBody, setSavedBody] = useState(() => snapshotOf(vision, priceText(vision.quote)));
  const [saved, setSaved] = useState(false);
  const quote = draft.quote ?? emptyQuote;
  const setQuote = (patch: Partial<Quote>) => setDraft({ ...draft, quote: { ...quote, ...patch } });
  const dirty = snapshotOf(draft, price) !== savedBody;
  const save = useSubmit(async () => {
    setSaved(false);
    const body = bodyOf(draft, price);
    qc.setQueryData(contractKeys.vision(e.id), await put<Vision>(`/api/engagements/${e.id}/vision`, body));
    setSavedBody(snapshotOf(draft, price));
    setSaved(true);
    return true;
  });
  useFocusFirstInvalid(form, save.fields);
  if (handle) handle.current = { dirty, save: async () => (await save.submit()) === true };
  const report = useRef(onDirtyChange);
  report.current = onDirtyChange;
  useEffect(() => {
    report.current?.(dirty);
  }, [dirty]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (ev: BeforeUnloadEvent) => ev.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return (
    <form ref={form} onSubmit={save.submit} noValidate>
      <TextArea
        label="Current situation"
        value={draft.currentSituation}
        onChange={(ev) => setDraft({ ...draft, currentSituation: ev.target.value })}
        rows={4}
      />
      <TextArea label="Desired future" value={draft.desiredFuture} onChange={(ev) => setDraft({ ...draft, desiredFuture: ev.target.value })} rows={4} />
      <GoalsEditor goals={draft.goals} onChange={(goals) => setDraft({ ...draft, goals })} errors={save.fields} />
      <fieldset className="fieldset">
        <legend>Quote</legend>
        <div className="quote-grid">
          <Field
            label="Price"
            inputMode="decimal"
            value={price}
            onChange={(ev) => {
              setPrice(ev.target.value);
              if (!draft.quote) setQuote({});
            }}
            error={save.fields['quote.amountMinor']}
          />
          <Field
            label="Currency"
            value={quote.currency}
            maxLength={3}
            onChange={(ev) => setQuote({ currency: ev.target.value.toUpperCase() })}
            error={save.fields['quote.currency']}
          />
          <RateUnitSelect id="quote-unit" label="Charged" value={quote.unit} onChange={(unit) => setQuote({ unit })} />
          <Field
            label="Sessions included"
            type="number"
            min={1}
            value={quote.sessionsIncluded ?? ''}
            onChange={(ev) => setQuote({ sessionsIncluded: ev.target.value === '' ? null : Number(ev.target.value) })}
          />
        </div>
        <TextArea label="What the quote covers" value={quote.covers} onChange={(ev) => setQuote({ covers: ev.target.value })} rows={3} />
      </fieldset>
      <SaveRow busy={save.busy} label="Save the vision" status={saved && !dirty && 'Saved.'} error={refusalNote(save.fields, save.message, shownField)} />
    </form>
  );
}

function VisionReader({ vision }: { vision: Vision }) {
  const empty = !vision.currentSituation && !vision.desiredFuture && vision.goals.length === 0 && !vision.quote;
  if (empty) return <p className="muted">The coach hasn’t written the vision yet.</p>;
  return (
    <div className="vision-read">
      <h3>Current situation</h3>
      <p className="prose">{vision.currentSituation || '—'}</p>
      <h3>Desired future</h3>
      <p className="prose">{vision.desiredFuture || '—'}</p>
      <h3>Goals</h3>
      <GoalList goals={vision.goals} />
      <h3>Quote</h3>
      {vision.quote ? (
        <>
          <p>
            <strong>
              {vision.quote.amountMinor != null
                ? rateText({ ...vision.quote, amountMinor: vision.quote.amountMinor, instalments: null })
                : 'Price to be agreed'}
            </strong>
          </p>
          {vision.quote.covers ? <p className="prose">{vision.quote.covers}</p> : null}
        </>
      ) : (
        <p className="muted">No quote yet.</p>
      )}
    </div>
  );
}

function Comments({ e, vision }: { e: Engagement; vision: Vision }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const send = useSubmit(async () => {
    qc.setQueryData(contractKeys.vision(e.id), await post<Vision>(`/api/engagements/${e.id}/vision/comments`, { body }));
    setBody('');
  });
  return (
    <div className="vision-comments">
      <h3>Comments</h3>
      {vision.comments.length === 0 ? <p className="muted small">No comments yet.</p> : null}
      <ul className="comment-list">
        {vision.comments.map((c) => (
          <li key={c.id}>
            <div className="small muted">
              <strong className="comment-author">{c.author.name}</strong> · {roleLabel[c.author.role] ?? c.author.role} · {formatDateTime(c.createdAt)}
            </div>
            <p className="prose">{c.body}</p>
          </li>
        ))}
      </ul>
      {canDo(e, 'vision.comment') ? (
        <form onSubmit={send.submit} noValidate>
          <TextArea label="Add a comment" value={body} onChange={(ev) => setBody(ev.target.value)} rows={2} error={send.fields.body} />
          <div className="btn-row">
            <button className="btn" type="submit" disabled={send.busy}>
              Comment
            </button>
          </div>
          <FormError message={send.message} />
        </form>
      ) : null}
    </div>
  );
}

/** The vision document and quote: the coach writes it, everyone reads and comments. */
export function VisionPanel({
  e,
  handle,
  onDirtyChange,
}: {
  e: Engagement;
  handle?: RefObject<VisionEditorHandle | null>;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const vision = useVision(e.id);
  const write = canDo(e, 'vision.write');
  return (
    <section className="panel" aria-labelledby="vision-heading">
      <h2 id="vision-heading">Vision and quote</h2>
      <p className="muted small">Where the client is, where they want to be, the goals that lead there, and what it costs.</p>
      {vision.isPending ? <div aria-busy="true" /> : null}
      {vision.data ? (
        <>
          {write ? <VisionEditor e={e} vision={vision.data} handle={handle} onDirtyChange={onDirtyChange} /> : <VisionReader vision={vision.data} />}
          <Comments e={e} vision={vision.data} />
        </>
      ) : null}
    </section>
  );
}
