import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../test/harness.js';
import { type Answer, fieldTargets, genericFields, hostileValues, problemWith, shapeOf, withValue } from '../test/hostile-input.js';
import {
  BODY_METHODS,
  boardColumns,
  bodySchemaOf,
  currentBase,
  fillUrl,
  isStream,
  json,
  keepLoggedIn,
  paramNames,
  prepare,
  querySchemaOf,
  send,
  type Target,
} from '../test/route-targets.js';
import { buildWorld } from '../test/world.js';

/**
 * Generated from the route table: every route, as its most privileged caller with a real resource,
 * gets malformed JSON, bodies of the wrong kind, wrong types and hostile text in every declared field,
 * unknown and hostile ids in the address, and bad query strings. None may answer 5xx; every 4xx has
 * the one error shape with a sentence; afterwards the engagement's pages still load.
 */

const hostileIds: { label: string; value: string }[] = [
  { label: 'unknown id', value: 'no-such-id-7f3a9c' },
  { label: 'just over the id length', value: 'a'.repeat(65) },
  { label: '5,000 characters', value: 'a'.repeat(5000) },
  { label: 'unicode', value: encodeURIComponent('ünïcødé-😀') },
  { label: 'path traversal', value: '..%2F..%2Fetc%2Fpasswd' },
  { label: 'NUL byte', value: '%00' },
  { label: 'SQL', value: encodeURIComponent("1' OR '1'='1") },
  { label: 'broken percent-encoding', value: '%E0%A4%A' },
  { label: 'negative number', value: '-1' },
];

const hostileQueryValues = ['', 'abc', '-1', '1e309', '99999999999999999999', 'x'.repeat(10_000), '%00', '..%2F..%2F', '%F0%9F%98%80'];

