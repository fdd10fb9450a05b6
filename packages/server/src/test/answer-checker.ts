import zlib from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { SentAnswer } from '../app.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2020) => Ajv2020;

interface MediaObject {
  schema?: unknown;
}
interface ResponseObject {
  description: string;
  content?: Record<string, MediaObject>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
/** The parts of the OpenAPI document the checker reads. */
export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/** A compressed body as the client reads it. */
function decoded(body: string | Buffer, encoding: string): string | Buffer {
  if (!encoding || encoding === 'identity' || typeof body === 'string') return body;
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  if (encoding === 'deflate') return zlib.inflateSync(body);
  return body;
}

/** /api/cards/:id/move → /api/cards/{id}/move, the document's form of a route's path. */
export const documentPath = (route: string) => route.replace(/:(\w+)/g, '{$1}');

const rewriteRefs = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(rewriteRefs);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' && x.startsWith('#/') ? `carriage${x}` : rewriteRefs(x)]),
  );
};

/**
 * Checks real answers against the API document: the route is documented, the status is one of its
 * documented responses, the media type is one the response lists (or there is no body where none is
 * documented), and a JSON body validates against the response's schema (with ajv, the document's
 * components included). Mismatches are collected, not thrown, so one run reports them all.
 */
export class AnswerChecker {
  readonly mismatches: string[] = [];
  /** "METHOD /path status" of every documented answer seen. */
  readonly seen = new Set<string>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly doc: ApiDocument) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ $id: 'carriage', components: doc.components ?? {} });
  }

  /** Every operation of the document, as "METHOD /path". */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
  }

  check(a: SentAnswer): void {
    if (!a.route?.startsWith('/api/') || a.hidden || a.method === 'HEAD' || a.route.startsWith('/api/docs')) return;
    const where = `${a.method} ${documentPath(a.route)} ${a.status}`;
    const problem = this.problemWith(a, where);
    if (problem && !this.mismatches.includes(`${where}: ${problem}`)) this.mismatches.push(`${where}: ${problem}`);
  }

  /** Why an answer differs from the document, or null when it matches. */
  private problemWith(a: SentAnswer, where: string): string | null {
    const path = documentPath(a.route ?? '');
    const op = this.doc.paths[path]?.[a.method.toLowerCase()];
    if (!op) return 'the route is not in the document';
    const response = op.responses[String(a.status)] ?? op.responses[`${String(a.status)[0]}XX`] ?? op.responses.default;
    if (!response) return `the status is not documented (documented: ${Object.keys(op.responses).join(', ')})`;
    this.seen.add(where);
    const body = a.payload === undefined || a.payload === null ? '' : Buffer.isBuffer(a.payload) ? a.payload : String(a.payload);
    const mediaType = a.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!response.content || Object.keys(response.content).length === 0) {
      return body.length > 0 ? `a body (${mediaType || 'no type'}) where the document has none` : null;
    }
    const media = response.content[mediaType];
    if (!media) return `the media type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(response.content).join(', ')})`;
    if (mediaType !== 'application/json' || !media.schema) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoded(body, a.contentEncoding).toString());
    } catch {
      return 'the body is not JSON';
    }
    const key = `${a.method} ${path} ${a.status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(media.schema) as object);
      this.validators.set(key, validate);
    }
    if (validate(parsed)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    return `the body does not match the documented schema: ${errors.join('; ')}`;
  }
}
