import { AppError, addDays, ensureInvoiceAction } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findEngagementRow } from '../../db/queries/engagements.js';
import { updateInvoiceIfStatus } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { assignNumber } from './assign-number.js';
import { queueInvoiceEmail } from './email-invoice.js';
import { coachToday, currentBuyer, currentSeller, invoiceTransaction, loadInvoice, recordInvoiceEvent } from './invoice-record.js';

/**
 * Issues a draft: it gets the coach's next number, today's date and its due date, and a frozen copy of
 * the coach's business and of who is billed; from then on nothing of it changes (corrections are credit
 * notes). The number is taken in the same transaction, so an issue that fails takes no number; the
 * email of its PDF to the billed party is queued in it too.
 */
export async function issueInvoice(db: Kysely<Database>, id: string, actorId: string, now = new Date()): Promise<InvoicesTable> {
  return invoiceTransaction(db, id, async (trx) => {
    const { row, lines, kind, status } = await loadInvoice(trx, id);
    ensureInvoiceAction(kind, status, 'issue');
    if (lines.length === 0) throw new AppError('validation_failed', 'Add at least one line before issuing this invoice.');
    if (row.total_minor <= 0) throw new AppError('validation_failed', 'An invoice is issued for more than 0. Check the lines’ prices and quantities.');
    const seller = await currentSeller(trx, row.coach_id);
    const missing: Record<string, string> = {};
    if (!seller.name) missing.name = 'Add your business name in Settings → Invoicing.';
    if (!seller.address) missing.address = 'Add your business address in Settings → Invoicing.';
    if (Object.keys(missing).length > 0) {
      throw new AppError('validation_failed', 'Your business name and address are printed on every invoice: add them in Settings → Invoicing first.', {
        fields: missing,
      });
    }
    const engagement = await findEngagementRow(trx, row.engagement_id);
    if (!engagement) throw new AppError('not_found', 'That engagement was not found.');
    const buyer = await currentBuyer(trx, engagement, row.contract_id);
    const { today } = await coachToday(trx, row.coach_id, now);
    const { number, series, sequence } = await assignNumber(trx, row.coach_id, today);
    const patch = {
      status: 'issued',
      number,
      series,
      sequence,
      issued_on: today,
      due_on: addDays(today, row.days_to_pay),
      seller: JSON.stringify(seller),
      buyer: JSON.stringify(buyer),
      issued_at: nowIso(),
      updated_at: nowIso(),
    } satisfies Partial<InvoicesTable>;
    if (!(await updateInvoiceIfStatus(trx, id, 'draft', patch))) throw new AppError('conflict', 'This invoice changed meanwhile. Reload it.');
    const issued = { ...row, ...patch };
    await recordInvoiceEvent(trx, issued, 'invoice.issued', actorId, {
      issuedOn: issued.issued_on,
      dueOn: issued.due_on,
      currency: issued.currency,
      totalMinor: issued.total_minor,
    });
    await queueInvoiceEmail(trx, issued, actorId);
    return issued;
  });
}