const rawBodies: { label: string; payload: string; contentType?: string }[] = [
  { label: 'malformed JSON', payload: '{"title": "unclosed' },
  { label: 'JSON array', payload: '[]' },
  { label: 'JSON array of objects', payload: '[{"title":"x"}]' },
  { label: 'JSON string', payload: '"just a string"' },
  { label: 'JSON number', payload: '42' },
  { label: 'JSON null', payload: 'null' },
  { label: 'JSON true', payload: 'true' },
  { label: 'empty object', payload: '{}' },
  { label: 'number beyond double', payload: '{"version": 1e400, "days": 1e400, "amount": -1e400}' },
  { label: '__proto__ key', payload: '{"__proto__": {"isAdmin": true}}' },
  { label: 'constructor.prototype key', payload: '{"constructor": {"prototype": {"isAdmin": true}}}' },
  { label: 'plain text', payload: 'hello', contentType: 'text/plain' },
  { label: 'form encoded', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { label: 'a PDF where JSON belongs', payload: '%PDF-1.4 not really', contentType: 'application/pdf' },
  { label: 'empty body with JSON type', payload: '' },
  { label: '3 MB body', payload: JSON.stringify({ title: 'x'.repeat(3 * 1024 * 1024) }) },
  { label: 'arrays nested 100 deep in a field', payload: `{"title":${'['.repeat(100)}${']'.repeat(100)}}` },
  { label: 'a lone surrogate in a key', payload: '{"ti\\ud800tle":"x","title":"\\udfff"}' },
];

/** Reads the engagement and the attacked resource back: nothing may be half-written. */
async function afterwards(app: FastifyInstance, t: Target, failures: string[]): Promise<number> {
  if (t.route.access?.kind !== 'engagement') return 0;
  const reads = app.routeTable.filter(
    (r) =>
      r.method === 'GET' &&
      !isStream(r) &&
      !r.url.endsWith('.pdf') &&
      r.access?.kind === 'engagement' &&
      paramNames(r.url).length === 1 &&
      (r.access.resource === 'engagement' || r.access.resource === (t.route.access as { resource: string }).resource),
  );
  for (const r of reads) {
    const access = r.access as { resource: string; param?: string };
    const value = access.resource === 'engagement' ? t.w.engagementId : (t.id as string);
    const res = await t.w.coach.get(fillUrl(r.url, { [access.param ?? 'id']: value }));
    const deleted = t.route.method === 'DELETE' && access.resource !== 'engagement';
    const primary = /^\/api\/[\w-]+\/:id$/.test(r.url);
    if (res.statusCode >= 500 || (primary && res.statusCode !== 200 && !(deleted && res.statusCode === 404)))
      failures.push(`after ${t.route.method} ${t.route.url}: GET ${r.url} answers ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  return reads.length;
}

describeEachEngine('bad input', (ctx) => {
  it('no route answers hostile input with a 5xx, and every refusal is one error with a sentence', async () => {
    const { app } = ctx();
    const failures: string[] = [];
    let requests = 0;
    const check = (t: Target, what: string, res: Answer, mustRefuse = false) => {
      requests += 1;
      const problem = problemWith(res) ?? (mustRefuse && res.statusCode < 400 ? `accepted with ${res.statusCode}` : null);
      if (problem) failures.push(`${t.route.method} ${t.route.url} with ${what}: ${problem}`);
    };

    for (const route of app.routeTable) {
      const t = await prepare(app, route, failures);
      const url = fillUrl(route.url, t.params);
      const withBody = BODY_METHODS.has(route.method);
      const baseBody = withBody ? json(t.base) : undefined;

      // Unknown and hostile ids in each parameter of the address.
      for (const name of paramNames(route.url)) {
        for (const h of hostileIds) {
          const res = await send(app, t, fillUrl(route.url, { ...t.params, [name]: h.value }), baseBody);
          check(t, `${h.label} as :${name}`, res, true);
        }
      }

      // Unknown query parameters, and bad values for the declared ones.
      check(t, 'unknown query parameters', await send(app, t, `${url}?zzz=1&__proto__[x]=1&constructor[prototype][y]=2`, baseBody));
      for (const key of Object.keys(shapeOf(querySchemaOf(route)) ?? {})) {
        for (const v of hostileQueryValues) check(t, `?${key}=${v.slice(0, 20)}`, await send(app, t, `${url}?${key}=${v}`, baseBody));
        check(t, `?${key} twice`, await send(app, t, `${url}?${key}=1&${key}=2`, baseBody));
        check(t, `?${key}[] as an array`, await send(app, t, `${url}?${key}[]=1`, baseBody));
      }

      if (withBody) {
        for (const raw of rawBodies) check(t, raw.label, await send(app, t, url, raw));
        const schema = bodySchemaOf(route);
        if (schema) {
          for (const target of fieldTargets(schema)) {
            for (const h of hostileValues(target.kind)) {
              const body = withValue(await currentBase(t), target.path, h.value, schema);
              check(t, `${target.path.join('.')} = ${h.label}`, await send(app, t, url, json(body)));
            }
          }
        } else {
          // No declared body: every common field name at once, per hostile value.
          for (const h of hostileValues('any')) {
            const body = Object.fromEntries(genericFields.map((f) => [f, h.value]));
            check(t, `every common field = ${h.label}`, await send(app, t, url, json(body)));
          }
        }
      }
      await keepLoggedIn(app, t);
      requests += await afterwards(app, t, failures);
    }
    // Printed for the record: how much was thrown at the API.
    console.info(`bad input [${ctx().engine}]: ${requests} requests over ${app.routeTable.length} routes`);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(app.routeTable.length * 10);
  }, 300_000);

  it('hostile credentials and headers are refused with a sentence', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Hostile headers');
    const url = `/api/engagements/${w.engagementId}/board`;
    const headerSets: Record<string, string>[] = [
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${'x'.repeat(10_000)}` },
      { authorization: 'Bearer ünïcødé' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { cookie: `carriage_session=${'x'.repeat(4000)}` },
      { cookie: 'carriage_session' },
      { cookie: 'carriage_session=%E0%A4%A; carriage_csrf=' },
      { 'if-none-match': 'W/"'.repeat(2000) },
      { 'content-type': 'application/json; charset=utf-16' },
      { accept: 'text/event-stream' },
    ];
    const failures: string[] = [];
    for (const headers of headerSets) {
      for (const [method, target] of [
        ['GET', url],
        ['POST', `/api/engagements/${w.engagementId}/columns`],
        ['GET', '/api/auth/me'],
      ] as const) {
        const res = await app.inject({ method, url: target, headers, ...(method === 'POST' ? { payload: '{"name":"x","kind":"todo"}' } : {}) });
        const problem = problemWith(res);
        if (problem) failures.push(`${method} ${target} with ${JSON.stringify(headers).slice(0, 80)}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('arbitrary bodies for card create and move, contract create and engagement create never break anything', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Property bodies');
    const columns = await boardColumns(w);
    const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: columns[0]?.id, title: 'Property card' });
    const cardId = card.json().id as string;
    const anyOr = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.jsonValue());
    const columnId = anyOr(fc.constantFrom(...columns.map((c) => c.id), 'no-such-column'));
    const text = anyOr(fc.string({ maxLength: 300 }));
    const date = anyOr(fc.constantFrom('2030-01-15', '2030-02-30', '15/01/2030', ''));
    const cases: { name: string; url: string; body: fc.Arbitrary<Record<string, unknown>> }[] = [
      {
        name: 'card create',
        url: `/api/engagements/${w.engagementId}/cards`,
        body: fc.record(
          {
            columnId,
            type: anyOr(fc.constantFrom('goal', 'task', 'event')),
            title: text,
            description: text,
            dueOn: date,
            ownerId: anyOr(fc.constantFrom(w.coachee.user?.id as string, 'nobody')),
            labels: anyOr(fc.array(fc.string({ maxLength: 50 }), { maxLength: 30 })),
            definitionOfDone: anyOr(fc.array(fc.record({ text: fc.string(), done: fc.boolean() }), { maxLength: 60 })),
            overrideReason: text,
          },
          { requiredKeys: [] },
        ),
      },
      {
        name: 'card move',
        url: `/api/cards/${cardId}/move`,
        body: fc.record(
          {
            columnId,
            version: anyOr(fc.integer({ min: -5, max: 2 ** 40 })),
            beforeCardId: anyOr(fc.constant(cardId)),
            afterCardId: anyOr(fc.constant(cardId)),
            overrideReason: text,
          },
          { requiredKeys: [] },
        ),
      },
      {
        name: 'contract create',
        url: `/api/engagements/${w.engagementId}/contracts`,
        body: fc.record(
          {
            template: anyOr(fc.constantFrom('individual', 'organization')),
            fromVision: anyOr(fc.boolean()),
            title: text,
            startsOn: date,
            endsOn: date,
            rate: anyOr(
              fc.record({
                amountMinor: anyOr(fc.oneof(fc.double(), fc.integer())),
                currency: anyOr(fc.constantFrom('EUR', 'USD', 'eur')),
                unit: anyOr(fc.constantFrom('per_hour', 'fixed')),
              }),
            ),
            deliverables: anyOr(fc.array(fc.record({ description: text, dueOn: date }), { maxLength: 5 })),
            signers: anyOr(fc.array(fc.record({ userId: anyOr(fc.constant(w.sponsor.user?.id as string)) }), { maxLength: 3 })),
          },
          { requiredKeys: [] },
        ),
      },
      {
        name: 'engagement create',
        url: '/api/engagements',
        body: fc.record(
          {
            title: text,
            clientType: anyOr(fc.constantFrom('individual', 'organization')),
            organizationName: text,
            startsOn: date,
            endsOn: date,
            coachee: anyOr(fc.record({ email: anyOr(fc.emailAddress()), name: text })),
            sponsors: anyOr(fc.array(fc.record({ email: anyOr(fc.emailAddress()) }), { maxLength: 3 })),
          },
          { requiredKeys: [] },
        ),
      },
    ];
    for (const c of cases) {
      await fc.assert(
        fc.asyncProperty(c.body, async (body) => {
          const res = await w.coach.post(c.url, body);
          const problem = problemWith(res);
          if (problem) throw new Error(`${c.name} with ${JSON.stringify(body).slice(0, 300)}: ${problem}`);
        }),
        { numRuns: 60 },
      );
    }
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/board`)).statusCode).toBe(200);
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/contracts`)).statusCode).toBe(200);
    expect((await w.coach.get('/api/engagements')).statusCode).toBe(200);
  }, 120_000);

  it('every answer given above matches the API document, and every operation of it was answered', () => {
    const { answers } = ctx();
    expect(answers.mismatches).toEqual([]);
    const answered = new Set([...answers.seen].map((s) => s.split(' ').slice(0, 2).join(' ')));
    expect(answers.operations().filter((op) => !answered.has(op))).toEqual([]);
    // Refusals of every kind were checked against the document, not just successes.
    const statuses = new Set([...answers.seen].map((s) => s.split(' ')[2]));
    for (const status of ['200', '201', '400', '401', '404', '409', '413', '415']) expect(statuses).toContain(status);
  });
});
