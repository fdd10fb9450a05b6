import { describe, expect, it } from 'vitest';
import { comparePositions, positionBetween, positionsAfter } from './positions.js';

describe('positions', () => {
  it('places a key between two neighbours, so a move writes one row', () => {
    const [a, b] = positionsAfter(null, 2);
    const mid = positionBetween(a, b);
    expect(comparePositions(a, mid)).toBe(-1);
    expect(comparePositions(mid, b)).toBe(-1);
  });
  it('keeps order through many inserts at the same spot', () => {
    let lo: string | null = null;
    const hi = positionBetween(null, null);
    const keys: string[] = [];
    for (let i = 0; i < 200; i++) {
      const k = positionBetween(lo, hi);
      keys.push(k);
      lo = k;
    }
    const sorted = [...keys].sort(comparePositions);
    expect(sorted).toEqual(keys);
    expect(keys.every((k) => k < hi)).toBe(true);
  });
  it('appends at the end and prepends at the start', () => {
    const first = positionBetween(null, null);
    expect(positionBetween(first, null) > first).toBe(true);
    expect(positionBetween(null, first) < first).toBe(true);
  });
  it('recovers from neighbours out of order by placing after the first', () => {
    const [a, b] = positionsAfter(null, 2);
    expect(positionBetween(b, a) > b).toBe(true);
  });
});
