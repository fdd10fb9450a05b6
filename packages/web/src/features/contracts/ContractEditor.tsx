import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api/client';
import type { Engagement } from '../../api/types';
import { Field, FormError, TextArea } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { roleLabel } from '../engagements/format';
import { useMembers } from '../engagements/use-engagement';
import { type Contract, type ContractContent, contractKeys, type Deliverable, newItemId, type RateUnit } from './contracts-api';
import { GoalsEditor } from './GoalsEditor';
import { RateUnitSelect } from './RateUnitSelect';

interface RateDraft {
  amount: string;
  currency: string;
  unit: RateUnit;
  sessionsIncluded: string;
}

function DeliverablesEditor({ c, onChange, errors }: { c: ContractContent; onChange: (d: Deliverable[]) => void; errors: Record<string, string> }) {
  const list = c.deliverables;
  const set = (i: number, p: Partial<Deliverable>) => onChange(list.map((d, j) => (j === i ? { ...d, ...p } : d)));
  return (
    <fieldset className="fieldset contract-items">
      <legend>Deliverables</legend>
      {list.length === 0 ? <p className="muted small">No deliverables yet. Each becomes a card on the board once the contract is signed.</p> : null}
      {list.map((d, i) => (
        <div className="contract-item" key={d.id}>
          <div className="contract-item__head">
            <strong>Deliverable {i + 1}</strong>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => onChange(list.filter((_, j) => j !== i))}
              aria-label={`Remove deliverable ${i + 1}`}
            >
              Remove
            </button>
          </div>
          <Field
            label={`Deliverable ${i + 1}: description`}
            value={d.description}
            onChange={(e) => set(i, { description: e.target.value })}
            error={errors[`deliverables.${i}.description`]}
          />
          <TextArea
            label="Acceptance criteria (one per line)"
            value={d.acceptanceCriteria}
            onChange={(e) => set(i, { acceptanceCriteria: e.target.value })}
            rows={2}
          />
          <div className="two-col">
            <Field label="Due date" type="date" value={d.dueOn ?? ''} onChange={(e) => set(i, { dueOn: e.target.value || null })} />
            <div className="field">
              <label htmlFor={`serves-${d.id}`}>Serves goal</label>
              <select id={`serves-${d.id}`} value={d.goalId ?? ''} onChange={(e) => set(i, { goalId: e.target.value || null })}>
                <option value="">No goal</option>
                {c.goals.map((g, gi) => (
                  <option key={g.id} value={g.id}>
                    {gi + 1}. {g.what || 'Untitled goal'}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => onChange([...list, { id: newItemId('d'), description: '', acceptanceCriteria: '', dueOn: null, goalId: null }])}
      >
        Add a deliverable
      </button>
    </fieldset>
  );
}

/** The coach edits a draft: every field, the signers, and the terms from the template. */
export function ContractEditor({ e, contract, onSaved }: { e: Engagement; contract: Contract; onSaved?: () => void }) {
  const qc = useQueryClient();
  const members = useMembers(e.id);
  const [c, setC] = useState<ContractContent>(contract.content);
  const [rate, setRate] = useState<RateDraft>({
    amount: contract.content.rate ? String(contract.content.rate.amount) : '',
    currency: contract.content.rate?.currency ?? 'EUR',
    unit: contract.content.rate?.unit ?? (contract.template === 'organization' ? 'fixed' : 'per_session'),
    sessionsIncluded: contract.content.rate?.sessionsIncluded ? String(contract.content.rate.sessionsIncluded) : '',
  });
  const [saved, setSaved] = useState(false);
  const signerIds = new Set(c.signers.map((s) => s.userId));
  const save = useSubmit(async () => {
    setSaved(false);
    const body = {
      title: c.title,
      clientName: c.clientName,
      startsOn: c.startsOn || null,
      endsOn: c.endsOn || null,
      rate:
        rate.amount.trim() === ''
          ? null
          : {
              amount: Number(rate.amount),
              currency: rate.currency,
              unit: rate.unit,
              sessionsIncluded: rate.sessionsIncluded ? Number(rate.sessionsIncluded) : null,
            },
      goals: c.goals,
      deliverables: c.deliverables,
      paymentTerms: c.paymentTerms,
      cancellationTerms: c.cancellationTerms,
      confidentialityTerms: c.confidentialityTerms,
      signers: c.signers.map((s) => ({ userId: s.userId })),
    };
    const updated = await patch<Contract>(`/api/contracts/${contract.id}`, body);
    qc.setQueryData(contractKeys.one(contract.id), updated);
    void qc.invalidateQueries({ queryKey: contractKeys.list(e.id) });
    setSaved(true);
    onSaved?.();
  });
  const f = save.fields;
  const otherErrors = Object.entries(f).filter(([k]) => !['title', 'startsOn', 'endsOn', 'clientName'].includes(k) && !k.startsWith('rate'));
  return (
    <form onSubmit={save.submit} noValidate className="contract-editor">
      <FormError message={save.message ?? (otherErrors.length ? otherErrors.map(([, v]) => v).join(' ') : null)} />
      <Field label="Title" value={c.title} onChange={(ev) => setC({ ...c, title: ev.target.value })} error={f.title} />
      <Field label="Client" value={c.clientName} onChange={(ev) => setC({ ...c, clientName: ev.target.value })} error={f.clientName} />
      <div className="two-col">
        <Field
          label="Start date"
          type="date"
          value={c.startsOn ?? ''}
          onChange={(ev) => setC({ ...c, startsOn: ev.target.value || null })}
          error={f.startsOn}
        />
        <Field label="End date" type="date" value={c.endsOn ?? ''} onChange={(ev) => setC({ ...c, endsOn: ev.target.value || null })} error={f.endsOn} />
      </div>
      <fieldset className="fieldset">
        <legend>Rate</legend>
        <div className="quote-grid">
          <Field
            label="Amount"
            type="number"
            min={0}
            step="0.01"
            inputMode="decimal"
            value={rate.amount}
            onChange={(ev) => setRate({ ...rate, amount: ev.target.value })}
            error={f['rate.amount']}
          />
          <Field
            label="Currency (ISO)"
            value={rate.currency}
            maxLength={3}
            onChange={(ev) => setRate({ ...rate, currency: ev.target.value.toUpperCase() })}
            error={f['rate.currency']}
          />
          <RateUnitSelect id="rate-unit" label="Unit" value={rate.unit} onChange={(unit) => setRate({ ...rate, unit })} />
          <Field
            label="Sessions included"
            type="number"
            min={1}
            value={rate.sessionsIncluded}
            onChange={(ev) => setRate({ ...rate, sessionsIncluded: ev.target.value })}
            hint="For a package"
            error={f['rate.sessionsIncluded']}
          />
        </div>
      </fieldset>
      <GoalsEditor
        goals={c.goals}
        onChange={(goals) =>
          setC({ ...c, goals, deliverables: c.deliverables.map((d) => (d.goalId && !goals.some((g) => g.id === d.goalId) ? { ...d, goalId: null } : d)) })
        }
        errors={f}
      />
      <DeliverablesEditor c={c} onChange={(deliverables) => setC({ ...c, deliverables })} errors={f} />
      <TextArea label="Payment terms" value={c.paymentTerms} onChange={(ev) => setC({ ...c, paymentTerms: ev.target.value })} rows={3} />
      <TextArea label="Cancellation terms" value={c.cancellationTerms} onChange={(ev) => setC({ ...c, cancellationTerms: ev.target.value })} rows={3} />
      <TextArea
        label="Confidentiality terms"
        value={c.confidentialityTerms}
        onChange={(ev) => setC({ ...c, confidentialityTerms: ev.target.value })}
        rows={3}
      />
      <fieldset className="fieldset">
        <legend>Signers</legend>
        <p className="muted small">
          {c.clientType === 'organization' ? 'The coach and the sponsor sign; add coachees if they sign too.' : 'The coach and the coachee sign.'}
        </p>
        <div className="stack">
          {(members.data ?? []).map((m) => (
            <label key={m.userId} className="check">
              <input
                type="checkbox"
                checked={signerIds.has(m.userId)}
                onChange={(ev) =>
                  setC({
                    ...c,
                    signers: ev.target.checked
                      ? [...c.signers, { userId: m.userId, name: m.name, role: m.role }]
                      : c.signers.filter((s) => s.userId !== m.userId),
                  })
                }
              />
              {m.name} <span className="muted">({roleLabel[m.role]})</span>
            </label>
          ))}
        </div>
        {f.signers ? <p className="field__error">{f.signers}</p> : null}
      </fieldset>
      <SaveRow busy={save.busy} label="Save draft" status={saved && 'Draft saved.'} />
    </form>
  );
}
