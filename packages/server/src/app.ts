import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@carriage/core';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import { type Db, openDatabase } from './db/database.js';
import type { Database } from './db/schema.js';
import { brotliPerRequest, compressThreshold, EncodedBody, sendEncoded, wireEncodings } from './lib/encoded-body.js';
import { redactUrl } from './lib/redact.js';
import { SecretBox } from './lib/secret-box.js';
import { type RouteEntry, registerAccess } from './plugins/access.js';
import { registerApiDocument } from './plugins/api-document.js';
import { registerAuth } from './plugins/auth.js';
import { answerFrameworkError, registerErrorHandling } from './plugins/errors.js';
import { createEventBus, type EventBus } from './plugins/event-bus.js';
import { registerInputGuard } from './plugins/input-guard.js';
import { JobWorker } from './plugins/job-worker.js';
import { BODY_LIMIT_BYTES, registerJsonBody } from './plugins/json-body.js';
import { createLoginWatch, type LoginWatch } from './plugins/login-watch.js';
import { createMailer, type Mailer } from './plugins/mailer.js';
import { databaseRateLimitStore } from './plugins/rate-limit-store.js';
import { registerRoutes } from './routes/index.js';
import { beforeEventsCommit } from './services/events/write-transaction.js';
import { registerJobKinds } from './services/jobs/job-kinds.js';
import { enqueueWebhookDeliveries } from './services/webhooks/deliver-webhook.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Kysely<Database>;
    database: Db;
    mailer: Mailer;
    bus: EventBus;
    /** Closes live streams whose login ended. */
    logins: LoginWatch;
    jobs: JobWorker;
    routeTable: RouteEntry[];
    /** Seals and opens stored secrets (webhook signing secrets). */
    secrets: SecretBox;
  }
}

export interface BuildOptions {
  /** Reuse an open database (tests share one per file); otherwise one is opened from config. */
  database?: Db;
  mailer?: Mailer;
  logger?: boolean;
  /** Where the log is written (tests read it to prove secrets stay out); standard output otherwise. */
  logStream?: NodeJS.WritableStream;
  /** Shown every answer as it is sent (tests check each one against the API document). */
  onAnswer?: (answer: SentAnswer) => void;
}

/** An answer as it leaves the server: the route it came from (its pattern) and what was sent. */
export interface SentAnswer {
  method: string;
  /** The route's URL pattern (/api/cards/:id), or undefined when no route matched. */
  route: string | undefined;
  /** Routes hidden from the API document (health, the document itself, the bench baseline). */
  hidden: boolean;
  status: number;
  contentType: string;
  /** br, gzip or deflate when the payload is compressed; empty otherwise. */
  contentEncoding: string;
  payload: unknown;
}

/** Builds the whole server without listening, for main.ts and for tests through app.inject. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
            },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  if (opts.onAnswer) {
    const onAnswer = opts.onAnswer;
    app.addHook('onSend', async (request, reply, payload) => {
      onAnswer({
        method: request.method,
        route: request.routeOptions.url,
        hidden: Boolean(request.routeOptions.schema?.hide),
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        contentEncoding: String(reply.getHeader('content-encoding') ?? ''),
        payload,
      });
      return payload;
    });
  }

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; bodies are serialized plainly so hot routes stay fast.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const database = opts.database ?? (await openDatabase(config));
  const ownsDatabase = !opts.database;
  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('mailer', opts.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: app.log }));
  app.decorate('bus', await createEventBus(database, app.log));
  const lifetime = { sessionTtlDays: config.sessionTtlDays, sessionMaxDays: config.sessionMaxDays };
  app.decorate('logins', createLoginWatch(database.db, { ...lifetime, intervalMs: config.streamLoginCheckMs }, app.log));
  app.decorate('jobs', new JobWorker(database.db, database.engine, app.log));
  app.decorate('secrets', new SecretBox(config.webhookSecretsKey));
  registerJobKinds(app.jobs, { config, mailer: app.mailer, secrets: app.secrets });
  // Webhook deliveries are written, with the jobs that send them, in the transaction that appends their events.
  const stopEnqueueing = beforeEventsCommit(database.db, async (trx, events) => {
    await enqueueWebhookDeliveries(trx, events);
    return undefined;
  });

  app.addHook('onReady', async () => {
    await app.jobs.seedPeriodic();
    app.jobs.start(config.jobPollIntervalMs);
  });
  app.addHook('onClose', async () => {
    app.logins.close();
    await app.jobs.stop();
    stopEnqueueing();
    await app.bus.close();
    app.mailer.close();
    if (ownsDatabase) await database.close();
  });

  registerErrorHandling(app);
  // Every answer of a route registered after this is compressed as the client accepts; routes that send a kept
  // body set Content-Encoding themselves (made once per version) and this leaves them alone, and so do the
  // live streams, which write to the socket directly.
  await app.register(compress, { encodings: wireEncodings, threshold: compressThreshold, brotliOptions: brotliPerRequest });
  registerJsonBody(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.secureCookies ? undefined : false,
  });
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    store: databaseRateLimitStore(database.db),
    errorResponseBuilder: () => new AppError('too_many_requests', 'Too many attempts. Wait a few minutes and try again.'),
  });
  await registerApiDocument(app, { publicUrl: config.publicUrl });

  registerAuth(app, { ...lifetime, secureCookies: config.secureCookies });
  registerInputGuard(app);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  registerAccess(app, routeTable);
  await app.register(registerRoutes);

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));

  const webDist = config.webDist;
  const indexHtml = webDist && fs.existsSync(path.join(webDist, 'index.html')) ? new EncodedBody(fs.readFileSync(path.join(webDist, 'index.html'))) : null;
  if (webDist && indexHtml) {
    // The build writes a .br and a .gz beside each asset; they are sent as they are to clients that take them.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      maxAge: '1y',
      immutable: true,
      serveDotFiles: false,
      prefix: '/',
      preCompressed: true,
      // Source maps are the app's source: never served, even from a build that made them.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathName = request.url.split('?')[0];
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !indexHtml || pathName.endsWith('.map')) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `There is no ${request.method} ${pathName} in the API. See /api/docs for what there is.` },
      });
    }
    // The single-page app handles every other path.
    return sendEncoded(request, reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8'), indexHtml);
  });

  return app;
}
