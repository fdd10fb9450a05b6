import { formatInvoiceNumber } from '@carriage/core';
import { findBusinessProfile, takeNextInvoiceNumber } from '../../db/queries/invoices.js';
import type { WriteTrx } from '../events/record-event.js';

/**
 * The coach's next invoice number, taken inside the issuing transaction: a series per year of issue
 * ("2026-014", after the coach's prefix), counted by the coach's counter row. Invoices and credit notes
 * share the series, so the numbers a coach issued in a year run 1, 2, 3… without a gap.
 */
export async function assignNumber(trx: WriteTrx, coachId: string, issuedOn: string): Promise<{ number: string; series: string; sequence: number }> {
  const series = issuedOn.slice(0, 4);
  const [profile, sequence] = await Promise.all([findBusinessProfile(trx, coachId), takeNextInvoiceNumber(trx, coachId, series)]);
  return { number: formatInvoiceNumber(profile?.number_prefix ?? '', series, sequence), series, sequence };
}
