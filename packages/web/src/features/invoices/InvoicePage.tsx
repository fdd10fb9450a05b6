import { formatMoney, parseMoney, paymentMethods, quantityText, taxRateText } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { todayIso } from '../../lib/dates';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { formatDate } from '../engagements/format';
import { canDo } from '../engagements/use-engagement';
import { DraftActions, DraftLines } from './DraftEditor';
import { type Invoice, invoiceKeys, invoiceTitle, paymentMethodLabels, stateBadgeClass, stateLabels, useBusinessProfile, useInvoice } from './invoices-api';

const today = () => todayIso();

function Party({ label, p }: { label: string; p: { name: string; address: string; taxId: string } }) {
  return (
    <div className="party">
      <p className="eyebrow">{label}</p>
      <strong>{p.name || '—'}</strong>
      {p.address ? <p className="prose small">{p.address}</p> : null}
      {p.taxId ? <p className="small muted">Tax id {p.taxId}</p> : null}
    </div>
  );
}

/** The coach records a payment (partial or the balance) on an issued invoice. */
function PaymentForm({ invoice }: { invoice: Invoice }) {
  const qc = useQueryClient();
  const [paidOn, setPaidOn] = useState(today());
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<(typeof paymentMethods)[number]>('bank_transfer');
  const [reference, setReference] = useState('');
  const save = useSubmit(async () => {
    const parsed = amount.trim() === '' ? { minor: invoice.balanceMinor } : parseMoney(amount, invoice.currency);
    if ('error' in parsed) throw new ApiError(400, 'validation_failed', parsed.error, { amountMinor: parsed.error });
    qc.setQueryData(
      invoiceKeys.one(invoice.id),
      await post<Invoice>(`/api/invoices/${invoice.id}/payments`, { paidOn, amountMinor: parsed.minor, method, reference }),
    );
    setAmount('');
    setReference('');
  });
  return (
    <form onSubmit={save.submit} noValidate>
      <FormError message={save.message} />
      <div className="two-col">
        <Field label="Paid on" type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} error={save.fields.paidOn} />
        <Field
          label={`Amount (${invoice.currency})`}
          inputMode="decimal"
          placeholder={`${formatMoney(invoice.balanceMinor, invoice.currency)}, the balance`}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={save.fields.amountMinor}
        />
      </div>
      <div className="two-col">
        <div className="field">
          <label htmlFor="payment-method">Method</label>
          <select id="payment-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {paymentMethods.map((m) => (
              <option key={m} value={m}>
                {paymentMethodLabels[m]}
              </option>
            ))}
          </select>
        </div>
        <Field label="Reference (optional)" value={reference} onChange={(e) => setReference(e.target.value)} error={save.fields.reference} />
      </div>
      <button type="submit" className="btn btn--primary" disabled={save.busy}>
        Record payment
      </button>
    </form>
  );
}

