import type { InvoiceLineBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { updateLine } from '../../db/queries/invoices.js';
import type { Database, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { changeLines, lineOf } from './change-lines.js';

/** Edits a draft's line: its description, quantity, unit price or tax rate. */
export function updateInvoiceLine(
  db: Kysely<Database>,
  invoiceId: string,
  lineId: string,
  actorId: string,
  body: Partial<InvoiceLineBody>,
): Promise<InvoicesTable> {
  return changeLines(db, invoiceId, actorId, 'line_updated', async (trx, _invoice, lines) => {
    const line = lineOf(lines, lineId);
    const patch: Partial<InvoiceLinesTable> = {};
    if (body.description !== undefined) patch.description = body.description;
    if (body.quantity !== undefined) patch.quantity_milli = body.quantity;
    if (body.unitMinor !== undefined) patch.unit_minor = body.unitMinor;
    if (body.taxRate !== undefined) patch.tax_rate_bp = body.taxRate;
    await updateLine(trx, line.id, patch);
    return lines.map((l) => (l.id === line.id ? { ...l, ...patch } : l));
  });
}
