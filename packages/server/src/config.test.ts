import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const srcDir = path.dirname(fileURLToPath(import.meta.url));
const readme = fs.readFileSync(path.join(srcDir, '../../../README.md'), 'utf8');

/** The server's own source files (tests and test helpers read test-only variables, documented under "Test it"). */
function serverSources(dir = srcDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : serverSources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The variables in the README's Configuration table. */
function documentedVariables(): string[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
}

describe('configuration', () => {
  it('is read from the environment in config.ts only', () => {
    const readers = serverSources()
      .filter((f) => fs.readFileSync(f, 'utf8').includes('process.env'))
      .map((f) => path.relative(srcDir, f));
    expect(readers).toEqual(['config.ts']);
  });

  it('documents every variable config.ts reads in the README table, and nothing else', () => {
    const source = fs.readFileSync(path.join(srcDir, 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\(env, '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]));
    expect(read.size).toBeGreaterThan(15);
    expect(documentedVariables().sort()).toEqual([...read].sort());
  });

  it('has the README’s defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      loginMaxAttempts: 10,
      loginAddressMaxAttempts: 30,
      loginWindowMs: 15 * 60_000,
      sessionTtlDays: 30,
      sessionMaxDays: 90,
      streamLoginCheckMs: 5000,
      jobPollIntervalMs: 1000,
      reminderIntervalMs: 60_000,
      contractDatesIntervalMs: 60_000,
      secureCookies: false,
      trustProxy: false,
    });
    expect(loadConfig({ PUBLIC_URL: 'https://coach.example.com/', REMINDER_INTERVAL_SECONDS: '0' })).toMatchObject({
      publicUrl: 'https://coach.example.com',
      secureCookies: true,
      reminderIntervalMs: 0,
    });
  });

  it('stops at start on an invalid value, with a sentence naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535; it is "abc".'],
      [{ PORT: '70000' }, 'PORT must be a whole number from 1 to 65535; it is "70000".'],
      [{ LOGIN_MAX_ATTEMPTS: '-1' }, 'LOGIN_MAX_ATTEMPTS must be a whole number 1 or more; it is "-1".'],
      [{ LOGIN_WINDOW_MINUTES: '2.5' }, 'LOGIN_WINDOW_MINUTES must be a whole number 1 or more; it is "2.5".'],
      [{ SESSION_TTL_DAYS: '0' }, 'SESSION_TTL_DAYS must be a whole number 1 or more; it is "0".'],
      [{ SESSION_MAX_DAYS: 'forever' }, 'SESSION_MAX_DAYS must be a whole number 1 or more; it is "forever".'],
      [{ LOGIN_ADDRESS_MAX_ATTEMPTS: '0' }, 'LOGIN_ADDRESS_MAX_ATTEMPTS must be a whole number 1 or more; it is "0".'],
      [{ STREAM_LOGIN_CHECK_SECONDS: '0.5' }, 'STREAM_LOGIN_CHECK_SECONDS must be a whole number 1 or more; it is "0.5".'],
      [{ REMINDER_INTERVAL_SECONDS: 'soon' }, 'REMINDER_INTERVAL_SECONDS must be a whole number 0 or more; it is "soon".'],
      [{ CONTRACT_DATES_INTERVAL_SECONDS: '-60' }, 'CONTRACT_DATES_INTERVAL_SECONDS must be a whole number 0 or more; it is "-60".'],
      [{ JOB_POLL_INTERVAL_MS: '1e400' }, 'JOB_POLL_INTERVAL_MS must be a whole number 0 or more; it is "1e400".'],
      [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be "true" or "false"; it is "yes".'],
      [{ SECURE_COOKIES: '1' }, 'SECURE_COOKIES must be "true" or "false"; it is "1".'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; it is "loud".'],
      [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL must be a full address such as smtp://host; it cannot be read as one.'],
      [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL must start with smtp: or smtps:; it starts with http:.'],
      [{ DATABASE_URL: 'mysql://db/carriage' }, 'DATABASE_URL must start with postgres: or postgresql:; it starts with mysql:.'],
      [{ PUBLIC_URL: 'coach.example.com' }, 'PUBLIC_URL must be a full address such as http://host; it cannot be read as one.'],
    ];
    for (const [env, sentence] of cases) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(sentence);
    }
  });
});
