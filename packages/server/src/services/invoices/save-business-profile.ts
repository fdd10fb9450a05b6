import { type BusinessProfile, type BusinessProfileBody, formatInvoiceNumber } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findBusinessProfile, lastInvoiceNumber, saveBusinessProfile } from '../../db/queries/invoices.js';
import type { BusinessProfilesTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { coachToday } from './invoice-record.js';

/** The coach's business details as Settings shows them, with the number the next invoice will get. */
export async function presentBusinessProfile(db: Kysely<Database>, userId: string): Promise<BusinessProfile> {
  const [p, { today }] = await Promise.all([findBusinessProfile(db, userId), coachToday(db, userId)]);
  const series = today.slice(0, 4);
  const last = await lastInvoiceNumber(db, userId, series);
  const rateBp = p?.tax_rate_bp ?? 0;
  return {
    name: p?.name ?? '',
    address: p?.address ?? '',
    taxId: p?.tax_id ?? '',
    paymentInstructions: p?.payment_instructions ?? '',
    paymentLink: p?.payment_link ?? '',
    daysToPay: p?.days_to_pay ?? 30,
    numberPrefix: p?.number_prefix ?? '',
    taxRate: rateBp / 100,
    nextNumber: formatInvoiceNumber(p?.number_prefix ?? '', series, last + 1),
  };
}

/** Saves the coach's business details; issued invoices keep the copy they were issued with. */
export async function saveProfile(db: Kysely<Database>, userId: string, body: BusinessProfileBody): Promise<BusinessProfile> {
  const row: BusinessProfilesTable = {
    user_id: userId,
    name: body.name,
    address: body.address,
    tax_id: body.taxId,
    payment_instructions: body.paymentInstructions,
    payment_link: body.paymentLink,
    days_to_pay: body.daysToPay,
    number_prefix: body.numberPrefix,
    tax_rate_bp: body.taxRate,
    updated_at: nowIso(),
  };
  await saveBusinessProfile(db, row);
  return presentBusinessProfile(db, userId);
}
