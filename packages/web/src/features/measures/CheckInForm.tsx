import { formatMeasureValue, type MeasuredGoalResult } from '@carriage/core';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { shortDate } from '../results/format';
import { dueText, standingText } from './measure-format';
import { localToday, useCheckInHistory, useRecordCheckIn } from './measures-api';

function parseValue(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
}

/** The value box, the day (today unless changed), a note and the button: what a check-in takes. */
function ValueForm({
  unit,
  submitLabel,
  initial,
  onSubmit,
  busy,
  compact,
}: {
  unit: string;
  submitLabel: string;
  initial?: { value: number; on: string; note: string };
  onSubmit: (draft: { value: number; on?: string; note?: string }) => Promise<void>;
  busy: boolean;
  compact?: boolean;
}) {
  const id = useId();
  const [value, setValue] = useState(initial ? String(initial.value) : '');
  const [on, setOn] = useState(initial?.on ?? localToday());
  const [note, setNote] = useState(initial?.note ?? '');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFields({});
    setMessage(null);
    try {
      // The day goes along only when changed: the server counts today in the person's own time zone.
      const day = initial ? (on !== initial.on ? on : undefined) : on !== localToday() ? on : undefined;
      await onSubmit({ value: parseValue(value), on: day, note: note.trim() || undefined });
      if (!initial) {
        setValue('');
        setNote('');
      }
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setMessage(Object.keys(err.fields).length ? null : err.message);
      } else setMessage('Not recorded. Try again.');
    }
  };
  return (
    <form className={`checkin-form${compact ? ' checkin-form--compact' : ''}`} onSubmit={submit} noValidate>
      <div className={`field checkin-form__value${fields.value ? ' field--error' : ''}`}>
        <label htmlFor={`${id}-value`}>Value{unit ? ` (${unit})` : ''}</label>
        <input
          id={`${id}-value`}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={fields.value ? true : undefined}
          aria-describedby={fields.value ? `${id}-value-error` : undefined}
        />
        {fields.value ? (
          <p className="field__error" id={`${id}-value-error`} role="alert">
            {fields.value}
          </p>
        ) : null}
      </div>
      <div className={`field checkin-form__on${fields.on ? ' field--error' : ''}`}>
        <label htmlFor={`${id}-on`}>Day</label>
        <input id={`${id}-on`} type="date" value={on} max={localToday()} onChange={(e) => setOn(e.target.value)} aria-invalid={fields.on ? true : undefined} />
        {fields.on ? (
          <p className="field__error" role="alert">
            {fields.on}
          </p>
        ) : null}
      </div>
      <div className={`field checkin-form__note${fields.note ? ' field--error' : ''}`}>
        <label htmlFor={`${id}-note`}>{initial ? 'Why it changes (optional)' : 'Note (optional)'}</label>
        <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} aria-invalid={fields.note ? true : undefined} />
        {fields.note ? (
          <p className="field__error" role="alert">
            {fields.note}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn btn--primary checkin-form__submit" disabled={busy}>
        {busy ? 'Saving…' : submitLabel}
      </button>
      {message ? (
        <p className="form-error checkin-form__message" role="alert">
          {message}
        </p>
      ) : null}
    </form>
  );
}

