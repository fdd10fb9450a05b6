import { AppError, type ContractStatus, draftInvoiceLines, hasBeenSigned, nothingToInvoiceMessage } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findEngagementRow } from '../../db/queries/engagements.js';
import { findBusinessProfile, insertInvoice, insertLines, invoicedSourceKeys, listHeldSessions } from '../../db/queries/invoices.js';
import type { Database, InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { loadContract } from '../contracts/contract-record.js';
import { writeTransactionOf } from '../events/write-transaction.js';
import { coachToday, rateOf, recordInvoiceEvent, storeTotals } from './invoice-record.js';

/**
 * Drafts the next invoice of a signed contract from what it has to bill (core's draftInvoiceLines: held
 * sessions, the package, months, the next instalment), or a blank draft. Under the engagement's write
 * lock, so two drafts started at once never bill the same session twice.
 */
export async function draftInvoice(db: Kysely<Database>, contractId: string, actorId: string, opts: { blank?: boolean } = {}): Promise<InvoicesTable> {
  const done = await writeTransactionOf(db, 'contracts', contractId, async (trx) => {
    const { row: contract, status } = await loadContract(trx, contractId);
    if (!hasBeenSigned(status as ContractStatus) || status === 'superseded') {
      throw new AppError(
        'illegal_transition',
        status === 'superseded'
          ? 'This contract was replaced by a newer version; invoice the version in force.'
          : 'Only a signed contract is invoiced. Send it for signature first.',
      );
    }
    const rate = rateOf(contract.content);
    if (!rate) throw new AppError('illegal_transition', 'This contract has no rate to invoice. Amend it to add one.');
    const engagement = await findEngagementRow(trx, contract.engagement_id);
    if (!engagement) throw new AppError('not_found', 'That engagement was not found.');
    if (engagement.sample) throw new AppError('illegal_transition', 'A sample engagement is never invoiced. Create a real engagement to bill a client.');
    const [profile, { today, timeZone }, held, invoiced] = await Promise.all([
      findBusinessProfile(trx, engagement.coach_id),
      coachToday(trx, engagement.coach_id),
      listHeldSessions(trx, engagement.id),
      invoicedSourceKeys(trx, contract.id),
    ]);
    const lines = opts.blank
      ? []
      : draftInvoiceLines({
          contract: { startsOn: contract.starts_on, endsOn: contract.ends_on, rate },
          held: held.map((s) => ({ id: s.id, startsAt: s.starts_at, durationMinutes: s.duration_minutes })),
          invoiced,
          today,
          timeZone,
          taxRateBp: profile?.tax_rate_bp ?? 0,
        });
    if (!opts.blank && lines.length === 0) throw new AppError('conflict', nothingToInvoiceMessage(rate));
    const now = nowIso();
    const row: InvoicesTable = {
      id: newId(),
      engagement_id: engagement.id,
      contract_id: contract.id,
      coach_id: engagement.coach_id,
      kind: 'invoice',
      status: 'draft',
      currency: rate.currency.toUpperCase(),
      number: null,
      series: null,
      sequence: null,
      issued_on: null,
      due_on: null,
      days_to_pay: profile?.days_to_pay ?? 30,
      notes: '',
      reverse_charge: 0,
      credit_for_id: null,
      net_minor: 0,
      tax_minor: 0,
      total_minor: 0,
      paid_minor: 0,
      seller: null,
      buyer: null,
      created_by: actorId,
      created_at: now,
      updated_at: now,
      issued_at: null,
      paid_at: null,
      voided_at: null,
      void_reason: null,
    };
    await insertInvoice(trx, row);
    const lineRows: InvoiceLinesTable[] = lines.map((l, i) => ({
      id: newId(),
      invoice_id: row.id,
      engagement_id: row.engagement_id,
      position: i + 1,
      description: l.description,
      quantity_milli: l.quantityMilli,
      unit_minor: l.unitMinor,
      tax_rate_bp: l.taxRateBp,
      amount_minor: 0,
      source_kind: l.sourceKind,
      source_key: l.sourceKey,
    }));
    await insertLines(trx, lineRows);
    const stored = await storeTotals(trx, row, lineRows, now);
    await recordInvoiceEvent(trx, stored, 'invoice.drafted', actorId, {
      contractId: contract.id,
      lines: lineRows.length,
      currency: stored.currency,
      totalMinor: stored.total_minor,
    });
    return stored;
  });
  if (!done) throw new AppError('not_found', 'That contract was not found, or you don’t have access to it.');
  return done.result;
}
