import { lineAmountMinor, sumMinor, taxMinor } from '../money/money.js';

/** What a line needs for its amount: a unit price in minor units, a quantity in thousandths and a tax rate in basis points. */
export interface PricedLine {
  unitMinor: number;
  quantityMilli: number;
  taxRateBp: number;
}

export interface TaxSummaryRow {
  taxRateBp: number;
  netMinor: number;
  taxMinor: number;
}

export interface InvoiceTotals {
  /** Each line's net amount, in the order given. */
  lineAmounts: number[];
  /** One row per tax rate, lowest rate first. */
  taxSummary: TaxSummaryRow[];
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * An invoice's amounts: each line is unit price × quantity rounded to the minor unit; tax is computed
 * once per rate on the sum of that rate's lines (as the tax summary prints it, so the summary always
 * adds up), and the total is net plus tax.
 */
export function invoiceTotals(lines: readonly PricedLine[], currency: string): InvoiceTotals {
  const lineAmounts = lines.map((l) => lineAmountMinor(l.unitMinor, l.quantityMilli, currency));
  const byRate = new Map<number, number[]>();
  lines.forEach((l, i) => {
    const list = byRate.get(l.taxRateBp) ?? [];
    list.push(lineAmounts[i]);
    byRate.set(l.taxRateBp, list);
  });
  const taxSummary = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRateBp, amounts]) => {
      const netMinor = sumMinor(amounts, currency);
      return { taxRateBp, netMinor, taxMinor: taxMinor(netMinor, taxRateBp, currency) };
    });
  const netMinor = sumMinor(lineAmounts, currency);
  const tax = sumMinor(
    taxSummary.map((r) => r.taxMinor),
    currency,
  );
  return { lineAmounts, taxSummary, netMinor, taxMinor: tax, totalMinor: sumMinor([netMinor, tax], currency) };
}

/** A quantity in thousandths as people read it: 1000 → "1", 750 → "0.75", 833 → "0.833". */
export function quantityText(quantityMilli: number): string {
  const sign = quantityMilli < 0 ? '-' : '';
  const abs = Math.abs(quantityMilli);
  const whole = Math.floor(abs / 1000);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A tax rate in basis points as a percentage: 1900 → "19 %", 770 → "7.7 %". */
export function taxRateText(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const fraction = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} %`;
}
