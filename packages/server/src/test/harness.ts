import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { type Db, type Engine, openDatabase } from '../db/database.js';
import { type RunSummary, runDueJobs } from '../plugins/job-worker.js';
import type { Mail, Mailer } from '../plugins/mailer.js';
import { AnswerChecker, type ApiDocument } from './answer-checker.js';

/** The PostgreSQL the tests use; CI exports it, a developer's machine may have it at the default. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: Promise<boolean> | null = null;
async function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.end();
      return true;
    } catch {
      return false;
    }
  })();
  return pgAvailable;
}

/** A mailer that keeps what it was asked to send, for tests that follow emailed links. */
export class MemoryMailer implements Mailer {
  sent: Mail[] = [];
  async send(mail: Mail) {
    this.sent.push(mail);
  }
  close() {}
  lastTo(email: string): Mail | undefined {
    return [...this.sent].reverse().find((m) => m.to === email);
  }
}

export interface TestContext {
  engine: Engine;
  app: FastifyInstance;
  mailer: MemoryMailer;
  database: Db;
  config: Config;
  /** Every answer the app sent in this suite, checked against the API document. */
  answers: AnswerChecker;
}

/** The configuration of a fresh, empty database on the engine (a temp SQLite directory or a new PostgreSQL schema), not yet opened. */
export function freshConfig(engine: Engine, overrides: Partial<Config> = {}): { config: Config; schema: string | null; drop: () => Promise<void> } {
  const suffix = crypto.randomBytes(6).toString('hex');
  // Tests run jobs themselves (runDueJobs), unless a suite turns polling on.
  const base: Partial<Config> = { webDist: null, logLevel: 'silent', publicUrl: 'http://carriage.test', jobPollIntervalMs: 0, ...overrides };
  if (engine === 'sqlite') {
    const dataDir = path.join(os.tmpdir(), `carriage-test-${suffix}`);
    const config = loadConfig({}, { dataDir, databaseUrl: null, ...base });
    return { config, schema: null, drop: async () => {} };
  }
  const schema = `t_${suffix}`;
  const config = loadConfig({}, { databaseUrl: TEST_PG_URL, databaseSchema: schema, ...base });
  return {
    config,
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** Opens a fresh, empty database on the engine: a temp SQLite file or a new PostgreSQL schema. */
export async function freshDatabase(engine: Engine, overrides: Partial<Config> = {}): Promise<{ database: Db; config: Config; drop: () => Promise<void> }> {
  const { config, drop } = freshConfig(engine, overrides);
  return { database: await openDatabase(config), config, drop };
}

/**
 * Runs the same suite on SQLite and on PostgreSQL, each on its own fresh database.
 * Without PostgreSQL the second half is skipped with a printed notice (never silently);
 * with REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails the run instead.
 */
const postgresReady = await postgresAvailable();
/** Whether the PostgreSQL half of the API tests runs (for suites that build their own app). */
export const postgresIsReady = postgresReady;
if (!postgresReady) {
  if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`PostgreSQL is required (REQUIRE_POSTGRES=1) but ${TEST_PG_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable.`);
  }
  console.warn(`NOTICE: PostgreSQL is not reachable at ${TEST_PG_URL}; the PostgreSQL half of the API tests is skipped. Set TEST_DATABASE_URL to run it.`);
}

export function describeEachEngine(
  name: string,
  body: (ctx: () => TestContext) => void,
  engines: readonly Engine[] = ['sqlite', 'postgres'],
  configOverrides: Partial<Config> = {},
): void {
  for (const engine of engines) {
    // Skipped only when PostgreSQL is unreachable, and then with the notice printed above.
    describe.skipIf(engine === 'postgres' && !postgresReady)(`${name} [${engine}]`, () => {
      let ctx: TestContext | null = null;
      let drop: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const fresh = await freshDatabase(engine, configOverrides);
        drop = fresh.drop;
        const mailer = new MemoryMailer();
        let answers: AnswerChecker | null = null;
        const app = await buildApp(fresh.config, { database: fresh.database, mailer, logger: false, onAnswer: (a) => answers?.check(a) });
        await app.ready();
        answers = new AnswerChecker(app.swagger() as unknown as ApiDocument);
        ctx = { engine, app, mailer, database: fresh.database, config: fresh.config, answers };
      }, 30_000);
      afterAll(async () => {
        if (!ctx) return;
        const mismatches = ctx.answers.mismatches;
        ctx.app.server.closeAllConnections();
        await ctx.app.close();
        await ctx.database.close();
        await drop();
        // Every suite's answers are checked against the API document; a mismatch fails the suite.
        if (mismatches.length) throw new Error(`Answers that differ from the API document:\n${mismatches.join('\n')}`);
      });
      body(() => {
        if (!ctx) throw new Error('The test app is not ready');
        return ctx;
      });
    });
  }
}

