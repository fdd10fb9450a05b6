import { decimalOf, type Instalment, instalmentsText, missingToSend, parseInstalments, parseMoney } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type RefObject, useEffect, useId, useRef, useState } from 'react';
import { ApiError, patch } from '../../api/client';
import type { Engagement } from '../../api/types';
import { Field, TextArea } from '../../ui/Field';
import { refusalNote, useFocusFirstInvalid } from '../../ui/form-errors';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { roleLabel } from '../engagements/format';
import { useMembers } from '../engagements/use-engagement';
import { amountMinorFrom, type Contract, type ContractContent, contractKeys, type Deliverable, newItemId, type RateUnit } from './contracts-api';
import { GoalsEditor } from './GoalsEditor';
import { RateUnitSelect } from './RateUnitSelect';

interface RateDraft {
  amount: string;
  currency: string;
  unit: RateUnit;
  sessionsIncluded: string;
  /** "50% On signature, 50% At the end date", for a fixed price. */
  instalments: string;
}

function DeliverablesEditor({ c, onChange, errors }: { c: ContractContent; onChange: (d: Deliverable[]) => void; errors: Record<string, string> }) {
  const list = c.deliverables;
  const set = (i: number, p: Partial<Deliverable>) => onChange(list.map((d, j) => (j === i ? { ...d, ...p } : d)));
  const errId = useId();
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
      {errors.deliverables ? (
        <p className="field__error" id={errId} role="alert">
          {errors.deliverables}
        </p>
      ) : null}
      <button
        type="button"
        className="btn btn--small"
        aria-invalid={errors.deliverables ? true : undefined}
        aria-describedby={errors.deliverables ? errId : undefined}
        onClick={() => onChange([...list, { id: newItemId('d'), description: '', acceptanceCriteria: '', dueOn: null, goalId: null }])}
      >
        Add a deliverable
      </button>
    </fieldset>
  );
}

/** What the contract page may ask of the editor: whether it holds unsaved edits, to save them, to mark fields. */
export interface ContractEditorHandle {
  dirty: boolean;
  /** Saves the edits; false when the server refused them (the fields are then marked and focused). */
  save: () => Promise<boolean>;
  /** Marks fields the server refused for another action (sending), and focuses the first. */
  showErrors: (fields: Record<string, string>) => void;
}

function rateDraftOf(contract: Contract): RateDraft {
  return {
    amount: contract.content.rate ? decimalOf(contract.content.rate.amountMinor, contract.content.rate.currency, contract.content.rate.scale) : '',
    currency: contract.content.rate?.currency ?? 'EUR',
    unit: contract.content.rate?.unit ?? (contract.template === 'organization' ? 'fixed' : 'per_session'),
    sessionsIncluded: contract.content.rate?.sessionsIncluded ? String(contract.content.rate.sessionsIncluded) : '',
    instalments: contract.content.rate?.instalments ? instalmentsText(contract.content.rate.instalments).replace(/ % /g, '% ') : '',
  };
}

/**
 * The request body. Strict (saving): the typed amount is read into minor units of the currency and the
 * instalments into a schedule, or the field's error is thrown. Otherwise (comparing, listing what is
 * missing) what can't be read counts as not given.
 */
function bodyOf(c: ContractContent, rate: RateDraft, strict = false) {
  let amountMinor: number | null;
  let instalments: Instalment[] | null;
  if (strict) {
    amountMinor = amountMinorFrom(rate.amount, rate.currency, 'rate.amountMinor');
    const plan = rate.unit === 'fixed' ? parseInstalments(rate.instalments) : { instalments: null };
    if ('error' in plan) throw new ApiError(400, 'validation_failed', plan.error, { 'rate.instalments': plan.error });
    instalments = plan.instalments;
  } else {
    const parsed = rate.amount.trim() === '' ? null : parseMoney(rate.amount, rate.currency);
    amountMinor = parsed && 'minor' in parsed ? parsed.minor : null;
    const plan = rate.unit === 'fixed' ? parseInstalments(rate.instalments) : { instalments: null };
    instalments = 'instalments' in plan ? plan.instalments : null;
  }
  return {
    title: c.title,
    clientName: c.clientName,
    startsOn: c.startsOn || null,
    endsOn: c.endsOn || null,
    rate:
      amountMinor === null
        ? null
        : {
            amountMinor,
            currency: rate.currency,
            unit: rate.unit,
            sessionsIncluded: rate.sessionsIncluded ? Number(rate.sessionsIncluded) : null,
            instalments,
          },
    goals: c.goals,
    deliverables: c.deliverables,
    paymentTerms: c.paymentTerms,
    cancellationTerms: c.cancellationTerms,
    confidentialityTerms: c.confidentialityTerms,
    signers: c.signers.map((s) => ({ userId: s.userId })),
  };
}

/** The fields the editor shows errors beside (any other refusal is spelled out next to the button). */
const shownField = (key: string) =>
  ['title', 'clientName', 'startsOn', 'endsOn', 'rate', 'deliverables', 'signers', 'paymentTerms', 'cancellationTerms', 'confidentialityTerms'].includes(key) ||
  /^rate\.(amountMinor|currency|sessionsIncluded|instalments)$/.test(key) ||
  /^goals\.\d+\.(what|byWhen)$/.test(key) ||
  /^deliverables\.\d+\.description$/.test(key);

