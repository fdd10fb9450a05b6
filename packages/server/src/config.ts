import path from 'node:path';

/** Everything the server reads from its environment, resolved and validated once. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… to use PostgreSQL; otherwise SQLite under dataDir. */
  databaseUrl: string | null;
  /** A PostgreSQL schema to use instead of public (tests isolate themselves this way). */
  databaseSchema: string | null;
  /** The address people reach the app at, used in emailed links. */
  publicUrl: string;
  /** smtp://user:pass@host:port to send email; otherwise emails are written to the log. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Mark cookies Secure (on by default when publicUrl is https). */
  secureCookies: boolean;
  /** Attempts allowed per email and address within loginWindowMs. */
  loginMaxAttempts: number;
  /** Log-in, password-reset and sign-up requests allowed per address across all accounts within loginWindowMs. */
  loginAddressMaxAttempts: number;
  loginWindowMs: number;
  /** How long a login lasts without use. */
  sessionTtlDays: number;
  /** How long a login lasts at most, however much it is used. */
  sessionMaxDays: number;
  /** How often open live streams check that their login still holds (ended on another instance, or expired). */
  streamLoginCheckMs: number;
  logLevel: string;
  /** Where the built web app lives; null serves the API only. */
  webDist: string | null;
  trustProxy: boolean;
  /** How often this instance looks for due jobs; 0 runs no worker (tests drive jobs with runDueJobs). */
  jobPollIntervalMs: number;
  /** How often the reminder pass runs as a periodic job; 0 turns reminders off on this instance. */
  reminderIntervalMs: number;
  /** How often contracts are started and ended by their dates as a periodic job; 0 turns that off on this instance. */
  contractDatesIntervalMs: number;
  /** The Standard Webhooks secret (whsec_…) a payment provider signs its events with; null: no provider. */
  paymentWebhookSecret: string | null;
  /** Allow http:// webhook endpoints on the loopback interface (127.0.0.1, localhost): tests and local development only. */
  webhookAllowLoopback: boolean;
  /** A 32-byte key (base64) that seals webhook signing secrets at rest; without it they are stored as they are. */
  webhookSecretsKey: string | null;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Stops the server at start with a sentence naming the variable and what it accepts. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** A whole number within bounds, or the default when unset; anything else stops the server with a sentence. */
function whole(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new ConfigError(`${name} must be a whole number ${range}; it is "${raw}".`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`${name} must be "true" or "false"; it is "${raw}".`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a full address such as ${protocols[0]}//host; it cannot be read as one.`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}; it starts with ${parsed.protocol}.`);
  return raw;
}

/** A Standard Webhooks secret: `whsec_` and the key in base64. */
function webhookSecret(env: Env, name: string): string | null {
  const raw = env[name];
  if (!raw) return null;
  if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(raw)) throw new ConfigError(`${name} must be a Standard Webhooks secret: whsec_ followed by the key in base64.`);
  return raw;
}

/**
 * Reads configuration from environment variables, with the defaults the README documents. Every variable
 * the server reads is read here: an invalid value throws a ConfigError whose message names the variable.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const port = whole(env, 'PORT', 3000, 1, 65_535);
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/$/, '');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${logLevel}".`);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || null,
    publicUrl,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Carriage <no-reply@carriage.local>',
    secureCookies: bool(env, 'SECURE_COOKIES', publicUrl.startsWith('https://')),
    loginMaxAttempts: whole(env, 'LOGIN_MAX_ATTEMPTS', 10, 1),
    loginAddressMaxAttempts: whole(env, 'LOGIN_ADDRESS_MAX_ATTEMPTS', 30, 1),
    loginWindowMs: whole(env, 'LOGIN_WINDOW_MINUTES', 15, 1) * 60_000,
    sessionTtlDays: whole(env, 'SESSION_TTL_DAYS', 30, 1),
    sessionMaxDays: whole(env, 'SESSION_MAX_DAYS', 90, 1),
    streamLoginCheckMs: whole(env, 'STREAM_LOGIN_CHECK_SECONDS', 5, 1) * 1000,
    logLevel,
    webDist: env.WEB_DIST === '' ? null : path.resolve(env.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    jobPollIntervalMs: whole(env, 'JOB_POLL_INTERVAL_MS', 1000, 0),
    reminderIntervalMs: whole(env, 'REMINDER_INTERVAL_SECONDS', 60, 0) * 1000,
    contractDatesIntervalMs: whole(env, 'CONTRACT_DATES_INTERVAL_SECONDS', 60, 0) * 1000,
    paymentWebhookSecret: webhookSecret(env, 'PAYMENT_WEBHOOK_SECRET'),
    webhookAllowLoopback: bool(env, 'WEBHOOK_ALLOW_LOOPBACK', false),
    webhookSecretsKey: env.WEBHOOK_SECRETS_KEY || null,
    ...overrides,
  };
}
