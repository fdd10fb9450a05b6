import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSentence, sentenceFor } from './validation-messages.js';

describe('validation messages', () => {
  it('takes none of zod’s built-in messages for a sentence, even one that ends in a quote', () => {
    const defaults = [
      z.enum(['json', 'md', 'pdf']).safeParse('xml'),
      z.enum(['true', 'false']).safeParse('maybe'),
      z.string().safeParse(5),
      z.number().max(3).safeParse(9),
      z.object({ a: z.string() }).strict().safeParse({ a: 'x', b: 1 }),
    ].map((r) => r.error?.issues[0]?.message ?? '');
    expect(defaults[0]).toBe('Invalid option: expected one of "json"|"md"|"pdf"');
    for (const m of defaults) expect(isSentence(m), m).toBe(false);
    expect(isSentence('Use a date in the form YYYY-MM-DD.')).toBe(true);
    expect(isSentence('Choose “Save”.')).toBe(true);
  });

  it('rewrites a wrong option into a sentence that names the field and the options', () => {
    const issue = {
      keyword: 'invalid_value',
      instancePath: '/format',
      message: 'Invalid option: expected one of "json"|"md"|"pdf"',
      params: { values: ['json', 'md', 'pdf'] },
    };
    expect(sentenceFor(issue, 'querystring')).toBe('The query parameter format must be one of "json", "md", "pdf".');
  });
});
