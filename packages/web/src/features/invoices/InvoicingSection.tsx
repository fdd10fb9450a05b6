import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { put } from '../../api/client';
import { Field, FormError, TextArea } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { type BusinessProfile, invoiceKeys, useBusinessProfile } from './invoices-api';
import './invoices.css';

type Draft = Omit<BusinessProfile, 'nextNumber' | 'daysToPay' | 'taxRate'> & { daysToPay: string; taxRate: string };

/** Settings → Invoicing: the coach's business as every invoice prints it, and how invoices are numbered and paid. */
export function InvoicingSection() {
  const qc = useQueryClient();
  const profile = useBusinessProfile();
  const [d, setD] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (profile.data && !d) setD({ ...profile.data, daysToPay: String(profile.data.daysToPay), taxRate: String(profile.data.taxRate) });
  }, [profile.data, d]);
  const save = useSubmit(async () => {
    if (!d) return;
    setSaved(false);
    const body = { ...d, daysToPay: Number(d.daysToPay), taxRate: Number(d.taxRate.replace(',', '.') || '0') };
    qc.setQueryData(invoiceKeys.business, await put<BusinessProfile>('/api/me/business', body));
    setSaved(true);
  });
  const set = (patch: Partial<Draft>) => setD(d ? { ...d, ...patch } : d);
  const f = save.fields;
  return (
    <section className="panel" aria-labelledby="invoicing-h">
      <h2 id="invoicing-h">Invoicing</h2>
      <p className="muted small">Printed on every invoice you issue. Invoices already issued keep the details they were issued with.</p>
      {!d ? <div aria-busy="true" /> : null}
      {d ? (
        <form onSubmit={save.submit} noValidate>
          <FormError message={save.message} />
          <Field label="Business name" value={d.name} onChange={(e) => set({ name: e.target.value })} error={f.name} />
          <TextArea label="Business address" value={d.address} onChange={(e) => set({ address: e.target.value })} rows={3} error={f.address} />
          <Field label="Tax id (VAT number)" value={d.taxId} onChange={(e) => set({ taxId: e.target.value })} error={f.taxId} />
          <TextArea
            label="Payment instructions"
            value={d.paymentInstructions}
            onChange={(e) => set({ paymentInstructions: e.target.value })}
            rows={3}
            placeholder="Bank transfer to IBAN …, BIC …"
            error={f.paymentInstructions}
          />
          <Field
            label="Payment link"
            type="url"
            value={d.paymentLink}
            onChange={(e) => set({ paymentLink: e.target.value })}
            placeholder="https://pay.example.com/you?amount={amount}"
            hint="Optional. {number}, {amount} and {currency} are filled in for each invoice."
            error={f.paymentLink}
          />
          <div className="invoicing-grid">
            <Field
              label="Days to pay"
              type="number"
              min={0}
              max={365}
              value={d.daysToPay}
              onChange={(e) => set({ daysToPay: e.target.value })}
              error={f.daysToPay}
            />
            <Field label="Default tax %" inputMode="decimal" value={d.taxRate} onChange={(e) => set({ taxRate: e.target.value })} error={f.taxRate} />
            <Field
              label="Number prefix"
              value={d.numberPrefix}
              onChange={(e) => set({ numberPrefix: e.target.value })}
              hint={profile.data ? `Next: ${profile.data.nextNumber}` : undefined}
              error={f.numberPrefix}
            />
          </div>
          <SaveRow busy={save.busy} label="Save invoicing details" status={saved && 'Saved.'} />
        </form>
      ) : null}
    </section>
  );
}
