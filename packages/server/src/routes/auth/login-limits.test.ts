import { expect, it } from 'vitest';
import { hashSecret } from '../../lib/ids.js';
import { describeEachEngine, errorOf, signUpClient, TestClient } from '../../test/harness.js';

const DAY = 86_400_000;

describeEachEngine('login limits', (ctx) => {
  it('password spraying: one guess at each of 40 accounts from one address starts getting 429 with a sentence', async () => {
    const { app, config } = ctx();
    const victims: string[] = [];
    for (let i = 0; i < 40; i++) victims.push((await signUpClient(app, 'Sprayed Person')).user?.email as string);
    const sprayer = '203.0.113.66';
    const statuses: number[] = [];
    let refusal: ReturnType<typeof errorOf> | null = null;
    let retryAfter: string | undefined;
    for (const email of victims) {
      const res = await new TestClient(app, { ip: sprayer }).post('/api/auth/login', { email, password: 'Summer2026!' });
      statuses.push(res.statusCode);
      if (res.statusCode === 429 && !refusal) {
        refusal = errorOf(res);
        retryAfter = res.headers['retry-after'] as string | undefined;
      }
    }
    expect(statuses.slice(0, config.loginAddressMaxAttempts).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(config.loginAddressMaxAttempts).every((s) => s === 429)).toBe(true);
    expect(config.loginAddressMaxAttempts).toBeLessThan(40);
    expect(refusal).toEqual({
      code: 'too_many_requests',
      message: 'Too many log-in, sign-up and password-reset attempts have come from your network. Wait 15 minutes and try again.',
    });
    expect(Number(retryAfter)).toBeGreaterThan(800);

    // The right password from that address is refused too while the budget is spent (the guesser may have found it).
    const victim = (await signUpClient(app, 'Real Owner')).user?.email as string;
    expect((await new TestClient(app, { ip: sprayer }).post('/api/auth/login', { email: victim, password: 'correct horse battery' })).statusCode).toBe(429);
    // Reset and sign-up share the address's budget, so switching route buys nothing.
    expect((await new TestClient(app, { ip: sprayer }).post('/api/auth/password-reset', { email: victims[0] })).statusCode).toBe(429);
    const signup = await new TestClient(app, { ip: sprayer }).post('/api/auth/signup', {
      name: 'N',
      email: 'spray.new@example.com',
      password: 'long enough pw',
    });
    expect(signup.statusCode).toBe(429);
    // Another address is not affected.
    expect((await new TestClient(app, { ip: '203.0.113.67' }).post('/api/auth/login', { email: victim, password: 'correct horse battery' })).statusCode).toBe(
      200,
    );
  });

  it('an IPv6 client counts as its /64, so rotating addresses inside it buys no more attempts', async () => {
    const { app, config } = ctx();
    const statuses: number[] = [];
    for (let i = 0; i <= config.loginAddressMaxAttempts; i++) {
      const ip = `2001:db8:77:1::${(i + 1).toString(16)}`;
      statuses.push((await new TestClient(app, { ip }).post('/api/auth/password-reset', { email: `nobody.${i}@example.com` })).statusCode);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
  });

  it('parallel attempts from one address cannot slip past the budget', async () => {
    const { app, config } = ctx();
    const ip = '203.0.113.99';
    const results = await Promise.all(
      Array.from({ length: config.loginAddressMaxAttempts + 10 }, (_, i) =>
        new TestClient(app, { ip }).post('/api/auth/login', { email: `parallel.${i}@example.com`, password: 'a guess at it' }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(config.loginAddressMaxAttempts);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(10);
  });
});

describeEachEngine('login lifetime', (ctx) => {
  it('a new login lasts SESSION_TTL_DAYS in the browser', async () => {
    const { app, config } = ctx();
    const c = new TestClient(app, { ip: '198.18.0.1' });
    const res = await c.post('/api/auth/signup', { name: 'Fresh Login', email: 'fresh.login@example.com', password: 'long enough pw' });
    const cookie = (res.headers['set-cookie'] as string[]).find((s) => s.startsWith('carriage_session=')) ?? '';
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeCloseTo(config.sessionTtlDays * 86_400, -2);
  });

  it('a login used every day still ends SESSION_MAX_DAYS after it started', async () => {
    const { app, config, database } = ctx();
    const c = await signUpClient(app, 'Daily User');
    const id = hashSecret(c.cookies.carriage_session);
    const now = Date.now();
    // Started almost SESSION_MAX_DAYS ago, last seen two hours ago: this use slides the expiry, but only up to the absolute end.
    const createdAt = new Date(now - config.sessionMaxDays * DAY + 3_600_000).toISOString();
    await database.db
      .updateTable('auth_sessions')
      .set({ created_at: createdAt, last_seen_at: new Date(now - 2 * 3_600_000).toISOString(), expires_at: new Date(now + DAY).toISOString() })
      .where('id', '=', id)
      .execute();
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    const row = await database.db.selectFrom('auth_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.expires_at).toBe(new Date(Date.parse(createdAt) + config.sessionMaxDays * DAY).toISOString());
    const cookie = (me.headers['set-cookie'] as string[]).find((s) => s.startsWith('carriage_session=')) ?? '';
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(3000);
    expect(maxAge).toBeLessThanOrEqual(3600);

    // Past the absolute end the login is over, even with an idle expiry still ahead (as rows written before this rule have).
    await database.db
      .updateTable('auth_sessions')
      .set({ created_at: new Date(now - config.sessionMaxDays * DAY - 60_000).toISOString(), expires_at: new Date(now + 20 * DAY).toISOString() })
      .where('id', '=', id)
      .execute();
    const after = await c.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(c.cookies.carriage_session).toBeUndefined();
  });

  it('an idle login slides: a use more than an hour after the last moves the idle expiry forward', async () => {
    const { app, config, database } = ctx();
    const c = await signUpClient(app, 'Occasional User');
    const id = hashSecret(c.cookies.carriage_session);
    const now = Date.now();
    await database.db
      .updateTable('auth_sessions')
      .set({ last_seen_at: new Date(now - 2 * 3_600_000).toISOString(), expires_at: new Date(now + DAY).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    const row = await database.db.selectFrom('auth_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at) - now).toBeGreaterThan((config.sessionTtlDays - 1) * DAY);
  });
});