/** Voiding: a credit note with the next number cancels the invoice. */
function VoidForm({ invoice }: { invoice: Invoice }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const run = useSubmit(async () => {
    const credit = await post<Invoice>(`/api/invoices/${invoice.id}/void`, { reason: reason || undefined });
    void qc.invalidateQueries({ queryKey: invoiceKeys.one(invoice.id) });
    void qc.invalidateQueries({ queryKey: invoiceKeys.list(invoice.engagementId) });
    navigate(`../${credit.id}`);
  });
  if (!open)
    return (
      <button type="button" className="btn btn--danger" onClick={() => setOpen(true)}>
        Void with a credit note…
      </button>
    );
  return (
    <form onSubmit={run.submit} noValidate>
      <FormError message={run.message} />
      <Field label="Why it is voided (printed on the credit note)" value={reason} onChange={(e) => setReason(e.target.value)} error={run.fields.reason} />
      <div className="btn-row">
        <button type="submit" className="btn btn--danger" disabled={run.busy}>
          Void and issue the credit note
        </button>
        <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

function Lines({ invoice, draft, defaultTaxRate }: { invoice: Invoice; draft: boolean; defaultTaxRate: number }) {
  const money = (m: number) => formatMoney(m, invoice.currency);
  const row = (l: Invoice['lines'][number], actions?: ReactNode) => (
    <tr key={l.id}>
      <td data-label="Description">
        {l.description}
        {actions}
      </td>
      <td data-label="Qty" className="num">
        {quantityText(l.quantityMilli)}
      </td>
      <td data-label="Unit price" className="num">
        {money(l.unitMinor)}
      </td>
      <td data-label="Tax" className="num">
        {taxRateText(l.taxRateBp)}
      </td>
      <td data-label="Amount" className="num">
        {money(l.amountMinor)}
      </td>
    </tr>
  );
  return (
    <div className="invoice-lines">
      <table className="data lines-table">
        <thead>
          <tr>
            <th>Description</th>
            <th className="num">Qty</th>
            <th className="num">Unit price</th>
            <th className="num">Tax</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {draft ? (
            <DraftLines invoice={invoice} defaultTaxRate={defaultTaxRate}>
              {(l, actions) => row(l, actions)}
            </DraftLines>
          ) : (
            invoice.lines.map((l) => row(l))
          )}
        </tbody>
      </table>
      <dl className="totals">
        <dt>Net</dt>
        <dd>{money(invoice.netMinor)}</dd>
        {invoice.taxSummary.map((t) => (
          <div key={t.taxRateBp} className="totals__row">
            <dt>
              Tax {taxRateText(t.taxRateBp)} on {money(t.netMinor)}
            </dt>
            <dd>{money(t.taxMinor)}</dd>
          </div>
        ))}
        <dt className="totals__total">{invoice.kind === 'credit_note' ? 'Total credited' : 'Total'}</dt>
        <dd className="totals__total" data-testid="invoice-total">
          {money(invoice.totalMinor)}
        </dd>
        {invoice.paidMinor > 0 ? (
          <>
            <dt>Paid</dt>
            <dd>{money(invoice.paidMinor)}</dd>
            <dt className="totals__total">Balance due</dt>
            <dd className="totals__total">{money(invoice.balanceMinor)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** One invoice: the document as issued (or the draft being edited), its payments and what can happen next. */
export function InvoicePage({ e }: { e: Engagement }) {
  const { invoiceId = '' } = useParams();
  const q = useInvoice(invoiceId);
  const manage = canDo(e, 'invoice.manage');
  const business = useBusinessProfile();
  const qc = useQueryClient();
  const resend = useSubmit(async () => {
    qc.setQueryData(invoiceKeys.one(invoiceId), await post<Invoice>(`/api/invoices/${invoiceId}/send`));
  });
  if (q.isPending) return <div className="loading" aria-busy="true" />;
  const inv = q.data;
  if (!inv)
    return (
      <section className="panel">
        <h2>Not found</h2>
        <p>This invoice does not exist, or you don't have access to it.</p>
        <Link to="..">Back to the invoices</Link>
      </section>
    );
  const draft = inv.status === 'draft' && manage;
  const openForPayment = inv.kind === 'invoice' && inv.status === 'issued';
  return (
    <div className="invoice-page">
      <header className="invoice-page__header">
        <Link to=".." className="small">
          ← Invoices
        </Link>
        <div className="invoice-page__title">
          <h2>{invoiceTitle(inv)}</h2>
          <span className={stateBadgeClass(inv.state)} data-testid="invoice-state">
            {stateLabels[inv.state]}
          </span>
        </div>
        <div className="btn-row">
          <a className="btn btn--small" href={`/api/invoices/${inv.id}/pdf`}>
            {inv.status === 'draft' ? 'Preview PDF' : 'Download PDF'}
          </a>
          {manage && inv.status !== 'draft' ? (
            <button type="button" className="btn btn--small" disabled={resend.busy} onClick={() => void resend.submit()}>
              Email again
            </button>
          ) : null}
          {openForPayment && inv.paymentUrl ? (
            <a className="btn btn--small btn--primary" href={inv.paymentUrl} target="_blank" rel="noreferrer">
              Pay {formatMoney(inv.balanceMinor, inv.currency)} online
            </a>
          ) : null}
        </div>
        <FormError message={resend.message ?? (Object.values(resend.fields)[0] || null)} />
      </header>
      <div className="invoice-layout">
        <article className="invoice-doc" aria-label={invoiceTitle(inv)}>
          <div className="parties">
            <Party label="From" p={inv.seller} />
            <Party label="Billed to" p={inv.buyer} />
          </div>
          <dl className="invoice-facts">
            <div>
              <dt>Issued</dt>
              <dd>{inv.issuedOn ? formatDate(inv.issuedOn) : 'Not yet'}</dd>
            </div>
            {inv.kind === 'invoice' ? (
              <div>
                <dt>Due</dt>
                <dd>{inv.dueOn ? formatDate(inv.dueOn) : `${inv.daysToPay} days after issue`}</dd>
              </div>
            ) : null}
            {inv.contractTitle ? (
              <div>
                <dt>Contract</dt>
                <dd>{inv.contractTitle}</dd>
              </div>
            ) : null}
            {inv.creditFor ? (
              <div>
                <dt>Cancels</dt>
                <dd>
                  <Link to={`../${inv.creditFor.id}`}>Invoice {inv.creditFor.number}</Link>
                </dd>
              </div>
            ) : null}
            {inv.creditNote ? (
              <div>
                <dt>Voided by</dt>
                <dd>
                  <Link to={`../${inv.creditNote.id}`}>Credit note {inv.creditNote.number}</Link>
                </dd>
              </div>
            ) : null}
          </dl>
          <Lines invoice={inv} draft={draft} defaultTaxRate={business.data?.taxRate ?? 0} />
          {inv.reverseCharge ? <p className="small strong-note">Reverse charge: the customer accounts for the VAT.</p> : null}
          {inv.notes && !draft ? <p className="prose small">{inv.notes}</p> : null}
          {openForPayment && inv.seller.paymentInstructions ? (
            <div className="pay-note">
              <h3>How to pay</h3>
              <p className="prose small">{inv.seller.paymentInstructions}</p>
            </div>
          ) : null}
        </article>
        <aside className="invoice-side">
          {draft ? (
            <section className="panel" aria-labelledby="draft-h">
              <h3 id="draft-h">Draft</h3>
              <DraftActions invoice={inv} />
            </section>
          ) : null}
          {inv.payments.length > 0 ? (
            <section className="panel" aria-labelledby="payments-h">
              <h3 id="payments-h">Payments</h3>
              <ul className="payment-list">
                {inv.payments.map((p) => (
                  <li key={p.id}>
                    <strong>{formatMoney(p.amountMinor, inv.currency)}</strong> · {formatDate(p.paidOn)} · {paymentMethodLabels[p.method] ?? p.method}
                    {p.reference ? <span className="muted"> · {p.reference}</span> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {manage && openForPayment ? (
            <section className="panel" aria-labelledby="pay-h">
              <h3 id="pay-h">Record a payment</h3>
              <PaymentForm invoice={inv} />
            </section>
          ) : null}
          {manage && openForPayment && inv.paidMinor === 0 ? (
            <section className="panel" aria-labelledby="void-h">
              <h3 id="void-h">Void</h3>
              <p className="small muted">
                An issued invoice keeps its number. A credit note with the next number cancels it, and what it billed can be invoiced again.
              </p>
              <VoidForm invoice={inv} />
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
