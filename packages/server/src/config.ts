import path from 'node:path';

/** Everything the server reads from its environment, resolved once. */
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
}

/** Reads configuration from environment variables, with the defaults the README documents. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || null,
    publicUrl,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Carriage <no-reply@carriage.local>',
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : publicUrl.startsWith('https://'),
    loginMaxAttempts: Number(env.LOGIN_MAX_ATTEMPTS ?? 10),
    loginAddressMaxAttempts: Number(env.LOGIN_ADDRESS_MAX_ATTEMPTS ?? 30),
    loginWindowMs: Number(env.LOGIN_WINDOW_MINUTES ?? 15) * 60_000,
    sessionTtlDays: Number(env.SESSION_TTL_DAYS ?? 30),
    sessionMaxDays: Number(env.SESSION_MAX_DAYS ?? 90),
    streamLoginCheckMs: Number(env.STREAM_LOGIN_CHECK_SECONDS ?? 5) * 1000,
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: env.WEB_DIST === '' ? null : path.resolve(env.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    trustProxy: env.TRUST_PROXY === 'true',
    ...overrides,
  };
}
