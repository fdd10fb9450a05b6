import { type RateUnit, unitLabels } from './contracts-api';

/** The labelled choice of how a rate or quote is charged: per hour, per session, per month or a fixed price. */
export function RateUnitSelect({ id, label, value, onChange }: { id: string; label: string; value: RateUnit; onChange(unit: RateUnit): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(ev) => onChange(ev.target.value as RateUnit)}>
        {Object.entries(unitLabels).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}
