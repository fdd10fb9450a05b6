import { describe, expect, it } from 'vitest';
import { invoiceTotals } from '../invoice/totals.js';
import { allocateMinor, currencyExponent, formatAmountWithCode, formatMoney, lineAmountMinor, parseMoney, sumMinor, taxMinor } from './money.js';

/** Every expected figure below is worked out by hand in the comment beside it. */
describe('money in minor units', () => {
  it('knows each currency’s decimals from ISO 4217', () => {
    expect([currencyExponent('JPY'), currencyExponent('EUR'), currencyExponent('KWD'), currencyExponent('usd')]).toEqual([0, 2, 3, 2]);
    // Dinero writes MGA in base 5; ISO and invoices use two decimals.
    expect(currencyExponent('MGA')).toBe(2);
  });

  it('multiplies a unit price by a quantity and rounds half away from zero, per currency', () => {
    // JPY: ¥12,345 × 0.75 h = ¥9,258.75 → ¥9,259
    expect(lineAmountMinor(12345, 750, 'JPY')).toBe(9259);
    // EUR: €120.00 × 0.833 h = €99.96 exactly
    expect(lineAmountMinor(12000, 833, 'EUR')).toBe(9996);
    // EUR: €99.99 × 1.5 = €149.985 → €149.99
    expect(lineAmountMinor(9999, 1500, 'EUR')).toBe(14999);
    // KWD: 12.345 × 0.333 = 4.110885 → 4.111
    expect(lineAmountMinor(12345, 333, 'KWD')).toBe(4111);
    // A credit note's negative quantity rounds to the mirror of the invoice: −149.985 → −149.99
    expect(lineAmountMinor(9999, -1500, 'EUR')).toBe(-14999);
  });

  it('computes tax in basis points and rounds it to the minor unit', () => {
    // JPY: 10 % of ¥9,259 = ¥925.9 → ¥926
    expect(taxMinor(9259, 1000, 'JPY')).toBe(926);
    // EUR: 7 % of €99.99 = €6.9993 → €7.00
    expect(taxMinor(9999, 700, 'EUR')).toBe(700);
    // KWD: 5 % of 4.111 = 0.20555 → 0.206
    expect(taxMinor(4111, 500, 'KWD')).toBe(206);
    // EUR: 7.7 % of €100.00 = €7.70
    expect(taxMinor(10000, 770, 'EUR')).toBe(770);
  });

  it('allocates so the parts add up to the whole, remainders to the first parts', () => {
    expect(allocateMinor(100000, [1, 1, 1], 'EUR')).toEqual([33334, 33333, 33333]); // €1,000.00 / 3
    expect(allocateMinor(1000, [1, 1, 1], 'JPY')).toEqual([334, 333, 333]); // ¥1,000 / 3
    expect(allocateMinor(1000, [1, 1, 1], 'KWD')).toEqual([334, 333, 333]); // KWD 1.000 / 3
    expect(allocateMinor(900000, [3000, 7000], 'EUR')).toEqual([270000, 630000]); // 30 % and 70 % of €9,000.00
    expect(sumMinor(allocateMinor(99999, [3333, 3333, 3334], 'EUR'), 'EUR')).toBe(99999);
  });

  it('formats each currency with its own decimals, without passing through a float', () => {
    expect(formatMoney(150000, 'EUR')).toBe('€1,500.00');
    expect(formatMoney(15000, 'JPY')).toBe('JP¥15,000');
    expect(formatMoney(1255, 'KWD')).toBe('KWD\u00a01.255'); // Intl puts a no-break space after a code
    // 12,345,678,901,234.56: beyond what a double holds to the cent
    expect(formatMoney(1234567890123456, 'EUR')).toBe('€12,345,678,901,234.56');
    expect(formatAmountWithCode(150000, 'EUR')).toBe('1,500.00 EUR');
    expect(formatAmountWithCode(1500050, 'JPY', 2)).toBe('15,000.50 JPY');
  });

  it('reads typed amounts exactly and refuses decimals the currency does not have', () => {
    expect(parseMoney('1,500.50', 'EUR')).toEqual({ minor: 150050 });
    expect(parseMoney('0.1', 'EUR')).toEqual({ minor: 10 });
    expect(parseMoney('15000', 'JPY')).toEqual({ minor: 15000 });
    expect(parseMoney('15000.5', 'JPY')).toEqual({ error: 'JPY has no decimals: give a whole amount.' });
    expect(parseMoney('1.255', 'KWD')).toEqual({ minor: 1255 });
    expect(parseMoney('1.2555', 'KWD')).toEqual({ error: 'KWD has 3 decimals at most.' });
    expect(parseMoney('12.5.1', 'EUR')).toHaveProperty('error');
  });

  it('totals an invoice: tax per rate on the sum of that rate’s lines', () => {
    // 3 × €150.00 at 19 % = €450.00; 1 × €99.99 at 7 %; 0.5 × €80.00 at 0 % = €40.00
    const t = invoiceTotals(
      [
        { unitMinor: 15000, quantityMilli: 3000, taxRateBp: 1900 },
        { unitMinor: 9999, quantityMilli: 1000, taxRateBp: 700 },
        { unitMinor: 8000, quantityMilli: 500, taxRateBp: 0 },
      ],
      'EUR',
    );
    expect(t.lineAmounts).toEqual([45000, 9999, 4000]);
    // 19 % of €450.00 = €85.50; 7 % of €99.99 = €6.9993 → €7.00
    expect(t.taxSummary).toEqual([
      { taxRateBp: 0, netMinor: 4000, taxMinor: 0 },
      { taxRateBp: 700, netMinor: 9999, taxMinor: 700 },
      { taxRateBp: 1900, netMinor: 45000, taxMinor: 8550 },
    ]);
    // net €589.99 + tax €92.50 = €682.49
    expect([t.netMinor, t.taxMinor, t.totalMinor]).toEqual([58999, 9250, 68249]);

    // Per-rate rounding, not per line: two lines of ¥333 at 10 % are ¥66.6 of tax → ¥67 (per line it would be ¥33 + ¥33 = ¥66).
    const yen = invoiceTotals(
      [
        { unitMinor: 333, quantityMilli: 1000, taxRateBp: 1000 },
        { unitMinor: 333, quantityMilli: 1000, taxRateBp: 1000 },
      ],
      'JPY',
    );
    expect([yen.netMinor, yen.taxMinor, yen.totalMinor]).toEqual([666, 67, 733]);

    // KWD 12.345 × 0.333 = 4.111 at 5 % = 0.206: total 4.317
    const kwd = invoiceTotals([{ unitMinor: 12345, quantityMilli: 333, taxRateBp: 500 }], 'KWD');
    expect([kwd.netMinor, kwd.taxMinor, kwd.totalMinor]).toEqual([4111, 206, 4317]);
  });
});
