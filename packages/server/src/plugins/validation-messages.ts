/**
 * Zod's built-in messages ("Invalid input: expected string, received number") are written for
 * developers. Our own schema messages are already sentences; the built-in ones are rewritten here
 * into a sentence that names the field, says what it should be, and what was sent instead.
 */

/** One validation issue as fastify-type-provider-zod reports it. */
export interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Where the invalid value was: the JSON body, the query string or the address. */
export type InputPart = 'body' | 'querystring' | 'params' | string | undefined;

const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  nan: 'not a number',
  NaN: 'not a number',
  Infinity: 'an infinite number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  date: 'a date',
  bigint: 'a whole number',
};
const kind = (k: unknown) => (typeof k === 'string' ? (kinds[k] ?? k) : 'something else');

/** The start of zod's built-in messages ("Invalid option: expected one of …", "Too small: …"). */
const zodDefault = /^(Invalid (input|option|string|number|key|element|union|type|format|date)|Too (small|big)|Unrecognized keys?|Expected [a-z])/;

/**
 * Our own messages are complete sentences: a capital (or digit or opening quote) first, a full stop,
 * question or exclamation mark last (a closing quote or bracket may follow it). zod's defaults are not,
 * even those that happen to end in a quote (`Invalid option: expected one of "true"|"false"`).
 */
export function isSentence(message: string): boolean {
  const m = message.trim();
  return /^[\p{Lu}\d“"‘'(]/u.test(m) && /[.!?][)”"’]?$/.test(m) && !zodDefault.test(m);
}

/** The dotted path of an issue ("rate.amount", "deliverables.0.description"), or "_" for the whole input. */
export function issuePath(v: ValidationIssue): string {
  return (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || '_';
}

function subject(path: string, part: InputPart): string {
  if (path === '_') return part === 'querystring' ? 'The query string' : part === 'params' ? 'The address' : 'The request body';
  if (part === 'querystring') return `The query parameter ${path}`;
  if (part === 'params') return `The :${path} part of the address`;
  return `The field ${path}`;
}

function bound(p: Record<string, unknown>, which: 'minimum' | 'maximum'): string {
  const n = p[which];
  const value = typeof n === 'bigint' || typeof n === 'number' ? n.toLocaleString('en-US') : String(n);
  const inclusive = p.inclusive !== false;
  const word = which === 'minimum' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  if (p.origin === 'string') return `${word} ${value} characters long`;
  if (p.origin === 'array' || p.origin === 'set') return `${word} ${value} items`;
  return `${word} ${value}`;
}

/** A sentence a person can act on for one validation issue. */
export function sentenceFor(v: ValidationIssue, part: InputPart): string {
  const message = (v.message ?? '').trim();
  if (message && isSentence(message)) return message;
  const path = issuePath(v);
  const who = subject(path, part);
  const p = v.params ?? {};
  switch (v.keyword) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(message)?.[1];
      if (received === 'undefined') return path === '_' ? `${who} is missing; send a JSON object.` : `${who} is required.`;
      return `${who} must be ${kind(p.expected)}${received ? `, not ${kind(received)}` : ''}.`;
    }
    case 'too_small':
      if (p.origin === 'string' && p.minimum === 1) return `${who} can’t be empty.`;
      return `${who} must be ${bound(p, 'minimum')}.`;
    case 'too_big':
      return `${who} must be ${bound(p, 'maximum')}.`;
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values.map((x) => JSON.stringify(x)) : [];
      return values.length ? `${who} must be one of ${values.join(', ')}.` : `${who} has a value that isn’t allowed.`;
    }
    case 'invalid_format':
      if (p.format === 'email') return `${who} must be an email address, like name@example.com.`;
      if (p.format === 'datetime') return `${who} must be a date and time in ISO 8601 form with an offset, e.g. 2026-03-01T09:00:00+01:00.`;
      if (p.format === 'url') return `${who} must be a web address starting with https://.`;
      return `${who} is not in the expected format.`;
    case 'not_multiple_of':
      return `${who} must be a multiple of ${String(p.divisor)}.`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? p.keys.join(', ') : 'some fields';
      return `${who} has fields this request doesn’t take (${keys}); remove them.`;
    }
    case 'invalid_union':
      return `${who} doesn’t match any of the accepted forms.`;
    case 'invalid_key':
    case 'invalid_element':
      return `${who} contains a value that isn’t valid.`;
    default:
      return `${who} is not valid.`;
  }
}
