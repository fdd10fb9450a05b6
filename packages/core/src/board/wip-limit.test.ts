import { describe, expect, it } from 'vitest';
import { checkWipLimit, wipCapacity } from './wip-limit.js';

describe('WIP limit', () => {
  const col = { name: 'In Progress', wipLimit: 3 };
  it('lets a card in while the column holds fewer cards than its limit', () => {
    expect(checkWipLimit(col, 2)).toEqual({ ok: true });
  });
  it('refuses the card that would exceed the limit, saying the limit, the count and what to do', () => {
    expect(checkWipLimit(col, 3)).toEqual({
      ok: false,
      limit: 3,
      count: 3,
      message: 'In Progress holds 3 of 3 cards (its WIP limit). Finish or move a card out of In Progress first, or give a reason to go over the limit.',
    });
    expect(checkWipLimit({ name: 'Doing', wipLimit: 1 }, 1).ok).toBe(false);
    expect((checkWipLimit({ name: 'Doing', wipLimit: 1 }, 1) as { message: string }).message).toContain('holds 1 of 1 card (its WIP limit)');
  });
  it('ignores columns without a limit and cards already in the column', () => {
    expect(checkWipLimit({ name: 'To Do', wipLimit: null }, 500)).toEqual({ ok: true });
    expect(checkWipLimit(col, 3, true)).toEqual({ ok: true });
  });
  it('reports remaining capacity', () => {
    expect(wipCapacity(col, 1)).toBe(2);
    expect(wipCapacity(col, 5)).toBe(0);
    expect(wipCapacity({ name: 'x', wipLimit: null }, 5)).toBeNull();
  });
});
