import { type GoalMeasure, type MeasureCadence, type MeasureDirection, measureText } from '@carriage/core';
import { useEffect, useId, useState } from 'react';
import { todayIso } from '../../lib/dates';
import { Field } from '../../ui/Field';

/** A number typed as text: the parent gets the number (NaN while the text is not one), the text stays as typed. */
export function NumberField({
  label,
  value,
  onChange,
  error,
  hint,
}: {
  label: string;
  value: number;
  onChange: (n: number) => void;
  error?: string;
  hint?: string;
}) {
  const [text, setText] = useState(Number.isFinite(value) ? String(value) : '');
  // A value changed elsewhere (a reload) replaces the text; one that only reflects what is typed does not.
  useEffect(() => {
    setText((t) => (Number(t.replace(',', '.')) === value || (t.trim() === '' && !Number.isFinite(value)) ? t : Number.isFinite(value) ? String(value) : ''));
  }, [value]);
  return (
    <Field
      label={label}
      inputMode="decimal"
      value={text}
      error={error}
      hint={hint}
      onChange={(e) => {
        setText(e.target.value);
        const t = e.target.value.trim().replace(',', '.');
        onChange(t === '' ? Number.NaN : Number(t));
      }}
    />
  );
}

/** A fresh measure for a goal: dates from the contract, the rest to fill in. */
export function blankMeasure(from: { baselineOn: string | null; targetOn: string | null }): GoalMeasure {
  const today = todayIso();
  return {
    name: '',
    unit: '',
    baseline: Number.NaN,
    baselineOn: from.baselineOn ?? today,
    target: Number.NaN,
    targetOn: from.targetOn ?? from.baselineOn ?? today,
    direction: 'up',
    cadence: 'weekly',
  };
}

/** The measure of one goal: what is counted, baseline and target with dates, which way is better, how often to check in. */
export function MeasureFields({
  goalLabel,
  measure,
  onChange,
  errors,
  prefix,
  defaults,
}: {
  goalLabel: string;
  measure: GoalMeasure | null | undefined;
  onChange: (m: GoalMeasure | null) => void;
  errors: Record<string, string>;
  prefix: string;
  defaults: { baselineOn: string | null; targetOn: string | null };
}) {
  const id = useId();
  const m = measure ?? null;
  const set = (patch: Partial<GoalMeasure>) => m && onChange({ ...m, ...patch });
  const e = (k: string) => errors[`${prefix}.${k}`];
  return (
    <fieldset className="measure-fields">
      <legend className="visually-hidden">{goalLabel}: measure</legend>
      <label className="check">
        <input type="checkbox" checked={m !== null} onChange={(ev) => onChange(ev.target.checked ? blankMeasure(defaults) : null)} />
        Track a number for this goal
      </label>
      {m ? (
        <>
          <div className="measure-fields__grid">
            <Field
              label="What is counted"
              value={m.name}
              onChange={(ev) => set({ name: ev.target.value })}
              error={e('name')}
              placeholder="Evenings out of the office by six"
            />
            <Field label="Unit" value={m.unit} onChange={(ev) => set({ unit: ev.target.value })} error={e('unit')} placeholder="a week" />
            <div className="field">
              <label htmlFor={`${id}-direction`}>Better is</label>
              <select id={`${id}-direction`} value={m.direction} onChange={(ev) => set({ direction: ev.target.value as MeasureDirection })}>
                <option value="up">Higher</option>
                <option value="down">Lower</option>
              </select>
            </div>
            <NumberField label="Baseline value" value={m.baseline} onChange={(baseline) => set({ baseline })} error={e('baseline')} />
            <Field label="Baseline date" type="date" value={m.baselineOn} onChange={(ev) => set({ baselineOn: ev.target.value })} error={e('baselineOn')} />
            <NumberField label="Target value" value={m.target} onChange={(target) => set({ target })} error={e('target')} />
            <Field label="Target date" type="date" value={m.targetOn} onChange={(ev) => set({ targetOn: ev.target.value })} error={e('targetOn')} />
            <div className="field">
              <label htmlFor={`${id}-cadence`}>Check in</label>
              <select id={`${id}-cadence`} value={m.cadence} onChange={(ev) => set({ cadence: ev.target.value as MeasureCadence })}>
                <option value="weekly">Weekly</option>
                <option value="session">At each session</option>
              </select>
            </div>
          </div>
          {m.name && Number.isFinite(m.baseline) && Number.isFinite(m.target) ? <p className="small muted">Reads: {measureText(m)}.</p> : null}
        </>
      ) : null}
    </fieldset>
  );
}
