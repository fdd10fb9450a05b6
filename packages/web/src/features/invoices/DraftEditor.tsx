import { decimalOf, parseMoney, quantityText } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, del, patch, post } from '../../api/client';
import { Field, FormError, TextArea } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { type Invoice, invoiceKeys } from './invoices-api';

type Line = Invoice['lines'][number];

/** A line as the form holds it: what the coach types. */
interface LineDraft {
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
}

const toDraft = (l: Line, currency: string): LineDraft => ({
  description: l.description,
  quantity: quantityText(l.quantityMilli),
  unitPrice: decimalOf(l.unitMinor, currency),
  taxRate: String(l.taxRateBp / 100),
});

/** The API body of a typed line: the price into minor units of the invoice's currency (or the field's error). */
function bodyOf(d: LineDraft, currency: string) {
  const price = parseMoney(d.unitPrice, currency);
  if ('error' in price) throw new ApiError(400, 'validation_failed', price.error, { unitMinor: price.error });
  const number = (s: string, field: string, what: string) => {
    const n = Number(s.replace(',', '.'));
    if (s.trim() === '' || Number.isNaN(n))
      throw new ApiError(400, 'validation_failed', `Give the ${what} as a number.`, { [field]: `Give the ${what} as a number.` });
    return n;
  };
  return {
    description: d.description,
    quantity: number(d.quantity, 'quantity', 'quantity'),
    unitMinor: price.minor,
    taxRate: number(d.taxRate || '0', 'taxRate', 'tax rate'),
  };
}

function LineForm({ invoice, line, defaultTaxRate, onDone }: { invoice: Invoice; line?: Line; defaultTaxRate: number; onDone?: () => void }) {
  const qc = useQueryClient();
  const empty: LineDraft = { description: '', quantity: '1', unitPrice: '', taxRate: String(defaultTaxRate) };
  const [d, setD] = useState<LineDraft>(line ? toDraft(line, invoice.currency) : empty);
  const save = useSubmit(async () => {
    const body = bodyOf(d, invoice.currency);
    const updated = line ? await patch<Invoice>(`/api/invoice-lines/${line.id}`, body) : await post<Invoice>(`/api/invoices/${invoice.id}/lines`, body);
    qc.setQueryData(invoiceKeys.one(invoice.id), updated);
    if (!line) setD(empty);
    onDone?.();
  });
  const f = save.fields;
  const label = line ? `line ${line.position}` : 'new line';
  return (
    <form onSubmit={save.submit} noValidate className="line-form">
      <FormError message={save.message} />
      <Field label="Description" value={d.description} onChange={(e) => setD({ ...d, description: e.target.value })} error={f.description} />
      <div className="line-form__numbers">
        <Field label="Quantity" inputMode="decimal" value={d.quantity} onChange={(e) => setD({ ...d, quantity: e.target.value })} error={f.quantity} />
        <Field
          label={`Unit price (${invoice.currency})`}
          inputMode="decimal"
          value={d.unitPrice}
          onChange={(e) => setD({ ...d, unitPrice: e.target.value })}
          error={f.unitMinor}
        />
        <Field label="Tax %" inputMode="decimal" value={d.taxRate} onChange={(e) => setD({ ...d, taxRate: e.target.value })} error={f.taxRate} />
      </div>
      <div className="btn-row">
        <button type="submit" className="btn btn--small btn--primary" disabled={save.busy} aria-label={line ? `Save ${label}` : 'Add the line'}>
          {line ? 'Save line' : 'Add line'}
        </button>
        {line ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The lines of a draft, each editable or removable in place, and a form to add one. */
export function DraftLines({
  invoice,
  defaultTaxRate,
  children,
}: {
  invoice: Invoice;
  defaultTaxRate: number;
  children: (line: Line, actions: ReactNode) => ReactNode;
}) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (line: Line) => {
    setError(null);
    try {
      qc.setQueryData(invoiceKeys.one(invoice.id), await del<Invoice>(`/api/invoice-lines/${line.id}`));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The line could not be removed.');
    }
  };
  return (
    <>
      {error ? (
        <tr>
          <td colSpan={5}>
            <FormError message={error} />
          </td>
        </tr>
      ) : null}
      {invoice.lines.map((l) =>
        editing === l.id ? (
          <tr key={l.id} className="line-edit">
            <td colSpan={5}>
              <LineForm invoice={invoice} line={l} defaultTaxRate={defaultTaxRate} onDone={() => setEditing(null)} />
            </td>
          </tr>
        ) : (
          children(
            l,
            <span className="line-actions">
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => setEditing(l.id)}
                aria-label={`Edit line ${l.position}: ${l.description}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => void remove(l)}
                aria-label={`Remove line ${l.position}: ${l.description}`}
              >
                Remove
              </button>
            </span>,
          )
        ),
      )}
      <tr className="line-add-row">
        <td colSpan={5}>
          <details className="line-add" open={invoice.lines.length === 0}>
            <summary>Add a line</summary>
            <LineForm invoice={invoice} defaultTaxRate={defaultTaxRate} />
          </details>
        </td>
      </tr>
    </>
  );
}

/** A draft's terms and its last steps: days to pay, notes, the reverse-charge note; issue or delete it. */
export function DraftActions({ invoice }: { invoice: Invoice }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [daysToPay, setDays] = useState(String(invoice.daysToPay));
  const [notes, setNotes] = useState(invoice.notes);
  const [reverseCharge, setReverse] = useState(invoice.reverseCharge);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    setSaved(false);
    qc.setQueryData(invoiceKeys.one(invoice.id), await patch<Invoice>(`/api/invoices/${invoice.id}`, { daysToPay: Number(daysToPay), notes, reverseCharge }));
    setSaved(true);
  });
  const issue = useSubmit(async () => {
    qc.setQueryData(invoiceKeys.one(invoice.id), await post<Invoice>(`/api/invoices/${invoice.id}/issue`));
    void qc.invalidateQueries({ queryKey: invoiceKeys.list(invoice.engagementId) });
  });
  const discard = useSubmit(async () => {
    await del(`/api/invoices/${invoice.id}`);
    void qc.invalidateQueries({ queryKey: invoiceKeys.list(invoice.engagementId) });
    navigate('..');
  });
  return (
    <>
      <form onSubmit={save.submit} noValidate>
        <FormError message={save.message} />
        <Field label="Days to pay" type="number" min={0} max={365} value={daysToPay} onChange={(e) => setDays(e.target.value)} error={save.fields.daysToPay} />
        <TextArea label="Notes on the invoice" value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} error={save.fields.notes} />
        <label className="check">
          <input type="checkbox" checked={reverseCharge} onChange={(e) => setReverse(e.target.checked)} />
          Reverse charge: the customer accounts for the VAT
        </label>
        <SaveRow busy={save.busy} label="Save terms" status={saved && 'Saved.'} />
      </form>
      <div className="issue-box">
        <FormError message={issue.message ?? (Object.values(issue.fields).join(' ') || null)} />
        <FormError message={discard.message} />
        <p className="small muted">Issuing gives it the next number, freezes it and emails the PDF to the billed party.</p>
        <div className="btn-row">
          <button type="button" className="btn btn--primary" disabled={issue.busy} onClick={() => void issue.submit()}>
            Issue and send
          </button>
          <button type="button" className="btn btn--danger" disabled={discard.busy} onClick={() => void discard.submit()}>
            Delete draft
          </button>
        </div>
      </div>
    </>
  );
}
