import type { Kysely } from 'kysely';
import { deleteLine } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import { changeLines, lineOf } from './change-lines.js';

/** Removes a line from a draft; what it billed (a session, a month) can be invoiced again later. */
export function removeInvoiceLine(db: Kysely<Database>, invoiceId: string, lineId: string, actorId: string): Promise<InvoicesTable> {
  return changeLines(db, invoiceId, actorId, 'line_removed', async (trx, _invoice, lines) => {
    const line = lineOf(lines, lineId);
    await deleteLine(trx, line.id);
    return lines.filter((l) => l.id !== line.id);
  });
}
