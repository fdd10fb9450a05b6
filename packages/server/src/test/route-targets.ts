import type { FastifyInstance, InjectOptions } from 'fastify';
import type { z } from 'zod';
import type { RouteEntry } from '../plugins/access.js';
import { baseUrlOf, TestClient } from './harness.js';
import { type Answer, sample } from './hostile-input.js';
import { extraParams, resourceFixtures } from './resource-fixtures.js';
import { buildWorld, people, type World } from './world.js';

/**
 * Aiming requests at every route of the route table, for the generated suites (bad input, work-sizing
 * input): each route gets a fresh world, a real resource of its type in the state where the route does
 * its work, its most privileged caller, and a plausible valid body to vary one field of.
 */

/** Methods whose requests carry a JSON body. */
export const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** The live stream, which answers over real HTTP and stays open. */
export const isStream = (r: RouteEntry) => r.url.endsWith('/events');
export const bodySchemaOf = (r: RouteEntry) => (r.schema?.body as z.ZodType | undefined) ?? undefined;
export const querySchemaOf = (r: RouteEntry) => (r.schema?.querystring as z.ZodType | undefined) ?? undefined;

/** A route made ready to be called: who calls it, at which resource, with which valid body. */
export interface Target {
  route: RouteEntry;
  w: World;
  client: TestClient;
  /** The real resource the route is aimed at (null for routes that don't name one). */
  id: string | null;
  params: Record<string, string>;
  base: unknown;
}

/** The names of a route's address parameters. */
export const paramNames = (url: string) => (url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1));
/** A route's address with its parameters filled in. */
export const fillUrl = (url: string, params: Record<string, string>) => url.replace(/:(\w+)/g, (_, k: string) => params[k] ?? 'someid123');

/** The board's columns in order. */
export async function boardColumns(w: World): Promise<{ id: string; kind: string }[]> {
  const res = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
  return res.json().columns;
}

/** A valid body for the routes whose body needs ids from the world; the schema's sample otherwise. */
async function baseBody(t: Omit<Target, 'base'>): Promise<unknown> {
  const key = `${t.route.method} ${t.route.url}`;
  if (key === 'POST /api/engagements/:id/cards') return { columnId: (await boardColumns(t.w))[0]?.id, type: 'task', title: 'Hostile card' };
  if (key === 'POST /api/cards/:id/move') return { columnId: (await boardColumns(t.w))[0]?.id, version: 1 };
  if (key === 'POST /api/contracts/:id/sign') return { typedName: t.w.coach.user?.name, consent: true };
  if (key === 'PATCH /api/cards/:id') return { version: 1, title: 'Renamed card' };
  if (key === 'POST /api/engagements')
    return { title: 'Hostile engagement', clientType: 'organization', organizationName: 'Acme', startsOn: '2030-01-01', endsOn: '2030-03-31' };
  if (key === 'POST /api/engagements/:id/contracts')
    return {
      template: 'organization',
      startsOn: '2030-01-01',
      endsOn: '2030-03-31',
      rate: { amountMinor: 120000, currency: 'EUR', unit: 'fixed' },
      deliverables: [{ description: 'A deliverable' }],
      signers: [{ userId: t.w.coach.user?.id }],
    };
  if (key === 'POST /api/invoices/:id/lines') return { description: 'Workshop materials', quantity: 1, unitMinor: 4500 };
  if (key === 'POST /api/invoices/:id/payments') return { paidOn: '2099-01-01', amountMinor: 100, method: 'bank_transfer' };
  const schema = bodySchemaOf(t.route);
  return schema ? sample(schema) : {};
}

