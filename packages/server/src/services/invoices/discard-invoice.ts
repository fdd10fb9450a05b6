import { ensureInvoiceAction } from '@carriage/core';
import type { Kysely } from 'kysely';
import { deleteDraftInvoice } from '../../db/queries/invoices.js';
import type { Database } from '../../db/schema.js';
import { invoiceTransaction, loadInvoice, recordInvoiceEvent } from './invoice-record.js';

/** Deletes a draft (it has no number yet); an issued invoice is voided instead. */
export async function discardInvoice(db: Kysely<Database>, id: string, actorId: string): Promise<void> {
  await invoiceTransaction(db, id, async (trx) => {
    const { row, kind, status } = await loadInvoice(trx, id);
    ensureInvoiceAction(kind, status, 'discard');
    if (!(await deleteDraftInvoice(trx, id))) ensureInvoiceAction(kind, 'issued', 'discard');
    await recordInvoiceEvent(trx, { ...row, status: 'discarded' }, 'invoice.discarded', actorId, {});
  });
}
