import { AppError, ensureInvoiceAction, formatMoney, type PaymentBody, sumMinor } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertPayment, updateInvoiceIfStatus } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { WriteTrx } from '../events/record-event.js';
import { invoiceTransaction, loadInvoice, recordInvoiceEvent } from './invoice-record.js';

/** Where a payment came from: the coach typing it in, or a payment provider's signed webhook (its event id de-duplicates). */
export interface PaymentOrigin {
  actorId: string | null;
  providerEventId?: string;
}

/** Records a payment on an issued invoice inside the caller's transaction; the invoice is paid once payments reach its total. */
export async function applyPayment(trx: WriteTrx, invoiceId: string, body: PaymentBody, origin: PaymentOrigin): Promise<InvoicesTable> {
  const { row, kind, status } = await loadInvoice(trx, invoiceId);
  ensureInvoiceAction(kind, status, 'pay');
  const balance = row.total_minor - row.paid_minor;
  if (body.amountMinor > balance) {
    const message = `That is more than is left to pay (${formatMoney(balance, row.currency)}). Record at most the balance.`;
    throw new AppError('validation_failed', message, { fields: { amountMinor: message } });
  }
  if (row.issued_on && body.paidOn < row.issued_on) {
    const message = `This invoice was issued on ${row.issued_on}; a payment for it is dated on or after that day.`;
    throw new AppError('validation_failed', message, { fields: { paidOn: message } });
  }
  const now = nowIso();
  const paymentId = newId();
  await insertPayment(trx, {
    id: paymentId,
    invoice_id: row.id,
    engagement_id: row.engagement_id,
    paid_on: body.paidOn,
    amount_minor: body.amountMinor,
    method: body.method,
    reference: body.reference || null,
    provider_event_id: origin.providerEventId ?? null,
    created_by: origin.actorId,
    created_at: now,
  });
  const paid = sumMinor([row.paid_minor, body.amountMinor], row.currency);
  const complete = paid === row.total_minor;
  const patch: Partial<InvoicesTable> = { paid_minor: paid, updated_at: now, ...(complete ? { status: 'paid', paid_at: now } : {}) };
  if (!(await updateInvoiceIfStatus(trx, row.id, 'issued', patch))) throw new AppError('conflict', 'This invoice changed meanwhile. Reload it.');
  const updated = { ...row, ...patch };
  await recordInvoiceEvent(trx, updated, 'invoice.payment_recorded', origin.actorId, {
    paymentId,
    amountMinor: body.amountMinor,
    currency: row.currency,
    paidOn: body.paidOn,
    method: body.method,
    paidMinor: paid,
  });
  if (complete) await recordInvoiceEvent(trx, updated, 'invoice.paid', origin.actorId, { paidOn: body.paidOn });
  return updated;
}

/** The coach records a payment (partial or in full) on an issued invoice. */
export function recordPayment(db: Kysely<Database>, invoiceId: string, actorId: string, body: PaymentBody): Promise<InvoicesTable> {
  return invoiceTransaction(db, invoiceId, (trx) => applyPayment(trx, invoiceId, body, { actorId }));
}