type Body = Record<string, unknown> | unknown[] | string | undefined;

/** A person using the API through app.inject, keeping cookies and sending the CSRF token like the web app. */
export class TestClient {
  cookies: Record<string, string> = {};
  csrf: string | null = null;
  bearer: string | null = null;
  user: { id: string; name: string; email: string } | null = null;
  /** The address requests come from (light-my-request's default, 127.0.0.1, when unset). */
  ip: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    opts: { ip?: string } = {},
  ) {
    this.ip = opts.ip;
  }

  async request(
    method: InjectOptions['method'],
    url: string,
    body?: Body,
    headers: Record<string, string> = {},
    extra: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    const cookie = Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    if (cookie) h.cookie = cookie;
    if (this.csrf && !h['x-csrf-token']) h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const opts: InjectOptions = { method, url, headers: h, ...(this.ip ? { remoteAddress: this.ip } : {}), ...extra };
    if (body !== undefined) {
      if (typeof body === 'string') {
        opts.payload = body;
        h['content-type'] ??= 'application/json';
      } else opts.payload = body as InjectOptions['payload'];
    }
    const res = await this.app.inject(opts);
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    if (this.cookies.carriage_csrf) this.csrf = this.cookies.carriage_csrf;
    return res;
  }
  /** Headers the browser would send (cookie, CSRF, bearer), for real HTTP requests such as SSE. */
  authHeaders(): Record<string, string> {
    const h: Record<string, string> = {};
    const cookie = Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    if (cookie) h.cookie = cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    return h;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: Body, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  put(url: string, body?: Body) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: Body) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

let counter = 0;
/** A documentation address (RFC 5737) of its own for each call, as different people come from different networks. */
export function nextAddress(): string {
  counter += 1;
  return `198.51.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}`;
}

/** Signs a new person up, from an address of their own, and returns their logged-in client. */
export async function signUpClient(app: FastifyInstance, name = 'Test Person', email?: string): Promise<TestClient> {
  const c = new TestClient(app, { ip: nextAddress() });
  const addr = email ?? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${counter}.${crypto.randomBytes(3).toString('hex')}@example.com`;
  const res = await c.post('/api/auth/signup', { name, email: addr, password: 'correct horse battery' });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  c.user = res.json().user;
  return c;
}

const listening = new WeakMap<FastifyInstance, Promise<string>>();
/** Makes the test app listen on a free local port (once) and returns its base URL, for real HTTP clients. */
export function baseUrlOf(app: FastifyInstance): Promise<string> {
  let p = listening.get(app);
  if (!p) {
    p = app.listen({ port: 0, host: '127.0.0.1' }).then((address) => address);
    listening.set(app, p);
  }
  return p;
}

/** Opens a real HTTP request and returns its status, then hangs up (for streaming routes). */
export async function statusOfStream(app: FastifyInstance, client: TestClient, url: string): Promise<number> {
  const base = await baseUrlOf(app);
  const ac = new AbortController();
  const res = await fetch(base + url, { headers: client.authHeaders(), signal: ac.signal });
  const status = res.status;
  ac.abort();
  return status;
}

/** The kinds of job a request queues (the periodic ones run on their own clock: pass `kinds` and `now` to runDueJobs). */
export const ONE_OFF_JOBS = ['email', 'password-reset', 'session-recap', 'contract-pdf', 'invoice-email'];

/**
 * Runs the jobs requests queued, as the worker would shortly after (tests run with the poll interval at 0):
 * after it, the emails a request asked for have reached the mailer.
 */
export function drainJobs(app: FastifyInstance, now?: Date): Promise<RunSummary> {
  return runDueJobs(app, { kinds: ONE_OFF_JOBS, now });
}

/** The parsed error body of a response. */
export function errorOf(res: LightMyRequestResponse): { code: string; message: string; fields?: Record<string, string> } {
  return res.json().error;
}