/**
 * The coach edits a draft: every field, the signers, and the terms from the template. It tells the page
 * whether edits are unsaved and what the draft still lacks to be sent, so no action drops what was typed.
 */
export function ContractEditor({
  e,
  contract,
  onSaved,
  handle,
  onDraftChange,
}: {
  e: Engagement;
  contract: Contract;
  onSaved?: () => void;
  handle?: RefObject<ContractEditorHandle | null>;
  onDraftChange?: (draft: { dirty: boolean; missing: string[] }) => void;
}) {
  const qc = useQueryClient();
  const members = useMembers(e.id);
  const form = useRef<HTMLFormElement>(null);
  const [c, setC] = useState<ContractContent>(contract.content);
  const [rate, setRate] = useState<RateDraft>(() => rateDraftOf(contract));
  const [savedBody, setSavedBody] = useState(() => JSON.stringify(bodyOf(contract.content, rateDraftOf(contract))));
  const [saved, setSaved] = useState(false);
  const signerIds = new Set(c.signers.map((s) => s.userId));
  const body = bodyOf(c, rate);
  const dirty = JSON.stringify(body) !== savedBody;
  const save = useSubmit(async () => {
    setSaved(false);
    const sent = bodyOf(c, rate, true);
    const updated = await patch<Contract>(`/api/contracts/${contract.id}`, sent);
    setSavedBody(JSON.stringify(sent));
    qc.setQueryData(contractKeys.one(contract.id), updated);
    void qc.invalidateQueries({ queryKey: contractKeys.list(e.id) });
    setSaved(true);
    onSaved?.();
    return true;
  });
  useFocusFirstInvalid(form, save.fields);
  if (handle) {
    handle.current = {
      dirty,
      save: async () => (await save.submit()) === true,
      showErrors: (fields) => save.setFields(fields),
    };
  }
  // What the page's Send panel lists: what this draft, as typed, still lacks.
  const missing = Object.values(missingToSend({ ...c, title: body.title, startsOn: body.startsOn, endsOn: body.endsOn, rate: body.rate }));
  const draftKey = JSON.stringify({ dirty, missing });
  const report = useRef(onDraftChange);
  report.current = onDraftChange;
  useEffect(() => {
    report.current?.(JSON.parse(draftKey));
  }, [draftKey]);
  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (ev: BeforeUnloadEvent) => ev.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const f = save.fields;
  const note = refusalNote(f, save.message, shownField);
  return (
    <form ref={form} onSubmit={save.submit} noValidate className="contract-editor">
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
            inputMode="decimal"
            value={rate.amount}
            onChange={(ev) => setRate({ ...rate, amount: ev.target.value })}
            error={f['rate.amountMinor'] ?? f.rate}
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
        {rate.unit === 'fixed' ? (
          <Field
            label="Instalments"
            value={rate.instalments}
            placeholder="30% Deposit, 70% Balance"
            onChange={(ev) => setRate({ ...rate, instalments: ev.target.value })}
            hint="How the fixed price is invoiced; empty for one invoice."
            error={f['rate.instalments']}
          />
        ) : null}
      </fieldset>
      <GoalsEditor
        goals={c.goals}
        onChange={(goals) =>
          setC({ ...c, goals, deliverables: c.deliverables.map((d) => (d.goalId && !goals.some((g) => g.id === d.goalId) ? { ...d, goalId: null } : d)) })
        }
        errors={f}
        dates={{ startsOn: c.startsOn, endsOn: c.endsOn }}
      />
      <DeliverablesEditor c={c} onChange={(deliverables) => setC({ ...c, deliverables })} errors={f} />
      <TextArea label="Payment terms" value={c.paymentTerms} onChange={(ev) => setC({ ...c, paymentTerms: ev.target.value })} rows={3} error={f.paymentTerms} />
      <TextArea
        label="Cancellation terms"
        value={c.cancellationTerms}
        onChange={(ev) => setC({ ...c, cancellationTerms: ev.target.value })}
        rows={3}
        error={f.cancellationTerms}
      />
      <TextArea
        label="Confidentiality terms"
        value={c.confidentialityTerms}
        onChange={(ev) => setC({ ...c, confidentialityTerms: ev.target.value })}
        rows={3}
        error={f.confidentialityTerms}
      />
      <fieldset className="fieldset">
        <legend>Signers</legend>
        <p className="muted small">
          {c.clientType === 'organization' ? 'The coach and the sponsor sign; add coachees if they sign too.' : 'The coach and the coachee sign.'}
        </p>
        <div className="stack">
          {(members.data ?? []).map((m, i) => (
            <label key={m.userId} className="check">
              <input
                type="checkbox"
                aria-invalid={f.signers && i === 0 ? true : undefined}
                aria-describedby={f.signers ? 'signers-error' : undefined}
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
        {f.signers ? (
          <p className="field__error" id="signers-error" role="alert">
            {f.signers}
          </p>
        ) : null}
      </fieldset>
      <SaveRow busy={save.busy} label="Save draft" status={saved && !dirty && 'Draft saved.'} error={note} />
    </form>
  );
}
