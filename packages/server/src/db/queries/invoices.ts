import type { Kysely, Transaction } from 'kysely';
import type { BusinessProfilesTable, ContractBillingTable, Database, InvoiceLinesTable, InvoicePaymentsTable, InvoicesTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function findInvoice(db: Q, id: string) {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An engagement's invoices and credit notes, newest first, with their contract's title. */
export function listEngagementInvoices(db: Q, engagementId: string) {
  return db
    .selectFrom('invoices as i')
    .leftJoin('contracts as c', 'c.id', 'i.contract_id')
    .selectAll('i')
    .select('c.title as contract_title')
    .where('i.engagement_id', '=', engagementId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

/** Every invoice a coach has issued or drafted, across real engagements (a sample has none), with the engagement's and contract's titles. */
export function listCoachInvoices(db: Q, coachId: string) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('engagements as e', 'e.id', 'i.engagement_id')
    .leftJoin('contracts as c', 'c.id', 'i.contract_id')
    .selectAll('i')
    .select(['e.title as engagement_title', 'c.title as contract_title'])
    .where('i.coach_id', '=', coachId)
    .where('e.sample', '=', 0)
    .orderBy('i.issued_on', 'desc')
    .orderBy('i.created_at', 'desc')
    .execute();
}

export async function insertInvoice(db: Q, row: InvoicesTable): Promise<void> {
  await db.insertInto('invoices').values(row).execute();
}

/** Updates an invoice only while it is in the status the caller read, so two transitions can't both win. */
export async function updateInvoiceIfStatus(db: Q, id: string, status: string, patch: Partial<Omit<InvoicesTable, 'id'>>): Promise<boolean> {
  const r = await db.updateTable('invoices').set(patch).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteDraftInvoice(db: Q, id: string): Promise<boolean> {
  const r = await db.deleteFrom('invoices').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function listLines(db: Q, invoiceId: string) {
  return db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').orderBy('id').execute();
}

export function findLine(db: Q, id: string) {
  return db.selectFrom('invoice_lines').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertLines(db: Q, rows: InvoiceLinesTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('invoice_lines').values(rows).execute();
}

export async function updateLine(db: Q, id: string, patch: Partial<Omit<InvoiceLinesTable, 'id' | 'invoice_id'>>): Promise<void> {
  await db.updateTable('invoice_lines').set(patch).where('id', '=', id).execute();
}

export async function deleteLine(db: Q, id: string): Promise<void> {
  await db.deleteFrom('invoice_lines').where('id', '=', id).execute();
}

/** Source keys (sessions, months, instalments, the package) already billed on a contract's invoices that are not void. */
export async function invoicedSourceKeys(db: Q, contractId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select('l.source_key')
    .where('i.contract_id', '=', contractId)
    .where('i.kind', '=', 'invoice')
    .where('i.status', '!=', 'void')
    .where('l.source_key', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.source_key as string));
}

export function listPayments(db: Q, invoiceId: string) {
  return db.selectFrom('invoice_payments').selectAll().where('invoice_id', '=', invoiceId).orderBy('paid_on').orderBy('created_at').execute();
}

export async function insertPayment(db: Q, row: InvoicePaymentsTable): Promise<void> {
  await db.insertInto('invoice_payments').values(row).execute();
}

export function findPaymentByProviderEvent(db: Q, providerEventId: string) {
  return db.selectFrom('invoice_payments').selectAll().where('provider_event_id', '=', providerEventId).executeTakeFirst();
}

/** Payments of a coach's invoices, for the money view (paid per period counts the day money came in). */
export function listCoachPayments(db: Q, coachId: string) {
  return db
    .selectFrom('invoice_payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select(['p.paid_on', 'p.amount_minor', 'i.currency', 'i.engagement_id'])
    .where('i.coach_id', '=', coachId)
    .execute();
}

/** The credit note that voided an invoice, if any. */
export function findCreditNoteFor(db: Q, invoiceId: string) {
  return db.selectFrom('invoices').select(['id', 'number']).where('credit_for_id', '=', invoiceId).executeTakeFirst();
}

/**
 * Takes the coach's next number in a series. The counter row is created once; the UPDATE then locks it
 * (PostgreSQL holds the row lock until the issuing transaction ends, so a second issuer waits and reads
 * the committed count) and a rolled-back issue takes its number back with it: no gaps, no duplicates.
 */
export async function takeNextInvoiceNumber(db: Q, coachId: string, series: string): Promise<number> {
  await db
    .insertInto('invoice_counters')
    .values({ coach_id: coachId, series, last_number: 0 })
    .onConflict((oc) => oc.columns(['coach_id', 'series']).doNothing())
    .execute();
  const row = await db
    .updateTable('invoice_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('coach_id', '=', coachId)
    .where('series', '=', series)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** The last number a coach took in a series (0 before the first). */
export async function lastInvoiceNumber(db: Q, coachId: string, series: string): Promise<number> {
  const row = await db.selectFrom('invoice_counters').select('last_number').where('coach_id', '=', coachId).where('series', '=', series).executeTakeFirst();
  return Number(row?.last_number ?? 0);
}

export function findBusinessProfile(db: Q, userId: string) {
  return db.selectFrom('business_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveBusinessProfile(db: Q, row: BusinessProfilesTable): Promise<void> {
  const { user_id: _userId, ...rest } = row;
  await db
    .insertInto('business_profiles')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
    .execute();
}

export function findContractBilling(db: Q, contractId: string) {
  return db.selectFrom('contract_billing').selectAll().where('contract_id', '=', contractId).executeTakeFirst();
}

export async function saveContractBilling(db: Q, row: ContractBillingTable): Promise<void> {
  const { contract_id: _contractId, ...rest } = row;
  await db
    .insertInto('contract_billing')
    .values(row)
    .onConflict((oc) => oc.column('contract_id').doUpdateSet(rest))
    .execute();
}

/** The held sessions of an engagement (for invoicing by session, hour and package). */
export function listHeldSessions(db: Q, engagementId: string) {
  return db
    .selectFrom('coaching_sessions')
    .select(['id', 'starts_at', 'duration_minutes'])
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'held')
    .orderBy('starts_at')
    .execute();
}

/** The latest issued invoice of each engagement (not credit notes, not drafts), for the engagement header. */
export async function latestIssuedInvoices(db: Q, engagementIds: string[]) {
  const out = new Map<string, InvoicesTable>();
  if (engagementIds.length === 0) return out;
  const rows = await db
    .selectFrom('invoices')
    .selectAll()
    .where('engagement_id', 'in', engagementIds)
    .where('kind', '=', 'invoice')
    .where('status', '!=', 'draft')
    .orderBy('issued_at', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.engagement_id)) out.set(r.engagement_id, r);
  return out;
}
