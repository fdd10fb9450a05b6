import { Secret, TOTP } from 'otpauth';
import { expect, it } from 'vitest';
import { describeEachEngine, errorOf, signUpClient, TestClient } from '../../test/harness.js';

const PASSWORD = 'correct horse battery';

/** The code an authenticator app shows for this secret, now or `stepsAhead` periods later. */
function codeFor(secret: string, stepsAhead = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + stepsAhead * 30_000 });
}

/** A code that is certainly not the current one (nor one step either side). */
function wrongCodeFor(secret: string): string {
  const near = new Set([-1, 0, 1].map((d) => codeFor(secret, d)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

describeEachEngine('two-factor authentication', (ctx) => {
  /** A new account with two-factor turned on through the API, as the Settings page does it. */
  async function enrolled(name: string) {
    const c = await signUpClient(ctx().app, name);
    const setup = await c.post('/api/auth/two-factor/setup');
    const secret: string = setup.json().secret;
    const enable = await c.post('/api/auth/two-factor/enable', { code: codeFor(secret) });
    if (enable.statusCode !== 200) throw new Error(`enable failed: ${enable.body}`);
    return { c, email: c.user?.email as string, secret, recoveryCodes: enable.json().recoveryCodes as string[] };
  }

  /** Logs in with the password only: the first step. */
  async function passwordStep(email: string) {
    const client = new TestClient(ctx().app);
    const res = await client.post('/api/auth/login', { email, password: PASSWORD });
    return { client, res };
  }

  it('turns on only after a current code from the app confirms the secret, and gives ten recovery codes once', async () => {
    const c = await signUpClient(ctx().app, 'Enrolling Coach');
    expect((await c.get('/api/auth/two-factor')).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });

    const setup = await c.post('/api/auth/two-factor/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCode } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toBe(
      `otpauth://totp/Carriage:${encodeURIComponent(c.user?.email as string)}?issuer=Carriage&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(qrCode.split(',')[1], 'base64').toString()).toContain('<svg');

    const wrong = await c.post('/api/auth/two-factor/enable', { code: wrongCodeFor(secret) });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toEqual({ code: 'That code does not match the one your app shows now.' });
    const malformed = await c.post('/api/auth/two-factor/enable', { code: '12ab' });
    expect(errorOf(malformed).fields).toEqual({ code: 'Enter the 6-digit code from your authenticator app.' });
    expect((await c.get('/api/auth/two-factor')).json().enabled).toBe(false);
    // Until it is confirmed, the password alone still logs in.
    expect((await passwordStep(c.user?.email as string)).res.json().user.email).toBe(c.user?.email);

    const code = codeFor(secret);
    const ok = await c.post('/api/auth/two-factor/enable', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const rc of codes) expect(rc).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    const status = (await c.get('/api/auth/two-factor')).json();
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(JSON.stringify((await c.get('/api/auth/me')).json())).not.toContain(secret);

    const again = await c.post('/api/auth/two-factor/setup');
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toBe('Two-factor authentication is already on. Turn it off first to move it to another authenticator app.');
  });

  it('refuses to turn on without a setup first', async () => {
    const c = await signUpClient(ctx().app, 'Hasty Person');
    const res = await c.post('/api/auth/two-factor/enable', { code: '123456' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).message).toBe('Start setting up two-factor authentication first, then enter the code your app shows.');
  });

  it('with two-factor on, the right password starts no session until the code step', async () => {
    const { email, secret } = await enrolled('Careful Coach');
    const { client, res } = await passwordStep(email);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ twoFactorRequired: true });
    const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(setCookies.some((s) => s.startsWith('carriage_session='))).toBe(false);
    const pending = setCookies.find((s) => s.startsWith('carriage_pending_login=')) as string;
    expect(pending).toMatch(/Max-Age=300/);
    expect(pending).toMatch(/Path=\/api\/auth\/login/);
    expect(pending).toMatch(/HttpOnly/);

    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
    expect((await client.get('/api/engagements')).statusCode).toBe(401);
    expect((await client.post('/api/auth/tokens', { name: 'sneaky' })).statusCode).toBe(401);

    const wrong = await client.post('/api/auth/login/two-factor', { code: wrongCodeFor(secret) });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual({ code: 'invalid_code', message: 'That code is not right. Enter the 6-digit code your app shows now.' });
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);

    const usedCookie = client.cookies.carriage_pending_login as string;
    const code = codeFor(secret);
    const done = await client.post('/api/auth/login/two-factor', { code });
    expect(done.statusCode).toBe(200);
    expect(done.json().user.email).toBe(email);
    expect(client.cookies.carriage_pending_login).toBeUndefined();
    expect((await client.get('/api/auth/me')).json().user.email).toBe(email);

    // The pending log-in is single use.
    const replay = new TestClient(ctx().app);
    replay.cookies = { carriage_pending_login: usedCookie };
    const replayed = await replay.post('/api/auth/login/two-factor', { code: codeFor(secret, 1) });
    expect(replayed.statusCode).toBe(401);
    expect(errorOf(replayed)).toEqual({
      code: 'login_expired',
      message: 'Your log-in timed out (the code step lasts 5 minutes). Enter your email and password again.',
    });

    // A code that has logged someone in does not work a second time.
    const second = await passwordStep(email);
    const reused = await second.client.post('/api/auth/login/two-factor', { code });
    expect(reused.statusCode).toBe(401);
    expect(errorOf(reused).message).toBe('That code has just been used. Wait for the next code in your app and enter it.');
    expect((await second.client.post('/api/auth/login/two-factor', { code: codeFor(secret, 1) })).statusCode).toBe(200);
  });

  it('asks to log in again when the code step has no pending log-in', async () => {
    const res = await new TestClient(ctx().app).post('/api/auth/login/two-factor', { code: '123456' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('login_expired');
    const empty = await new TestClient(ctx().app).post('/api/auth/login/two-factor', {});
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).message).toBe('Enter the 6-digit code from your authenticator app, or a recovery code.');
  });

  it('a recovery code finishes a log-in once, however it is typed', async () => {
    const { c, email, recoveryCodes } = await enrolled('Phoneless Coachee');
    const first = await passwordStep(email);
    const res = await first.client.post('/api/auth/login/two-factor', { recoveryCode: ` ${recoveryCodes[0].toUpperCase().replace('-', ' ')} ` });
    expect(res.statusCode).toBe(200);
    expect((await first.client.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.get('/api/auth/two-factor')).json().recoveryCodesLeft).toBe(9);

    const second = await passwordStep(email);
    const again = await second.client.post('/api/auth/login/two-factor', { recoveryCode: recoveryCodes[0] });
    expect(again.statusCode).toBe(401);
    expect(errorOf(again).message).toBe('That recovery code is not right, or it has already been used. Check it, or use the code from your app.');
    expect((await second.client.get('/api/auth/me')).statusCode).toBe(401);
    expect((await second.client.post('/api/auth/login/two-factor', { recoveryCode: recoveryCodes[1] })).statusCode).toBe(200);
    expect((await c.get('/api/auth/two-factor')).json().recoveryCodesLeft).toBe(8);
  });

  it('new recovery codes replace the old ones', async () => {
    const { c, email, secret, recoveryCodes } = await enrolled('Tidy Coach');
    const wrongPw = await c.post('/api/auth/two-factor/recovery-codes', { password: 'not my password', code: codeFor(secret) });
    expect(wrongPw.statusCode).toBe(400);
    expect(errorOf(wrongPw).fields).toEqual({ password: 'This is not your password.' });
    const res = await c.post('/api/auth/two-factor/recovery-codes', { password: PASSWORD, code: codeFor(secret) });
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((rc) => recoveryCodes.includes(rc))).toBe(false);

    const old = await passwordStep(email);
    expect((await old.client.post('/api/auth/login/two-factor', { recoveryCode: recoveryCodes[0] })).statusCode).toBe(401);
    expect((await old.client.post('/api/auth/login/two-factor', { recoveryCode: fresh[0] })).statusCode).toBe(200);
  });

  it('turning it off needs the password and a code; then the password alone logs in again', async () => {
    const { c, email, secret, recoveryCodes } = await enrolled('Relaxing Coach');
    const waiting = await passwordStep(email);

    const wrongPw = await c.post('/api/auth/two-factor/disable', { password: 'not my password', code: codeFor(secret) });
    expect(wrongPw.statusCode).toBe(400);
    expect(errorOf(wrongPw).fields).toEqual({ password: 'This is not your password.' });
    const wrongCode = await c.post('/api/auth/two-factor/disable', { password: PASSWORD, code: wrongCodeFor(secret) });
    expect(wrongCode.statusCode).toBe(400);
    expect(errorOf(wrongCode).fields).toEqual({ code: 'That code does not match. Enter the current code from your app, or an unused recovery code.' });
    const missing = await c.post('/api/auth/two-factor/disable', { password: PASSWORD });
    expect(errorOf(missing).fields).toEqual({ code: 'Enter a code from your authenticator app, or a recovery code.' });
    expect((await c.get('/api/auth/two-factor')).json().enabled).toBe(true);

    const off = await c.post('/api/auth/two-factor/disable', { password: PASSWORD, code: codeFor(secret) });
    expect(off.statusCode).toBe(200);
    expect((await c.get('/api/auth/two-factor')).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect((await c.post('/api/auth/two-factor/disable', { password: PASSWORD, code: codeFor(secret) })).statusCode).toBe(409);

    // A log-in that was waiting for its code is over; the password alone now starts a session.
    expect((await waiting.client.post('/api/auth/login/two-factor', { recoveryCode: recoveryCodes[0] })).statusCode).toBe(401);
    const plain = await passwordStep(email);
    expect(plain.res.json().user.email).toBe(email);
    expect((await plain.client.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('a recovery code can turn it off when the phone is lost', async () => {
    const { c, recoveryCodes } = await enrolled('Lost Phone');
    expect((await c.post('/api/auth/two-factor/disable', { password: PASSWORD, code: recoveryCodes[3] })).statusCode).toBe(200);
    expect((await c.get('/api/auth/two-factor')).json().enabled).toBe(false);
  });

  it('rate-limits code guesses per account, even across new pending log-ins', async () => {
    const { email, secret } = await enrolled('Guessed Coach');
    const { client } = await passwordStep(email);
    const max = ctx().config.loginMaxAttempts;
    const statuses: number[] = [];
    for (let i = 0; i < max; i++) statuses.push((await client.post('/api/auth/login/two-factor', { code: wrongCodeFor(secret) })).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await client.post('/api/auth/login/two-factor', { code: codeFor(secret) });
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited)).toEqual({ code: 'too_many_requests', message: 'Too many attempts. Wait a few minutes and try again.' });
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);

    const fresh = await passwordStep(email);
    expect((await fresh.client.post('/api/auth/login/two-factor', { code: codeFor(secret) })).statusCode).toBe(429);
  });

  it('personal API tokens keep working once two-factor is on', async () => {
    const c = await signUpClient(ctx().app, 'Scripting Coach');
    const token: string = (await c.post('/api/auth/tokens', { name: 'Nightly report' })).json().token;
    const setup = await c.post('/api/auth/two-factor/setup');
    expect((await c.post('/api/auth/two-factor/enable', { code: codeFor(setup.json().secret) })).statusCode).toBe(200);
    const script = new TestClient(ctx().app);
    script.bearer = token;
    expect((await script.get('/api/auth/me')).json().user.id).toBe(c.user?.id);
  });
});
