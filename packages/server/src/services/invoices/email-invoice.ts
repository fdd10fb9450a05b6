import { formatMoney } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findContract } from '../../db/queries/contracts.js';
import { findInvoice } from '../../db/queries/invoices.js';
import type { Database } from '../../db/schema.js';
import type { Mailer } from '../../plugins/mailer.js';
import { writeTransaction } from '../events/record-event.js';
import { coachToday, recordInvoiceEvent } from './invoice-record.js';
import { presentInvoice } from './present-invoice.js';
import { renderInvoicePdf } from './render-invoice-pdf.js';

/**
 * Emails an issued invoice (or credit note) as a PDF to the billed party, then records `invoice.emailed`.
 * It runs after the issuing transaction committed, so a slow or failing mail server never undoes an issue.
 *
 * The seam for the jobs table: once jobs run email, issuing enqueues an `invoice-email` job ({invoiceId})
 * in its own transaction and this function is that job's runner (retried with backoff, its last error
 * shown to the coach); overdue reminders are a periodic job that calls it with `reminder: true` for
 * invoices past their due date.
 */
export async function emailInvoice(
  deps: { db: Kysely<Database>; mailer: Mailer; publicUrl: string },
  invoiceId: string,
  actorId: string | null,
  opts: { reminder?: boolean } = {},
): Promise<number> {
  const { db, mailer, publicUrl } = deps;
  const row = await findInvoice(db, invoiceId);
  if (!row || row.status === 'draft' || !row.number) return 0;
  const { today } = await coachToday(db, row.coach_id);
  const [invoice, contract] = await Promise.all([presentInvoice(db, row, today), row.contract_id ? findContract(db, row.contract_id) : undefined]);
  const recipients = invoice.buyer.email
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (recipients.length === 0) return 0;
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
  await writeTransaction(db, row.engagement_id, (trx) => recordInvoiceEvent(trx, row, 'invoice.emailed', actorId, { recipients: recipients.length }));
  return recipients.length;
}
