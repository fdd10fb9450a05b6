import { DateTime } from 'luxon';
import { rateUnitLabels } from '../contract/diff.js';
import { allocateMinor, formatAmountWithCode, minorOf, money } from '../money/money.js';
import type { Rate } from '../schemas/contracts.js';

/** Where a generated line comes from, so the same session, month or instalment is never invoiced twice. */
export const lineSources = ['package', 'session', 'month', 'instalment', 'manual'] as const;
export type LineSource = (typeof lineSources)[number];

export interface DraftLine {
  description: string;
  quantityMilli: number;
  unitMinor: number;
  taxRateBp: number;
  sourceKind: LineSource;
  /** Unique per contract among invoices that are not void: `package`, `session:<id>`, `month:2026-03`, `instalment:1`. */
  sourceKey: string | null;
}

export interface HeldSession {
  id: string;
  startsAt: string;
  durationMinutes: number;
}

export interface InvoiceSource {
  contract: { startsOn: string | null; endsOn: string | null; rate: Rate };
  /** Held sessions of the engagement (any order). */
  held: readonly HeldSession[];
  /** Source keys already on this contract's invoices that are not void (drafts included). */
  invoiced: ReadonlySet<string>;
  /** Today in the coach's time zone (YYYY-MM-DD), and that zone. */
  today: string;
  timeZone: string;
  taxRateBp: number;
}

const day = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toISODate() ?? iso.slice(0, 10);
const longDay = (date: string) => DateTime.fromISO(date).toFormat('d LLL yyyy');

/**
 * The unit price of one session of a rate, rounded to the currency's minor unit: the rate itself per
 * session; for a fixed-price package its price shared by the sessions it includes (the first share of an
 * exact split, so extras never cost less than a session of the package); none otherwise.
 */
export function sessionPriceMinor(rate: Rate): number | null {
  const unit = rate.scale === undefined ? rate.amountMinor : minorOf(money(rate.amountMinor, rate.currency, rate.scale));
  if (rate.unit === 'per_session') return unit;
  if (rate.unit === 'fixed' && rate.sessionsIncluded) return allocateMinor(unit, Array(rate.sessionsIncluded).fill(1), rate.currency)[0];
  return null;
}

/**
 * The lines of the next invoice of a signed contract, from its rate and what was held and not invoiced yet:
 * - per session: each held session of the contract's period; with a package (`sessionsIncluded`), one line
 *   for the package (once) and the sessions held beyond it as extras;
 * - per hour: each held session for its duration (in thousandths of an hour);
 * - per month: each month of the period that has begun;
 * - fixed: the next instalment of its schedule (the whole price when it has none), and with a package the
 *   sessions held beyond it as extras.
 * A per-hour or per-month rate bills what was held or elapsed; a package there only counts sessions.
 */
export function draftInvoiceLines(src: InvoiceSource): DraftLine[] {
  const { contract, invoiced, timeZone } = src;
  const rate = contract.rate;
  const tax = src.taxRateBp;
  const unitMinor = rate.scale === undefined ? rate.amountMinor : minorOf(money(rate.amountMinor, rate.currency, rate.scale));
  const inPeriod = [...src.held]
    .map((s) => ({ ...s, on: day(s.startsAt, timeZone) }))
    .filter((s) => (!contract.startsOn || s.on >= contract.startsOn) && (!contract.endsOn || s.on <= contract.endsOn))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const lines: DraftLine[] = [];
  const included = rate.sessionsIncluded ?? 0;
  const extras = () => {
    const price = sessionPriceMinor(rate);
    if (price === null || included === 0) return;
    for (const s of inPeriod.slice(included)) {
      const key = `session:${s.id}`;
      if (invoiced.has(key)) continue;
      lines.push({
        description: `Extra session on ${longDay(s.on)} (beyond the ${included} included)`,
        quantityMilli: 1000,
        unitMinor: price,
        taxRateBp: tax,
        sourceKind: 'session',
        sourceKey: key,
      });
    }
  };

  switch (rate.unit) {
    case 'per_session': {
      if (included > 0) {
        if (!invoiced.has('package'))
          lines.push({
            description: `Package of ${included} coaching session${included === 1 ? '' : 's'}`,
            quantityMilli: included * 1000,
            unitMinor,
            taxRateBp: tax,
            sourceKind: 'package',
            sourceKey: 'package',
          });
        extras();
        break;
      }
      for (const s of inPeriod) {
        const key = `session:${s.id}`;
        if (!invoiced.has(key))
          lines.push({
            description: `Coaching session on ${longDay(s.on)}`,
            quantityMilli: 1000,
            unitMinor,
            taxRateBp: tax,
            sourceKind: 'session',
            sourceKey: key,
          });
      }
      break;
    }
    case 'per_hour': {
      for (const s of inPeriod) {
        const key = `session:${s.id}`;
        if (invoiced.has(key)) continue;
        lines.push({
          description: `Coaching session on ${longDay(s.on)} (${s.durationMinutes} min), hours`,
          quantityMilli: Math.round((s.durationMinutes * 1000) / 60),
          unitMinor,
          taxRateBp: tax,
          sourceKind: 'session',
          sourceKey: key,
        });
      }
      break;
    }
    case 'per_month': {
      if (!contract.startsOn || !contract.endsOn) break;
      let month = DateTime.fromISO(contract.startsOn).startOf('month');
      const last = DateTime.fromISO(contract.endsOn).startOf('month');
      while (month <= last && (month.toISODate() ?? '') <= src.today) {
        const key = `month:${month.toFormat('yyyy-MM')}`;
        if (!invoiced.has(key))
          lines.push({
            description: `Coaching, ${month.toFormat('LLLL yyyy')}`,
            quantityMilli: 1000,
            unitMinor,
            taxRateBp: tax,
            sourceKind: 'month',
            sourceKey: key,
          });
        month = month.plus({ months: 1 });
      }
      break;
    }
    case 'fixed': {
      const plan = rate.instalments?.length ? rate.instalments : [{ label: 'Fixed price', percent: 100 }];
      const parts = allocateMinor(
        unitMinor,
        plan.map((p) => Math.round(p.percent * 100)),
        rate.currency,
      );
      const next = plan.findIndex((_, i) => !invoiced.has(`instalment:${i + 1}`));
      if (next >= 0) {
        const p = plan[next];
        const of = plan.length > 1 ? ` (${p.percent} % of ${formatAmountWithCode(unitMinor, rate.currency)}, ${next + 1} of ${plan.length})` : '';
        lines.push({
          description: `${p.label}${of}`,
          quantityMilli: 1000,
          unitMinor: parts[next],
          taxRateBp: tax,
          sourceKind: 'instalment',
          sourceKey: `instalment:${next + 1}`,
        });
      }
      extras();
      break;
    }
  }
  return lines;
}

/** How a generated draft names what it bills, for the empty case's message. */
export function nothingToInvoiceMessage(rate: Rate): string {
  switch (rate.unit) {
    case 'per_session':
    case 'per_hour':
      return rate.sessionsIncluded && rate.unit === 'per_session'
        ? 'The package is invoiced and no session was held beyond it since. Add lines by hand to a blank draft if you need one.'
        : 'No held session of this contract is left to invoice. Mark sessions as held first, or start a blank draft.';
    case 'per_month':
      return 'Every month of this contract that has begun is invoiced already.';
    case 'fixed':
      return `Every instalment of this ${rateUnitLabels.fixed} is invoiced already${rate.sessionsIncluded ? ', and no session was held beyond the package' : ''}.`;
  }
}
