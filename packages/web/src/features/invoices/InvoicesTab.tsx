import { formatMoney } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Route, Routes, useNavigate, useOutletContext } from 'react-router';
import { ApiError, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { Field, FormError, TextArea } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { isSigned, useContracts } from '../contracts/contracts-api';
import { formatDate } from '../engagements/format';
import { canDo } from '../engagements/use-engagement';
import { InvoicePage } from './InvoicePage';
import { type BillingDetails, type Invoice, invoiceKeys, invoiceTitle, stateBadgeClass, stateLabels, useBilling, useInvoices } from './invoices-api';
import './invoices.css';

/** Who a contract bills; the coach edits it, beside the signed text. */
function BillingForm({ contractId }: { contractId: string }) {
  const qc = useQueryClient();
  const billing = useBilling(contractId);
  const [draft, setDraft] = useState<BillingDetails | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (billing.data) setDraft(billing.data);
  }, [billing.data]);
  const save = useSubmit(async () => {
    if (!draft) return;
    setSaved(false);
    qc.setQueryData(invoiceKeys.billing(contractId), await put<BillingDetails>(`/api/contracts/${contractId}/billing`, draft));
    setSaved(true);
  });
  if (!draft) return <div aria-busy="true" />;
  const set = (patch: Partial<BillingDetails>) => setDraft({ ...draft, ...patch });
  return (
    <form onSubmit={save.submit} noValidate>
      <FormError message={save.message} />
      <div className="two-col">
        <Field label="Legal name" value={draft.legalName} onChange={(e) => set({ legalName: e.target.value })} error={save.fields.legalName} />
        <Field label="Tax id" value={draft.taxId} onChange={(e) => set({ taxId: e.target.value })} error={save.fields.taxId} />
      </div>
      <TextArea label="Billing address" value={draft.address} onChange={(e) => set({ address: e.target.value })} rows={3} error={save.fields.address} />
      <Field
        label="Billing email"
        type="email"
        value={draft.email}
        onChange={(e) => set({ email: e.target.value })}
        error={save.fields.email}
        hint="Invoices are emailed here; when empty, to the billed members."
      />
      <SaveRow busy={save.busy} label="Save billing details" status={saved && 'Saved.'} />
    </form>
  );
}

/** The coach drafts the next invoice of a signed contract, and keeps who it bills. */
function NewInvoice({ e }: { e: Engagement }) {
  const navigate = useNavigate();
  const contracts = useContracts(e.id);
  const signed = (contracts.data ?? []).filter((c) => isSigned(c.status) && c.status !== 'superseded');
  const [contractId, setContractId] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = contractId || signed[0]?.id || '';
  if (contracts.isPending) return <div aria-busy="true" />;
  if (signed.length === 0)
    return <p className="muted">Invoices are drafted from a signed contract. Once one is signed, its rate and package fill the draft.</p>;
  const create = async (blank: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const inv = await post<Invoice>(`/api/contracts/${chosen}/invoices`, { blank });
      navigate(inv.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The draft could not be created. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <FormError message={error} />
      {signed.length > 1 ? (
        <div className="field">
          <label htmlFor="invoice-contract">Contract</label>
          <select id="invoice-contract" value={chosen} onChange={(ev) => setContractId(ev.target.value)}>
            {signed.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="small muted">From “{signed[0].title}”: held sessions not invoiced yet, its package, months or next instalment.</p>
      )}
      <div className="btn-row">
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void create(false)}>
          Draft the next invoice
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void create(true)}>
          Blank draft
        </button>
      </div>
      <details className="billing-details">
        <summary>Billed to: legal name, address, tax id</summary>
        <BillingForm key={chosen} contractId={chosen} />
      </details>
    </div>
  );
}

function InvoicesHome({ e }: { e: Engagement }) {
  const invoices = useInvoices(e.id);
  const manage = canDo(e, 'invoice.manage');
  const list = invoices.data ?? [];
  return (
    <div className="stack-lg">
      <section className="panel" aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">Invoices</h2>
        {invoices.isPending ? <div aria-busy="true" /> : null}
        {!invoices.isPending && list.length === 0 ? <p className="muted">{manage ? 'No invoice yet.' : 'No invoice has been sent to you yet.'}</p> : null}
        {list.length > 0 ? (
          <ul className="invoice-rows">
            {list.map((i) => (
              <li key={i.id}>
                <Link to={i.id} className="invoice-row">
                  <span className="invoice-row__title">{invoiceTitle(i)}</span>
                  <span className="invoice-row__amount">{formatMoney(i.totalMinor, i.currency)}</span>
                  <span className="small muted invoice-row__meta">
                    {i.issuedOn ? `Issued ${formatDate(i.issuedOn)}` : `Started ${formatDate(i.createdAt)}`}
                    {i.dueOn && i.kind === 'invoice' ? ` · due ${formatDate(i.dueOn)}` : ''}
                    {i.balanceMinor > 0 && i.paidMinor > 0 ? ` · ${formatMoney(i.balanceMinor, i.currency)} left` : ''}
                    {i.contractTitle ? ` · ${i.contractTitle}` : ''}
                  </span>
                  <span className={stateBadgeClass(i.state)}>{stateLabels[i.state]}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {manage ? (
        <section className="panel" aria-labelledby="new-invoice-heading">
          <h2 id="new-invoice-heading">New invoice</h2>
          <NewInvoice e={e} />
        </section>
      ) : null}
    </div>
  );
}

/** The Invoices tab: the engagement's invoices and credit notes, and each one's page (the coach and the billed party). */
export function InvoicesTab() {
  const e = useOutletContext<Engagement>();
  return (
    <section className="tab-page invoices">
      <Routes>
        <Route index element={<InvoicesHome e={e} />} />
        <Route path=":invoiceId" element={<InvoicePage e={e} />} />
      </Routes>
    </section>
  );
}
