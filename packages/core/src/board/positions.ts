import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Order within a column is kept with sortable string keys: a card placed between two others gets a
 * key between theirs, so a move writes one row.
 */
export function positionBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after) {
    // Neighbours out of order (a concurrent move): place after `before`.
    return generateKeyBetween(before, null);
  }
  return generateKeyBetween(before, after);
}

/** n keys in order after `after` (null for the start of an empty list). */
export function positionsAfter(after: string | null, n: number): string[] {
  return generateNKeysBetween(after, null, n);
}

/** Compares two position keys the way the database orders them (plain code-unit order). */
export function comparePositions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
