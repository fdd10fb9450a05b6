import { ensureInvoiceAction } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertInvoice, insertLines, updateInvoiceIfStatus } from '../../db/queries/invoices.js';
import type { Database, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { assignNumber } from './assign-number.js';
import { queueInvoiceEmail } from './email-invoice.js';
import { coachToday, invoiceTransaction, loadInvoice, recordInvoiceEvent, storeTotals } from './invoice-record.js';

/**
 * Voids an issued invoice that has no payment: a credit note with the next number cancels it line by
 * line (the same lines with negative quantities, so it rounds exactly as the invoice did), and what the
 * invoice billed can be invoiced again. Both keep their numbers forever. Answers the credit note.
 */
export async function voidInvoice(
  db: Kysely<Database>,
  id: string,
  actorId: string,
  reason: string | undefined,
  now = new Date(),
): Promise<{ invoice: InvoicesTable; creditNote: InvoicesTable }> {
  return invoiceTransaction(db, id, async (trx) => {
    const { row, lines, kind, status } = await loadInvoice(trx, id);
    ensureInvoiceAction(kind, status, 'void', row.paid_minor);
    const { today } = await coachToday(trx, row.coach_id, now);
    const stamp = nowIso();
    const { number, series, sequence } = await assignNumber(trx, row.coach_id, today);
    const credit: InvoicesTable = {
      ...row,
      id: newId(),
      kind: 'credit_note',
      status: 'issued',
      number,
      series,
      sequence,
      issued_on: today,
      due_on: null,
      notes: `Cancels invoice ${row.number}${reason ? `: ${reason}` : '.'}`,
      credit_for_id: row.id,
      paid_minor: 0,
      created_by: actorId,
      created_at: stamp,
      updated_at: stamp,
      issued_at: stamp,
      paid_at: null,
      voided_at: null,
      void_reason: null,
    };
    await insertInvoice(trx, credit);
    const creditLines: InvoiceLinesTable[] = lines.map((l) => ({
      ...l,
      id: newId(),
      invoice_id: credit.id,
      quantity_milli: -l.quantity_milli,
      source_kind: 'manual',
      source_key: null,
    }));
    await insertLines(trx, creditLines);
    const storedCredit = await storeTotals(trx, credit, creditLines, stamp);
    const patch = { status: 'void', voided_at: stamp, void_reason: reason || null, updated_at: stamp };
    if (!(await updateInvoiceIfStatus(trx, id, 'issued', patch))) ensureInvoiceAction(kind, 'void', 'void');
    const voided = { ...row, ...patch };
    await recordInvoiceEvent(trx, voided, 'invoice.voided', actorId, {
      creditNoteId: credit.id,
      creditNoteNumber: number,
      ...(reason ? { reason } : {}),
    });
    await queueInvoiceEmail(trx, storedCredit, actorId);
    return { invoice: voided, creditNote: storedCredit };
  });
}
