import { errorBodySchema } from '@carriage/core';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './access.js';

/**
 * The API document served at /api/openapi.json, generated from the routes' zod schemas.
 *
 * Routes declare their successful answers and the errors only they give (409, 410…). The errors every
 * route of a kind can give are added here from what the route is, so none is forgotten:
 * - 400: any route (a NUL character in the address or query, malformed input, invalid fields);
 * - 401: any route (an API token that is not valid is refused everywhere; others need a login);
 * - 403: engagement routes (the role may not), and every write (a session cookie without its CSRF token);
 * - 404: routes with an id in the address (unknown, or not yours: the API never says which);
 * - 413, 415: routes that read a body (too large; not JSON);
 * - 429: routes with a rate limit.
 * Each operation gets an operationId from its method and path unless it names one.
 */

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What each error status means, as the document says it. */
export const errorDescriptions: Record<number, string> = {
  400: 'The input is not valid; `error.message` says what to change and `error.fields` names each field.',
  401: 'Not logged in, or the API token is not valid or was revoked.',
  403: 'Your role in the engagement may not do this, or a session cookie was sent without its CSRF token.',
  404: 'Not found, or not yours to see (the API does not say which).',
  409: 'The change conflicts with the current state (a newer version, a WIP limit, a state that does not allow it); the message says which.',
  410: 'The link expired or was already used.',
  413: 'The request body is too large.',
  415: 'The request body is not of a type this route reads (send application/json).',
  429: 'Too many attempts; wait a few minutes and try again.',
};

const successDescriptions: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'Done; no content',
  304: 'Not modified: the version named in If-None-Match is current',
};

type ResponseMap = Record<string, unknown>;

/** An error answer in the one error shape, with what the status means. */
export function errorAnswer(status: number, description = errorDescriptions[status] ?? 'An error.') {
  return { description, content: { 'application/json': { schema: errorBodySchema } } };
}

/** A file answer (PDF, CSV, iCalendar, Markdown): the media types it may come as. */
export function fileAnswer(description: string, ...mediaTypes: string[]) {
  // The handler sends a Buffer or text; the document says what a client receives.
  const schema = (t: string) => z.any().meta(t.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' });
  return { description, content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: schema(t) }])) };
}

/** An answer with no body (such as 304). */
export function emptyAnswer(description: string) {
  return z.null().describe(description);
}

/** The statuses every route of this kind can answer with, besides its own. */
export function standardErrors(route: { method: string; url: string; access?: Access; rateLimited: boolean }): number[] {
  const out = [400, 401];
  if (route.access?.kind === 'engagement' || WRITE_METHODS.has(route.method)) out.push(403);
  if (route.url.includes(':') || route.access?.kind === 'engagement') out.push(404);
  if (BODY_METHODS.has(route.method)) out.push(413, 415);
  if (route.rateLimited) out.push(429);
  return out;
}

/** An operationId from the method and path: GET /api/cards/:id/history → getCardsByIdHistory. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split('-'))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

const isZod = (v: unknown): v is z.ZodType => v instanceof z.ZodType;

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The request body as the document shows it, for a route that reads its body itself (several media
     * types): each media type's zod schema, or null for a file.
     */
    bodyContent?: Record<string, z.ZodType | null>;
  }
}

/** A request body of several media types, as OpenAPI content. */
function documentedBody(content: Record<string, z.ZodType | null>) {
  const media = (s: z.ZodType | null) => {
    if (!s) return { schema: { type: 'string', format: 'binary' } };
    const { $schema: _, ...json } = z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' });
    return { schema: json };
  };
  return { content: Object.fromEntries(Object.entries(content).map(([type, s]) => [type, media(s)])) };
}

/** Drops component schemas nothing refers to (zod's registry holds both the input and output form of each). */
function pruneUnusedSchemas<T extends object>(doc: T): T {
  const components = (doc as { components?: { schemas?: Record<string, unknown> } }).components;
  const schemas = components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
          const name = x.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(x);
      }
    }
  };
  visit({ ...doc, components: { ...components, schemas: {} } });
  return { ...doc, components: { ...components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) } };
}

/** The route's answers as declared, with the standard errors added and every answer described. */
function withAnswers(route: RouteOptions, response: ResponseMap | undefined): ResponseMap {
  const method = Array.isArray(route.method) ? route.method[0] : route.method;
  const access = (route.config as { access?: Access } | undefined)?.access;
  const rateLimited = Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit);
  const out: ResponseMap = {};
  for (const [status, answer] of Object.entries(response ?? {})) {
    const code = Number(status);
    if (!isZod(answer)) out[status] = answer;
    else if (code >= 400) out[status] = errorAnswer(code);
    else if (answer.description || answer instanceof z.ZodNull) out[status] = answer;
    else out[status] = { description: successDescriptions[status] ?? 'OK', content: { 'application/json': { schema: answer } } };
  }
  for (const code of standardErrors({ method, url: route.url, access, rateLimited })) out[code] ??= errorAnswer(code);
  return out;
}

/** Registers @fastify/swagger with the document's rules, the docs UI at /api/docs and the document at /api/openapi.json. */
export async function registerApiDocument(app: FastifyInstance, opts: { publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Carriage API',
        version: '1.0.0',
        description:
          'Coaching engagements: contracts, sessions, a shared Kanban board and flow metrics. Errors always have the shape ' +
          '`{ "error": { "code", "message", "fields"? } }`.',
      },
      servers: [{ url: opts.publicUrl, description: 'This Carriage' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token from Settings.' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'carriage_session', description: 'The web app session; writes also need the X-CSRF-Token header.' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: (input) => {
      const { schema, route } = input;
      if (!schema || schema.hide) return jsonSchemaTransform(input);
      const method = Array.isArray(route.method) ? route.method[0] : route.method;
      const access = (route.config as { access?: Access } | undefined)?.access;
      const { bodyContent, ...declared } = schema;
      const documented = {
        ...declared,
        operationId: (schema as { operationId?: string }).operationId ?? operationIdFor(method, route.url),
        response: withAnswers(route, schema.response as ResponseMap | undefined),
        // Public routes need no credentials (a token, when sent, must still be valid).
        ...(access?.kind === 'public' ? { security: [{}, { bearer: [] }] } : {}),
      };
      const result = jsonSchemaTransform({ ...input, schema: documented });
      return bodyContent ? { ...result, schema: { ...result.schema, body: documentedBody(bodyContent) } } : result;
    },
    transformObject: (input) => pruneUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
