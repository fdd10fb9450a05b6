import { measureText } from '@carriage/core';
import { Field } from '../../ui/Field';
import { type Goal, newItemId } from './contracts-api';
import { MeasureFields } from './MeasureFields';

/** Goals as rows: what, how it is measured, the target and by when, and the number that says it is met. */
export function GoalsEditor({
  goals,
  onChange,
  errors = {},
  prefix = 'goals',
  dates = { startsOn: null, endsOn: null },
}: {
  goals: Goal[];
  onChange: (g: Goal[]) => void;
  errors?: Record<string, string>;
  prefix?: string;
  /** The period the goals fall in, the default baseline and target dates of a new measure. */
  dates?: { startsOn: string | null; endsOn: string | null };
}) {
  const set = (i: number, patch: Partial<Goal>) => onChange(goals.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <fieldset className="fieldset contract-items">
      <legend>Goals</legend>
      {goals.length === 0 ? <p className="muted small">No goals yet.</p> : null}
      {goals.map((g, i) => (
        <div className="contract-item" key={g.id}>
          <div className="contract-item__head">
            <strong>Goal {i + 1}</strong>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => onChange(goals.filter((_, j) => j !== i))}
              aria-label={`Remove goal ${i + 1}`}
            >
              Remove
            </button>
          </div>
          <Field label={`Goal ${i + 1}: what`} value={g.what} onChange={(e) => set(i, { what: e.target.value })} error={errors[`${prefix}.${i}.what`]} />
          <div className="two-col">
            <Field label="How it is measured" value={g.howMeasured} onChange={(e) => set(i, { howMeasured: e.target.value })} />
            <Field label="Target" value={g.target} onChange={(e) => set(i, { target: e.target.value })} />
          </div>
          <Field
            label="By when"
            type="date"
            value={g.byWhen ?? ''}
            onChange={(e) => set(i, { byWhen: e.target.value || null })}
            error={errors[`${prefix}.${i}.byWhen`]}
          />
          <MeasureFields
            goalLabel={`Goal ${i + 1}`}
            measure={g.measure}
            onChange={(measure) => set(i, { measure })}
            errors={errors}
            prefix={`${prefix}.${i}.measure`}
            defaults={{ baselineOn: dates.startsOn, targetOn: g.byWhen ?? dates.endsOn }}
          />
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => onChange([...goals, { id: newItemId('g'), what: '', howMeasured: '', target: '', byWhen: null, measure: null }])}
      >
        Add a goal
      </button>
    </fieldset>
  );
}

/** A read-only list of goals. */
export function GoalList({ goals }: { goals: Goal[] }) {
  if (goals.length === 0) return <p className="muted">No goals yet.</p>;
  return (
    <ol className="contract-list">
      {goals.map((g) => (
        <li key={g.id}>
          <strong>{g.what}</strong>
          <div className="small muted">
            {[g.howMeasured && `Measured by ${g.howMeasured}`, g.target && `Target: ${g.target}`, g.byWhen && `By ${g.byWhen}`].filter(Boolean).join(' · ') ||
              'No measure yet'}
          </div>
          {g.measure ? <div className="small muted">Measure: {measureText(g.measure)}</div> : null}
        </li>
      ))}
    </ol>
  );
}
