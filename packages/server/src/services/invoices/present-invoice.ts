import { decimalOf, type Invoice, type InvoiceKind, type InvoiceStatus, type InvoiceSummary, invoiceState, invoiceTotals } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { findContract } from '../../db/queries/contracts.js';
import { findEngagementRow } from '../../db/queries/engagements.js';
import { findCreditNoteFor, findInvoice, listLines, listPayments } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import { type Buyer, currentBuyer, currentSeller, type Seller } from './invoice-record.js';

type Q = Kysely<Database> | Transaction<Database>;

/** An invoice in a list: amounts in minor units of its currency, and its state on `today` (overdue is the calendar's). */
export function presentInvoiceSummary(row: InvoicesTable & { contract_title?: string | null }, today: string): InvoiceSummary {
  const buyer = row.buyer ? (JSON.parse(row.buyer) as Buyer) : null;
  return {
    id: row.id,
    engagementId: row.engagement_id,
    contractId: row.contract_id,
    contractTitle: row.contract_title ?? null,
    kind: row.kind as InvoiceKind,
    status: row.status as InvoiceStatus,
    state: invoiceState(
      { kind: row.kind as InvoiceKind, status: row.status as InvoiceStatus, dueOn: row.due_on, paidMinor: row.paid_minor, totalMinor: row.total_minor },
      today,
    ),
    number: row.number,
    currency: row.currency,
    issuedOn: row.issued_on,
    dueOn: row.due_on,
    netMinor: row.net_minor,
    taxMinor: row.tax_minor,
    totalMinor: row.total_minor,
    paidMinor: row.paid_minor,
    balanceMinor: row.status === 'issued' && row.kind === 'invoice' ? row.total_minor - row.paid_minor : 0,
    billedTo: buyer?.name ?? '',
    createdAt: row.created_at,
  };
}

/** The coach's payment link filled in for one invoice: {number}, {amount} (the balance, as a decimal) and {currency}. */
export function paymentUrlOf(link: string, invoice: Pick<InvoicesTable, 'number' | 'currency' | 'total_minor' | 'paid_minor'>): string | null {
  if (!link) return null;
  return link
    .replaceAll('{number}', encodeURIComponent(invoice.number ?? ''))
    .replaceAll('{amount}', decimalOf(invoice.total_minor - invoice.paid_minor, invoice.currency))
    .replaceAll('{currency}', invoice.currency);
}

/**
 * One invoice with its lines, tax summary and payments. An issued invoice shows the business details
 * frozen when it was issued; a draft shows them as they are now, so the coach sees what issuing would print.
 */
export async function presentInvoice(db: Q, row: InvoicesTable, today: string): Promise<Invoice> {
  const [lines, payments, creditNote, creditFor, contract, engagement] = await Promise.all([
    listLines(db, row.id),
    listPayments(db, row.id),
    findCreditNoteFor(db, row.id),
    row.credit_for_id ? findInvoice(db, row.credit_for_id) : undefined,
    row.contract_id ? findContract(db, row.contract_id) : undefined,
    findEngagementRow(db, row.engagement_id),
  ]);
  const seller: Seller = row.seller ? JSON.parse(row.seller) : await currentSeller(db, row.coach_id);
  const buyer: Buyer = row.buyer
    ? JSON.parse(row.buyer)
    : engagement
      ? await currentBuyer(db, engagement, row.contract_id)
      : { name: '', address: '', taxId: '', email: '' };
  const totals = invoiceTotals(
    lines.map((l) => ({ unitMinor: l.unit_minor, quantityMilli: l.quantity_milli, taxRateBp: l.tax_rate_bp })),
    row.currency,
  );
  const summary = presentInvoiceSummary({ ...row, contract_title: contract?.title ?? null, buyer: JSON.stringify(buyer) }, today);
  return {
    ...summary,
    daysToPay: row.days_to_pay,
    notes: row.notes,
    reverseCharge: row.reverse_charge === 1,
    seller: { name: seller.name, address: seller.address, taxId: seller.taxId, paymentInstructions: seller.paymentInstructions },
    buyer,
    lines: lines.map((l) => ({
      id: l.id,
      position: l.position,
      description: l.description,
      quantityMilli: l.quantity_milli,
      unitMinor: l.unit_minor,
      taxRateBp: l.tax_rate_bp,
      amountMinor: l.amount_minor,
      sourceKind: l.source_kind as Invoice['lines'][number]['sourceKind'],
      sourceKey: l.source_key,
    })),
    taxSummary: totals.taxSummary,
    payments: payments.map((p) => ({
      id: p.id,
      paidOn: p.paid_on,
      amountMinor: p.amount_minor,
      method: p.method,
      reference: p.reference,
      createdAt: p.created_at,
    })),
    creditNote: creditNote ? { id: creditNote.id, number: creditNote.number } : null,
    creditFor: creditFor ? { id: creditFor.id, number: creditFor.number } : null,
    voidReason: row.void_reason,
    issuedAt: row.issued_at,
    paidAt: row.paid_at,
    voidedAt: row.voided_at,
    paymentUrl: row.kind === 'invoice' && row.status === 'issued' ? paymentUrlOf(seller.paymentLink, row) : null,
  };
}
