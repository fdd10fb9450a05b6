import { AppError } from '@carriage/core';
import type { FastifyInstance } from 'fastify';

/** The largest request body read at all (Fastify answers 413 past it). */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a JSON body; our deepest schema nests three levels. */
export const MAX_JSON_DEPTH = 16;
/** Most array elements and object fields a JSON body holds in all; the largest contract holds about a thousand. */
export const MAX_JSON_ITEMS = 10_000;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const COMMA = 44;

/**
 * What is wrong with the shape of a JSON text (nested too deeply, too many items), found in one pass
 * that skips over strings and stops at the first excess, before JSON.parse builds anything; null when
 * the shape is fine. Malformed JSON is left for the parser to refuse.
 */
export function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH, maxItems = MAX_JSON_ITEMS): 'depth' | 'items' | null {
  let depth = 0;
  let items = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: the next one not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j === -1) return null;
        let slashes = 0;
        while (text.charCodeAt(j - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = j;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return 'depth';
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    } else if (c === COMMA) {
      // n commas separate n + 1 items.
      if (++items >= maxItems) return 'items';
    }
  }
  return null;
}

// String.prototype.isWellFormed / toWellFormed (Node 20+; newer than the ES2023 library the packages compile against).
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string): string => ((s as WellFormedString).isWellFormed() ? s : (s as WellFormedString).toWellFormed());

/** The value with every lone UTF-16 surrogate, in strings and in keys, replaced by U+FFFD. */
export function withWellFormedText(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(withWellFormedText);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[wellFormed(k)] = withWellFormedText(v);
    return out;
  }
  return value;
}

// Raw UTF-8 that is not valid is already decoded to U+FFFD; a lone surrogate can only arrive as a \u escape.
const surrogateEscape = /\\u[dD][89a-fA-F]/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** More JSON items than MAX_JSON_ITEMS for a route that reads a whole exported document; its bodyLimit still bounds the bytes. */
    maxJsonItems?: number;
  }
}

/**
 * Parses JSON bodies with limits that cost nothing to check: the shape is measured before parsing, so
 * a 2 MB body of nested brackets is refused in microseconds, before any login or access check. Text is
 * made valid Unicode here, once for every route: a lone surrogate (`"\ud800"`, half of an emoji) becomes
 * U+FFFD, as invalid UTF-8 bytes already do, so both engines store and read back the same text.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body as string;
    // A route that reads a whole exported document (a Trello board) allows more items; its bodyLimit bounds the bytes.
    const maxItems = request.routeOptions.config?.maxJsonItems ?? MAX_JSON_ITEMS;
    const problem = jsonShapeProblem(text, MAX_JSON_DEPTH, maxItems);
    if (problem === 'depth') {
      done(
        new AppError(
          'bad_request',
          `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep. Send the flat JSON object the API describes.`,
        ),
        undefined,
      );
      return;
    }
    if (problem === 'items') {
      done(new AppError('bad_request', `The request body holds more than ${maxItems.toLocaleString('en-US')} items. Send fewer at a time.`), undefined);
      return;
    }
    parse(request, text, (err, value) => {
      if (err) done(err, undefined);
      else done(null, surrogateEscape.test(text) ? withWellFormedText(value) : value);
    });
  });
}
