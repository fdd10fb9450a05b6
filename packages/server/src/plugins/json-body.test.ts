import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_ITEMS, withWellFormedText } from './json-body.js';

describe('the shape of a JSON body, measured before parsing', () => {
  it('counts nesting and items outside strings only', () => {
    expect(jsonShapeProblem('{"a":[1,2,{"b":[3]}]}')).toBeNull();
    expect(jsonShapeProblem(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeNull();
    expect(jsonShapeProblem(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toBe('depth');
    expect(jsonShapeProblem('{"a":'.repeat(MAX_JSON_DEPTH + 1))).toBe('depth');
    // Brackets and commas inside text are text, whatever the escapes around them.
    expect(jsonShapeProblem(JSON.stringify({ title: '['.repeat(10_000) + ','.repeat(20_000) }))).toBeNull();
    expect(jsonShapeProblem(JSON.stringify({ a: 'quote \\" then [[[[', b: 'ends in a backslash \\', c: '"[[[' }))).toBeNull();
    expect(jsonShapeProblem(`[${'0,'.repeat(MAX_JSON_ITEMS)}0]`)).toBe('items');
    expect(jsonShapeProblem(`[${'0,'.repeat(MAX_JSON_ITEMS - 1)}0]`)).toBeNull();
    // Malformed text is the parser's to refuse.
    expect(jsonShapeProblem('{"unclosed')).toBeNull();
  });

  it('refuses 2 MB of nested brackets at once, long before JSON.parse would, and reads 2 MB of text quickly', () => {
    // Best of three, as the machine may be busy with other work.
    const fastest = (fn: () => unknown) =>
      Math.min(
        ...[1, 2, 3].map(() => {
          const started = performance.now();
          fn();
          return performance.now() - started;
        }),
      );
    const nested = '['.repeat(2 * 1024 * 1024);
    expect(jsonShapeProblem(nested)).toBe('depth');
    const parsing = fastest(() => {
      try {
        JSON.parse(nested);
      } catch {}
    });
    expect(fastest(() => jsonShapeProblem(nested))).toBeLessThan(Math.max(1, parsing / 20));
    const text = JSON.stringify({ notes: 'A line of notes, with "quotes" and [brackets].\n'.repeat(40_000) });
    expect(jsonShapeProblem(text)).toBeNull();
    expect(fastest(() => jsonShapeProblem(text))).toBeLessThan(50);
  });
});

describe('text made valid Unicode', () => {
  it('replaces lone surrogates in strings and keys, and keeps pairs', () => {
    expect(withWellFormedText({ title: 'bad \ud800 title', 'k\udfff': ['😀', 'half \ud83d'], n: 1, none: null })).toEqual({
      title: 'bad \ufffd title',
      'k\ufffd': ['😀', 'half \ufffd'],
      n: 1,
      none: null,
    });
  });
});
