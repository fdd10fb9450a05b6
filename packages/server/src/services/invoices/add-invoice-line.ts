import { AppError, type InvoiceLineBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertLines } from '../../db/queries/invoices.js';
import type { Database, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { changeLines, MAX_LINES } from './change-lines.js';

/** Adds a line to a draft, at the end. */
export function addInvoiceLine(db: Kysely<Database>, invoiceId: string, actorId: string, body: InvoiceLineBody): Promise<InvoicesTable> {
  return changeLines(db, invoiceId, actorId, 'line_added', async (trx, invoice, lines) => {
    if (lines.length >= MAX_LINES) throw new AppError('validation_failed', `An invoice has at most ${MAX_LINES} lines.`);
    const line: InvoiceLinesTable = {
      id: newId(),
      invoice_id: invoice.id,
      engagement_id: invoice.engagement_id,
      position: Math.max(0, ...lines.map((l) => l.position)) + 1,
      description: body.description,
      quantity_milli: body.quantity,
      unit_minor: body.unitMinor,
      tax_rate_bp: body.taxRate,
      amount_minor: 0,
      source_kind: 'manual',
      source_key: null,
    };
    await insertLines(trx, [line]);
    return [...lines, line];
  });
}