/** Puts the contract where the route does its work: sent for signing and declining, signed for what follows. */
async function advanceContract(w: World, id: string, route: RouteEntry): Promise<void> {
  const needsSent = /\/(sign|decline)$/.test(route.url);
  const needsSigned = /\/(renew|cards|versions|pdf|invoices)$/.test(route.url);
  if (!needsSent && !needsSigned) return;
  const sent = await w.coach.post(`/api/contracts/${id}/send`);
  if (sent.statusCode !== 200) throw new Error(`sending the contract failed: ${sent.body}`);
  if (!needsSigned) return;
  for (const who of [w.coach, w.sponsor, w.coachee]) {
    const signed = await who.post(`/api/contracts/${id}/sign`, { typedName: who.user?.name, consent: true });
    if (signed.statusCode !== 200) throw new Error(`signing the contract failed: ${signed.body}`);
  }
}

/** Cards carry a version; each write is aimed at the current one so hostile values reach the rules, not the conflict check. */
export async function currentBase(t: Target): Promise<unknown> {
  if (!['PATCH /api/cards/:id', 'POST /api/cards/:id/move'].includes(`${t.route.method} ${t.route.url}`)) return t.base;
  const card = await t.w.coach.get(`/api/cards/${t.id}`);
  return { ...(t.base as object), version: card.json().version };
}

/** A stranger with an account, for the routes that belong to a person rather than an engagement. */
async function stranger(app: FastifyInstance): Promise<TestClient> {
  return (await people(app)).outsider;
}

/** A fresh world and everything the route needs to be called as its most privileged caller. */
export async function prepare(app: FastifyInstance, route: RouteEntry, failures: string[]): Promise<Target> {
  const w = await buildWorld(app, `Bad input ${route.method} ${route.url}`);
  const access = route.access;
  let id: string | null = null;
  let client: TestClient;
  const params: Record<string, string> = {};
  if (access?.kind === 'engagement') {
    const fixture = resourceFixtures[access.resource];
    // Without a fixture only the unknown-id attacks reach the route; the gap is reported, not hidden.
    if (!fixture) failures.push(`${route.method} ${route.url}: no fixture for resource "${access.resource}" in test/resource-fixtures.ts`);
    id = fixture ? await fixture(w) : 'someid123';
    params[access.param ?? 'id'] = id;
    client = w.coach;
  } else client = access?.kind === 'user' ? await stranger(app) : new TestClient(app);
  for (const name of paramNames(route.url)) {
    if (params[name]) continue;
    // A token of a real token's length, so the route reaches its lookup rather than its length check.
    params[name] = extraParams[name] ? await extraParams[name](w) : name === 'token' ? 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0' : 'someid123';
  }
  if (id && access?.kind === 'engagement' && access.resource === 'contract') await advanceContract(w, id, route);
  const partial = { route, w, client, id, params };
  return { ...partial, base: await baseBody(partial) };
}

/** Sends a request; a live stream is opened over real HTTP and hung up once it answers 200. */
export async function send(app: FastifyInstance, t: Target, url: string, body?: { payload: string; contentType?: string }): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body) headers['content-type'] = body.contentType ?? 'application/json';
  if (isStream(t.route)) {
    const ac = new AbortController();
    const res = await fetch((await baseUrlOf(app)) + url, { headers: { ...t.client.authHeaders(), ...headers }, signal: ac.signal });
    if (res.status === 200) {
      ac.abort();
      return { statusCode: 200, body: '', json: () => ({}) };
    }
    const text = await res.text();
    return { statusCode: res.status, body: text, json: () => JSON.parse(text) };
  }
  const extra: Partial<InjectOptions> = body ? { payload: body.payload } : {};
  return t.client.request(t.route.method as 'GET', url, undefined, headers, extra);
}

/** A JSON request body. */
export const json = (v: unknown) => ({ payload: JSON.stringify(v) });

/** Keeps the stranger logged in after routes such as logout or a password change. */
export async function keepLoggedIn(app: FastifyInstance, t: Target): Promise<void> {
  if (t.route.access?.kind !== 'user') return;
  const me = await t.client.get('/api/auth/me');
  if (me.statusCode === 200) return;
  const res = await t.client.post('/api/auth/login', { email: t.client.user?.email, password: 'correct horse battery' });
  if (res.statusCode !== 200) throw new Error(`could not log the stranger back in: ${res.statusCode} ${res.body}`);
  void app;
}
