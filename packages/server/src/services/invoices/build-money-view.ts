import { decimalOf, type MoneyView, sumMinor } from '@carriage/core';
import type { Kysely } from 'kysely';
import { listCoachInvoices, listCoachPayments } from '../../db/queries/invoices.js';
import type { Database } from '../../db/schema.js';
import { csvCell } from '../metrics/export-engagement.js';
import { coachToday } from './invoice-record.js';
import { presentInvoiceSummary } from './present-invoice.js';

export type Period = MoneyView['period'];

/** The period a date falls in: "2026-03", "2026-Q1" or "2026". */
export function periodOf(date: string, period: Period): string {
  if (period === 'year') return date.slice(0, 4);
  if (period === 'quarter') return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
  return date.slice(0, 7);
}

/** Adds an amount to a per-key, per-currency tally. */
function tally<K extends string>(
  map: Map<string, Record<K, number> & { currency: string }>,
  key: string,
  currency: string,
  field: K,
  amount: number,
  empty: () => Record<K, number>,
) {
  const k = `${key}\u0000${currency}`;
  const cur = map.get(k) ?? { ...empty(), currency };
  (cur as Record<K, number>)[field] = sumMinor([cur[field], amount], currency);
  map.set(k, cur);
}

/**
 * The coach's money across every engagement, never adding up two currencies: what is outstanding and
 * overdue today, what was paid (by the day it came in) and invoiced (issued, less credit notes) per month,
 * quarter or year, and each engagement's share. Drafts count nowhere.
 */
export async function buildMoneyView(db: Kysely<Database>, coachId: string, period: Period): Promise<MoneyView> {
  const [{ today }, rows, payments] = await Promise.all([coachToday(db, coachId), listCoachInvoices(db, coachId), listCoachPayments(db, coachId)]);
  const issued = rows.filter((r) => r.status !== 'draft');
  const invoices = issued.map((r) => ({ ...presentInvoiceSummary(r, today), engagementTitle: r.engagement_title }));
  const zero = () => ({ outstandingMinor: 0, overdueMinor: 0, paidMinor: 0 });
  const totals = new Map<string, ReturnType<typeof zero> & { currency: string }>();
  const byEngagement = new Map<string, ReturnType<typeof zero> & { currency: string }>();
  const byPeriod = new Map<string, { paidMinor: number; invoicedMinor: number; currency: string }>();
  const current = periodOf(today, period);
  for (const inv of invoices) {
    if (inv.balanceMinor > 0) {
      tally(totals, '', inv.currency, 'outstandingMinor', inv.balanceMinor, zero);
      tally(byEngagement, inv.engagementId, inv.currency, 'outstandingMinor', inv.balanceMinor, zero);
      if (inv.state === 'overdue') {
        tally(totals, '', inv.currency, 'overdueMinor', inv.balanceMinor, zero);
        tally(byEngagement, inv.engagementId, inv.currency, 'overdueMinor', inv.balanceMinor, zero);
      }
    }
    // An invoice and the credit note that voided it cancel out in the period each was issued in.
    if (inv.issuedOn)
      tally(byPeriod, periodOf(inv.issuedOn, period), inv.currency, 'invoicedMinor', inv.totalMinor, () => ({ paidMinor: 0, invoicedMinor: 0 }));
  }
  for (const p of payments) {
    const key = periodOf(p.paid_on, period);
    tally(byPeriod, key, p.currency, 'paidMinor', p.amount_minor, () => ({ paidMinor: 0, invoicedMinor: 0 }));
    tally(byEngagement, p.engagement_id, p.currency, 'paidMinor', p.amount_minor, zero);
    if (key === current) tally(totals, '', p.currency, 'paidMinor', p.amount_minor, zero);
  }
  const titles = new Map(rows.map((r) => [r.engagement_id, r.engagement_title]));
  const split = (k: string) => k.split('\u0000')[0];
  return {
    today,
    period,
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    byPeriod: [...byPeriod.entries()]
      .map(([k, v]) => ({ period: split(k), ...v }))
      .sort((a, b) => b.period.localeCompare(a.period) || a.currency.localeCompare(b.currency)),
    byEngagement: [...byEngagement.entries()]
      .map(([k, v]) => ({ engagementId: split(k), title: titles.get(split(k)) ?? '', ...v }))
      .sort((a, b) => a.title.localeCompare(b.title) || a.currency.localeCompare(b.currency)),
    invoices,
  };
}

/** Every issued invoice and credit note as CSV for accounting: amounts as exact decimals in their currency. */
export function moneyCsv(view: MoneyView): string {
  const head = ['number', 'kind', 'state', 'issued_on', 'due_on', 'engagement', 'contract', 'billed_to', 'currency', 'net', 'tax', 'total', 'paid', 'balance'];
  const rows = [...view.invoices]
    .sort((a, b) => (a.issuedOn ?? '').localeCompare(b.issuedOn ?? '') || (a.number ?? '').localeCompare(b.number ?? ''))
    .map((i) =>
      [i.number, i.kind, i.state, i.issuedOn, i.dueOn, i.engagementTitle, i.contractTitle, i.billedTo, i.currency].map(csvCell).concat(
        // Exact decimals (a credit note's are negative): plain numbers, written as they are, never as formulas.
        [i.netMinor, i.taxMinor, i.totalMinor, i.paidMinor, i.balanceMinor].map((m) => decimalOf(m, i.currency)),
      ),
    );
  return `${[head, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
}
