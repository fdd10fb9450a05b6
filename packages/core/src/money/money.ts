import { add, allocate, type Dinero, type DineroCurrency, dinero, halfAwayFromZero, multiply, toDecimal, toSnapshot, transformScale } from 'dinero.js/bigint';
import * as iso from 'dinero.js/bigint/currencies';

/**
 * Money in Carriage is an integer count of a currency's minor unit (cents for EUR, yen for JPY, fils for
 * KWD: ISO 4217 exponents 2, 0 and 3), never a float. Arithmetic, allocation, rounding and formatting go
 * through dinero.js (bigint amounts, so a quantity times a price times a tax rate never overflows), and
 * every result that is stored or printed is rounded back to the currency's exponent, half away from
 * zero, so a credit note rounds exactly as its invoice did.
 */

export type Money = Dinero<bigint>;

const byCode = new Map<string, DineroCurrency<bigint>>();
for (const c of Object.values(iso) as DineroCurrency<bigint>[]) {
  // Dinero models MGA and MRU in base 5; ISO 4217 and every invoice write them with two decimals.
  byCode.set(c.code, c.base === 10n ? c : { code: c.code, base: 10n, exponent: 2n });
}

/** Whether a code is an ISO 4217 currency. */
export function isIsoCurrency(code: string): boolean {
  return byCode.has(code.toUpperCase());
}

/** The currency of a code; a code outside ISO 4217 (only old data can have one) counts in hundredths. */
function currencyOf(code: string): DineroCurrency<bigint> {
  const upper = code.toUpperCase();
  return byCode.get(upper) ?? { code: upper, base: 10n, exponent: 2n };
}

/** The number of decimals of a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(code: string): number {
  return Number(currencyOf(code).exponent);
}

/** A Dinero object of `minor` units; `scale` only for amounts kept at a finer scale than the currency's. */
export function money(minor: number, currency: string, scale?: number): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`An amount in minor units must be a whole number, not ${minor}.`);
  const c = currencyOf(currency);
  return dinero({ amount: BigInt(minor), currency: c, scale: scale === undefined ? c.exponent : BigInt(scale) });
}

/** The amount in the currency's minor units, rounded half away from zero when it is finer. */
export function minorOf(m: Money): number {
  const { currency } = toSnapshot(m);
  return Number(toSnapshot(transformScale(m, currency.exponent, halfAwayFromZero)).amount);
}

/** The exact decimal text of an amount ("1500.00", "15000", "1.255"). */
export function decimalOf(minor: number, currency: string, scale?: number): string {
  return toDecimal(money(minor, currency, scale));
}

/** Sums amounts of one currency (0 for none). */
export function sumMinor(amounts: readonly number[], currency: string): number {
  return minorOf(amounts.reduce((acc, a) => add(acc, money(a, currency)), money(0, currency)));
}

/** Thousandths of a unit: quantities carry three decimals (0.75 hours is 750). */
export const QUANTITY_SCALE = 3;
/** Tax rates are kept in basis points: 19 % is 1900, 7.7 % is 770. */
export const TAX_RATE_SCALE = 4;

/** A line's amount: unit price × quantity, rounded to the currency's minor unit. */
export function lineAmountMinor(unitMinor: number, quantityMilli: number, currency: string): number {
  return minorOf(multiply(money(unitMinor, currency), { amount: BigInt(quantityMilli), scale: BigInt(QUANTITY_SCALE) }));
}

/** The tax on a net amount at a rate in basis points, rounded to the currency's minor unit. */
export function taxMinor(netMinor: number, rateBp: number, currency: string): number {
  return minorOf(multiply(money(netMinor, currency), { amount: BigInt(rateBp), scale: BigInt(TAX_RATE_SCALE) }));
}

/**
 * Splits an amount by ratios so the parts add up to it exactly (1,000.00 in three equal parts is 333.34,
 * 333.33, 333.33: the remainder goes to the first parts).
 */
export function allocateMinor(totalMinor: number, ratios: readonly number[], currency: string): number[] {
  if (ratios.length === 0) return [];
  return allocate(
    money(totalMinor, currency),
    ratios.map((r) => BigInt(r)),
  ).map(minorOf);
}

/**
 * An amount as people read it, in the currency's own decimals: "€1,500.00", "¥15,000", "KWD 1.255".
 * The decimal text is handed to Intl as a string, so no amount passes through a float.
 */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
  const exponent = currencyExponent(currency);
  const text = decimalOf(minor, currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    currencyDisplay: 'symbol',
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // ES2023 Intl formats decimal strings exactly; the lib typings only know number and bigint.
  return format.format(text as unknown as number);
}

/** An amount with its code after it, for contracts: "1,500.00 EUR", "15,000 JPY". */
export function formatAmountWithCode(minor: number, currency: string, scale?: number): string {
  const text = decimalOf(minor, currency, scale);
  const [whole, fraction] = text.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${text.startsWith('-') ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''} ${currency.toUpperCase()}`;
}

/**
 * Reads an amount typed in major units ("1500", "1,500.50", "0.125") as minor units of the currency, or
 * says why it can't: more decimals than the currency has are refused, never rounded away.
 */
export function parseMoney(text: string, currency: string): { minor: number } | { error: string } {
  const exponent = currencyExponent(currency);
  const s = text.trim().replace(/[\s,_']/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { error: 'Give the amount as a number, like 1500 or 1500.50.' };
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    const code = currency.toUpperCase();
    return { error: exponent === 0 ? `${code} has no decimals: give a whole amount.` : `${code} has ${exponent} decimals at most.` };
  }
  const digits = `${m[2] || '0'}${fraction.padEnd(exponent, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { error: 'That amount is too large.' };
  const minor = Number(digits);
  return { minor: m[1] === '-' ? -minor : minor };
}

/** An amount in minor units as the decimal text a person would type back ("1500.5" → "1500.50"). */
export function inputTextOf(minor: number, currency: string): string {
  return decimalOf(minor, currency);
}
