import { AppError, formatMoney } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findContract } from '../../db/queries/contracts.js';
import { findInvoice } from '../../db/queries/invoices.js';
import type { Database, InvoicesTable } from '../../db/schema.js';
import type { Mailer } from '../../plugins/mailer.js';
import type { WriteTrx } from '../events/record-event.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { type Buyer, coachToday, invoiceTransaction, recordInvoiceEvent } from './invoice-record.js';
import { presentInvoice } from './present-invoice.js';
import { renderInvoicePdf } from './render-invoice-pdf.js';

/** Where an issued invoice is emailed: its billing address, or the billed members, as frozen when it was issued. */
function recipientsOf(row: Pick<InvoicesTable, 'buyer'>): string[] {
  const buyer = row.buyer ? (JSON.parse(row.buyer) as Buyer) : null;
  return (buyer?.email ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Queues the email of an issued invoice (or credit note) to the billed party, inside the transaction that
 * issued, voided or resends it, and records `invoice.sent`. The `invoice-email` job prints the PDF and
 * mails it after the commit, retried with backoff; one that keeps failing shows on the People tab.
 * Overdue reminders are the same job with `reminder: true`. Answers how many addresses it goes to.
 */
export async function queueInvoiceEmail(trx: WriteTrx, row: InvoicesTable, actorId: string | null, opts: { reminder?: boolean } = {}): Promise<number> {
  const recipients = recipientsOf(row);
  if (recipients.length === 0) return 0;
  await enqueueJob(trx, { kind: 'invoice-email', payload: { invoiceId: row.id, reminder: opts.reminder === true }, engagementId: row.engagement_id });
  await recordInvoiceEvent(trx, row, 'invoice.sent', actorId, { recipients: recipients.length, reminder: opts.reminder === true });
  return recipients.length;
}

/** The coach sends an issued invoice again (a reminder when it is overdue). */
export async function resendInvoice(db: Kysely<Database>, invoiceId: string, actorId: string): Promise<void> {
  await invoiceTransaction(db, invoiceId, async (trx) => {
    const row = await findInvoice(trx, invoiceId);
    if (!row) throw new AppError('not_found', 'That invoice was not found.');
    if (row.status === 'draft') throw new AppError('illegal_transition', 'Issue this draft first; issuing emails it.');
    const { today } = await coachToday(trx, row.coach_id);
    const overdue = row.kind === 'invoice' && row.status === 'issued' && !!row.due_on && row.due_on < today;
    if ((await queueInvoiceEmail(trx, row, actorId, { reminder: overdue })) === 0) {
      throw new AppError('validation_failed', 'There is no address to send it to: add a billing email to the contract, or invite the billed party.');
    }
  });
}

/** The `invoice-email` job: prints the invoice as it is now and mails it, with the PDF attached, to each address. */
export async function mailInvoice(
  deps: { db: Kysely<Database>; mailer: Mailer; publicUrl: string },
  invoiceId: string,
  opts: { reminder?: boolean } = {},
): Promise<void> {
  const { db, mailer, publicUrl } = deps;
  const row = await findInvoice(db, invoiceId);
  if (!row || row.status === 'draft' || !row.number) return;
  const recipients = recipientsOf(row);
  if (recipients.length === 0) return;
  const { today } = await coachToday(db, row.coach_id);
  const [invoice, contract] = await Promise.all([presentInvoice(db, row, today), row.contract_id ? findContract(db, row.contract_id) : undefined]);
  const pdf = await renderInvoicePdf(invoice, contract?.title ?? null);
  const what = row.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const from = invoice.seller.name || 'your coach';
  const link = `${publicUrl}/e/${row.engagement_id}/invoices/${row.id}`;
  const lines =
    row.kind === 'credit_note'
      ? [
          `${from} issued credit note ${row.number}, cancelling invoice ${invoice.creditFor?.number ?? ''}, for ${formatMoney(invoice.totalMinor, row.currency)}.`,
        ]
      : [
          opts.reminder
            ? `A reminder: invoice ${row.number} from ${from} was due on ${row.due_on}, and ${formatMoney(invoice.balanceMinor, row.currency)} is still open.`
            : `${from} sent you invoice ${row.number} for ${formatMoney(invoice.totalMinor, row.currency)}, due on ${row.due_on}.`,
          ...(invoice.paymentUrl ? ['', `Pay online: ${invoice.paymentUrl}`] : []),
          ...(invoice.seller.paymentInstructions ? ['', invoice.seller.paymentInstructions] : []),
        ];
  const text = [...lines, '', `The PDF is attached. You can also open it in Carriage: ${link}`].join('\n');
  for (const to of recipients) {
    await mailer.send({
      to,
      subject: `${opts.reminder ? 'Reminder: ' : ''}${what} ${row.number} from ${from}`,
      text,
      attachments: [{ filename: `${what.toLowerCase().replace(' ', '-')}-${row.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
  }
}
