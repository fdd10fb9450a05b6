import {
  billedRole,
  type EventPayload,
  type EventTypeWithPrefix,
  type InvoiceKind,
  type InvoiceStatus,
  invoiceTotals,
  notFound,
  type Rate,
} from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { findContract } from '../../db/queries/contracts.js';
import { listMembers } from '../../db/queries/engagements.js';
import { findBusinessProfile, findContractBilling, findInvoice, listLines, updateLine } from '../../db/queries/invoices.js';
import { coachTimeZone } from '../../db/queries/metrics.js';
import type { Database, EngagementsTable, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { todayIn } from '../contracts/contract-record.js';
import { type NewEvent, recordEvent, type WriteTrx } from '../events/record-event.js';
import { writeTransactionOf } from '../events/write-transaction.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The coach's business as an invoice prints it. */
export interface Seller {
  name: string;
  address: string;
  taxId: string;
  paymentInstructions: string;
  paymentLink: string;
}

/** Who an invoice bills, and where it is emailed. */
export interface Buyer {
  name: string;
  address: string;
  taxId: string;
  email: string;
}

export interface LoadedInvoice {
  row: InvoicesTable;
  lines: InvoiceLinesTable[];
  kind: InvoiceKind;
  status: InvoiceStatus;
}

/** Reads an invoice and its lines, or 404. */
export async function loadInvoice(db: Q, id: string): Promise<LoadedInvoice> {
  const row = await findInvoice(db, id);
  if (!row) throw notFound('That invoice');
  return { row, lines: await listLines(db, id), kind: row.kind as InvoiceKind, status: row.status as InvoiceStatus };
}

/** Runs `fn` under the write lock of the invoice's engagement; 404 when there is no such invoice. */
export async function invoiceTransaction<T>(db: Kysely<Database>, invoiceId: string, fn: (trx: WriteTrx) => Promise<T>): Promise<T> {
  const done = await writeTransactionOf(db, 'invoices', invoiceId, fn);
  if (!done) throw notFound('That invoice');
  return done.result;
}

/**
 * Recomputes each line's amount and the invoice's totals from its lines (core's invoiceTotals) and stores
 * them, so lists and the money view read totals without recomputing.
 */
export async function storeTotals(trx: Q, row: InvoicesTable, lines: InvoiceLinesTable[], now: string): Promise<InvoicesTable> {
  const totals = invoiceTotals(
    lines.map((l) => ({ unitMinor: l.unit_minor, quantityMilli: l.quantity_milli, taxRateBp: l.tax_rate_bp })),
    row.currency,
  );
  for (const [i, l] of lines.entries()) if (l.amount_minor !== totals.lineAmounts[i]) await updateLine(trx, l.id, { amount_minor: totals.lineAmounts[i] });
  const patch = { net_minor: totals.netMinor, tax_minor: totals.taxMinor, total_minor: totals.totalMinor, updated_at: now };
  await trx.updateTable('invoices').set(patch).where('id', '=', row.id).execute();
  return { ...row, ...patch };
}

type InvoiceEventType = EventTypeWithPrefix<'invoice.'>;
type DetailOf<T extends InvoiceEventType> = Omit<EventPayload<T>, 'invoiceId' | 'number' | 'status'>;

/** Appends one step of an invoice to the engagement's activity log (audience: the coach and the billed party). */
export async function recordInvoiceEvent<T extends InvoiceEventType>(
  trx: WriteTrx,
  invoice: Pick<InvoicesTable, 'id' | 'engagement_id' | 'number' | 'status'>,
  type: T,
  actorId: string | null,
  detail: DetailOf<T>,
): Promise<void> {
  await recordEvent(trx, {
    engagementId: invoice.engagement_id,
    type,
    actorId,
    entityId: invoice.id,
    payload: { invoiceId: invoice.id, number: invoice.number, status: invoice.status, ...detail },
  } as unknown as NewEvent<T>);
}

/** Today in the coach's time zone: invoices are dated and fall due on the coach's calendar day. */
export async function coachToday(db: Q, coachId: string, now = new Date()): Promise<{ today: string; timeZone: string }> {
  const timeZone = await coachTimeZone(db, coachId);
  return { today: todayIn(timeZone, now), timeZone };
}

/** The coach's business as it is now (a draft shows it; issuing freezes a copy). */
export async function currentSeller(db: Q, coachId: string): Promise<Seller> {
  const p = await findBusinessProfile(db, coachId);
  return {
    name: p?.name ?? '',
    address: p?.address ?? '',
    taxId: p?.tax_id ?? '',
    paymentInstructions: p?.payment_instructions ?? '',
    paymentLink: p?.payment_link ?? '',
  };
}

/**
 * Who a contract bills as it stands: its billing details where given, otherwise the company (an
 * organization) or the coachee (a person) named on the contract. Invoices are emailed to the billing
 * address, or else to the billed members: the sponsors of a company, the coachee of a person.
 */
export async function currentBuyer(db: Q, engagement: EngagementsTable, contractId: string | null): Promise<Buyer> {
  const [contract, billing, members] = await Promise.all([
    contractId ? findContract(db, contractId) : undefined,
    contractId ? findContractBilling(db, contractId) : undefined,
    listMembers(db, engagement.id),
  ]);
  const billed = members.filter((m) => m.role === billedRole(engagement.client_type));
  const clientName = contract ? (JSON.parse(contract.content) as { clientName?: string }).clientName : '';
  const fallbackName =
    engagement.client_type === 'organization' ? engagement.organization_name || clientName || '' : clientName || billed.map((m) => m.name).join(', ');
  return {
    name: billing?.legal_name || fallbackName || '',
    address: billing?.address ?? '',
    taxId: billing?.tax_id ?? '',
    email: billing?.email || billed.map((m) => m.email).join(', '),
  };
}

/** The rate a contract bills at, or null when its content has none. */
export function rateOf(contentJson: string): Rate | null {
  return (JSON.parse(contentJson) as { rate?: Rate | null }).rate ?? null;
}