/** Every value recorded for the goal, latest first: a corrected value shows struck through, beside what replaced it. */
function History({ engagementId, goal }: { engagementId: string; goal: MeasuredGoalResult }) {
  const history = useCheckInHistory(engagementId, goal.cardId, true);
  if (history.isPending) return <p className="muted small">Loading…</p>;
  const rows = history.data?.checkIns ?? [];
  if (rows.length === 0) return <p className="muted small">Nothing recorded yet.</p>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (
    <ol className="checkin-history">
      {rows.map((c) => (
        <li key={c.id} className={c.correctedById ? 'checkin-history__corrected' : undefined}>
          <span className="checkin-history__value">{formatMeasureValue(c.value, goal.measure.unit)}</span> <span className="small">for {shortDate(c.on)}</span>
          <span className="small muted">
            {' · '}
            {c.correctsId ? `corrects ${formatMeasureValue(byId.get(c.correctsId)?.value ?? Number.NaN, goal.measure.unit)} · ` : ''}
            {c.correctedById ? 'corrected · ' : ''}
            {c.recordedBy?.name ?? 'someone'}, {shortDate(c.recordedAt)}
          </span>
          {c.note ? <span className="checkin-history__note small">“{c.note}”</span> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * A quick check-in for one goal: where its measure stands, the value to record (today unless changed)
 * with an optional note, and the latest values with a way to correct one. Works on a phone and in the
 * session room (`sessionId` ties the value to the session).
 */
export function CheckInForm({
  engagementId,
  goal,
  sessionId,
  compact,
  headingLevel = 3,
}: {
  engagementId: string;
  goal: MeasuredGoalResult;
  sessionId?: string;
  compact?: boolean;
  headingLevel?: 2 | 3 | 4;
}) {
  const record = useRecordCheckIn(engagementId);
  const [done, setDone] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const H = `h${headingLevel}` as 'h3';
  const due = dueText(goal);
  const recent = [...goal.points].reverse().slice(0, 3);
  const u = goal.measure.unit;
  return (
    <section className={`checkin${compact ? ' checkin--compact' : ''}`} aria-label={`Check in: ${goal.title}`}>
      <div className="checkin__head">
        <H className="checkin__title">{goal.title}</H>
        {due ? <span className="badge badge--warn">{due}</span> : null}
        {goal.progress.reached ? <span className="badge badge--ok">Target reached</span> : null}
      </div>
      <p className="small checkin__measure">
        <strong>{goal.measure.name}</strong> · {goal.measure.direction === 'up' ? 'higher' : 'lower'} is better · checked in{' '}
        {goal.measure.cadence === 'weekly' ? 'weekly' : 'at each session'}
      </p>
      <p className="small muted" data-testid="checkin-standing">
        {standingText(goal)}
      </p>
      <ValueForm
        unit={u}
        submitLabel="Record"
        busy={record.isPending}
        compact={compact}
        onSubmit={async (draft) => {
          setDone(null);
          const saved = await record.mutateAsync({ cardId: goal.cardId, draft: { ...draft, sessionId: sessionId ?? null } });
          setDone(`Recorded ${formatMeasureValue(saved.value, u)} for ${shortDate(saved.on)}.`);
        }}
      />
      <p className="small checkin__done" role="status" aria-live="polite">
        {done}
      </p>
      {recent.length > 0 ? (
        <details className="checkin__recent">
          <summary className="small">Latest values, and corrections</summary>
          <ul>
            {recent.map((p) => (
              <li key={p.id}>
                <span>
                  {formatMeasureValue(p.value, u)} <span className="small muted">for {shortDate(p.on)}</span>
                  {p.corrected ? <span className="small muted"> (corrected)</span> : null}
                </span>
                {correcting === p.id ? null : (
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => setCorrecting(p.id)}>
                    Correct
                  </button>
                )}
                {correcting === p.id ? (
                  <ValueForm
                    unit={u}
                    submitLabel="Save the correction"
                    busy={record.isPending}
                    compact
                    initial={{ value: p.value, on: p.on, note: '' }}
                    onSubmit={async (draft) => {
                      const saved = await record.mutateAsync({ cardId: goal.cardId, corrects: p.id, draft });
                      setCorrecting(null);
                      setDone(`Corrected: ${formatMeasureValue(saved.value, u)} for ${shortDate(saved.on)}. The earlier value stays in the history.`);
                    }}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
            {showAll ? 'Hide the history' : 'Every value recorded'}
          </button>
          {showAll ? <History engagementId={engagementId} goal={goal} /> : null}
        </details>
      ) : null}
    </section>
  );
}
