import { ensureInvoiceAction } from '@carriage/core';
import type { Kysely } from 'kysely';
import { updateInvoiceIfStatus } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { invoiceTransaction, loadInvoice, recordInvoiceEvent } from './invoice-record.js';

export interface InvoiceHeaderPatch {
  daysToPay?: number;
  notes?: string;
  reverseCharge?: boolean;
}

/** Changes a draft's days to pay, notes or reverse-charge note; an issued invoice answers 409 invoice_locked. */
export async function updateInvoice(db: Kysely<Database>, id: string, actorId: string, body: InvoiceHeaderPatch): Promise<InvoicesTable> {
  return invoiceTransaction(db, id, async (trx) => {
    const { row, kind, status } = await loadInvoice(trx, id);
    ensureInvoiceAction(kind, status, 'edit');
    const patch: Partial<InvoicesTable> = { updated_at: nowIso() };
    const changes: string[] = [];
    if (body.daysToPay !== undefined && body.daysToPay !== row.days_to_pay) {
      patch.days_to_pay = body.daysToPay;
      changes.push('daysToPay');
    }
    if (body.notes !== undefined && body.notes !== row.notes) {
      patch.notes = body.notes;
      changes.push('notes');
    }
    if (body.reverseCharge !== undefined && Number(body.reverseCharge) !== row.reverse_charge) {
      patch.reverse_charge = body.reverseCharge ? 1 : 0;
      changes.push('reverseCharge');
    }
    if (!(await updateInvoiceIfStatus(trx, id, 'draft', patch))) ensureInvoiceAction(kind, 'issued', 'edit');
    const updated = { ...row, ...patch };
    await recordInvoiceEvent(trx, updated, 'invoice.updated', actorId, { changes, totalMinor: updated.total_minor });
    return updated;
  });
}
