import { currencyExponent } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { NeutralMigration } from './index.js';

/**
 * Rates and quotes stored their amount as a float of major units (1500.5 for €1,500.50). They become
 * integer minor units of their currency (`amountMinor`: 150050 cents; ¥15,000 is 15000; KWD 1.250 is
 * 1250). Amounts had at most two decimals, so each converts exactly; the rare one with more decimals
 * than its currency has (a yen rate of 15000.50) keeps them as `amountMinor` 1500050 with `scale` 2
 * instead of being rounded, because a signed contract's text (and its hash) must not change. Written as
 * plain reads and updates of the JSON text, so it runs the same on both engines.
 */
export function toMinorUnits(amount: number, currency: string): { amountMinor: number; scale?: number } {
  const exponent = currencyExponent(currency);
  // Two decimals were the most ever accepted; round away the float's binary noise at that precision first.
  const cents = Math.round(amount * 100);
  if (exponent >= 2) return { amountMinor: cents * 10 ** (exponent - 2) };
  const divisor = 10 ** (2 - exponent);
  if (cents % divisor === 0) return { amountMinor: cents / divisor };
  return { amountMinor: cents, scale: 2 };
}

type Money = { amount?: unknown; amountMinor?: unknown; currency?: unknown; scale?: number };

function convert<T extends Money>(m: T): Omit<T, 'amount'> & { amountMinor: number | null } {
  const { amount, ...rest } = m;
  if (typeof rest.amountMinor === 'number') return rest as Omit<T, 'amount'> & { amountMinor: number };
  const currency = typeof rest.currency === 'string' ? rest.currency : 'EUR';
  if (typeof amount !== 'number') return { ...rest, amountMinor: null };
  return { ...rest, ...toMinorUnits(amount, currency) };
}

export const ratesInMinorUnits: NeutralMigration = {
  async up(db: Kysely<any>) {
    const contracts = (await db.selectFrom('contracts').select(['id', 'content']).execute()) as { id: string; content: string }[];
    for (const row of contracts) {
      const content = JSON.parse(row.content) as { rate?: (Money & { instalments?: unknown }) | null };
      if (!content.rate) continue;
      content.rate = { ...convert(content.rate), instalments: content.rate.instalments ?? null };
      await db
        .updateTable('contracts')
        .set({ content: JSON.stringify(content) })
        .where('id', '=', row.id)
        .execute();
    }
    const visions = (await db.selectFrom('vision_documents').select(['engagement_id', 'quote']).where('quote', 'is not', null).execute()) as {
      engagement_id: string;
      quote: string;
    }[];
    for (const row of visions) {
      const quote = JSON.parse(row.quote) as Money | null;
      if (!quote) continue;
      await db
        .updateTable('vision_documents')
        .set({ quote: JSON.stringify(convert(quote)) })
        .where('engagement_id', '=', row.engagement_id)
        .execute();
    }
  },
};
