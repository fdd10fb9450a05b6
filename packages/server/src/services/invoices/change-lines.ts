import { AppError, ensureInvoiceAction } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import type { WriteTrx } from '../events/record-event.js';
import { invoiceTransaction, loadInvoice, recordInvoiceEvent, storeTotals } from './invoice-record.js';

/** The most lines an invoice holds. */
export const MAX_LINES = 100;

/**
 * The shared step of adding, editing and removing a draft's lines: under the engagement's lock, refuse
 * anything but a draft (409 invoice_locked), apply the change, recompute the totals, record `invoice.updated`.
 */
export async function changeLines(
  db: Kysely<Database>,
  invoiceId: string,
  actorId: string,
  change: string,
  apply: (trx: WriteTrx, invoice: InvoicesTable, lines: InvoiceLinesTable[]) => Promise<InvoiceLinesTable[]>,
): Promise<InvoicesTable> {
  return invoiceTransaction(db, invoiceId, async (trx) => {
    const { row, lines, kind, status } = await loadInvoice(trx, invoiceId);
    ensureInvoiceAction(kind, status, 'edit');
    const next = await apply(trx, row, lines);
    const stored = await storeTotals(trx, row, next, nowIso());
    await recordInvoiceEvent(trx, stored, 'invoice.updated', actorId, { changes: [change], totalMinor: stored.total_minor });
    return stored;
  });
}

/** The line of a draft, or 404. */
export function lineOf(lines: InvoiceLinesTable[], lineId: string): InvoiceLinesTable {
  const line = lines.find((l) => l.id === lineId);
  if (!line) throw new AppError('not_found', 'That line is not on this invoice. Reload it.');
  return line;
}
