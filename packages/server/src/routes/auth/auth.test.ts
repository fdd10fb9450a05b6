import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, errorOf, signUpClient, TestClient } from '../../test/harness.js';

describeEachEngine('accounts', (ctx) => {
  const anon = () => new TestClient(ctx().app);

  it('signs up, says who I am, logs out and back in', async () => {
    const c = anon();
    const res = await c.post('/api/auth/signup', { name: 'Ada Coach', email: 'Ada@Example.com', password: 'long enough pw' });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ name: 'Ada Coach', email: 'ada@example.com' });
    const cookie = res.headers['set-cookie'] as string[];
    expect(cookie.find((s) => s.startsWith('carriage_session='))).toMatch(/HttpOnly; SameSite=Lax/);

    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('ada@example.com');

    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    const login = await c.post('/api/auth/login', { email: 'ADA@example.com', password: 'long enough pw' });
    expect(login.statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).json().user.name).toBe('Ada Coach');
  });

  it('logging out ends the session on the server, not only the cookie', async () => {
    const c = await signUpClient(ctx().app, 'Leaving Person');
    const stolen = { ...c.cookies };
    await c.post('/api/auth/logout');
    const replay = new TestClient(ctx().app);
    replay.cookies = stolen;
    expect((await replay.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses bad sign-up input with a sentence per field', async () => {
    const c = anon();
    const res = await c.post('/api/auth/signup', { name: '', email: 'not-an-email', password: 'short' });
    expect(res.statusCode).toBe(400);
    const err = errorOf(res);
    expect(err.code).toBe('validation_failed');
    expect(err.fields).toEqual({
      name: 'Enter your name.',
      email: 'Enter a valid email address, like name@example.com.',
      password: 'Use a password of at least 10 characters.',
    });

    const missing = await c.post('/api/auth/signup', {});
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).fields).toMatchObject({ name: 'Enter your name.', email: 'Enter an email address.', password: 'Enter a password.' });

    const wrongType = await c.post('/api/auth/signup', { name: 42, email: 'x@example.com', password: 'long enough pw' });
    expect(wrongType.statusCode).toBe(400);
    expect(errorOf(wrongType).fields?.name).toBe('Enter your name.');

    const tooLong = await c.post('/api/auth/signup', { name: 'n'.repeat(121), email: 'x@example.com', password: 'long enough pw' });
    expect(tooLong.statusCode).toBe(400);
    expect(errorOf(tooLong).message).toBe('Use a name of at most 120 characters.');

    const longEmail = await c.post('/api/auth/signup', { name: 'N', email: `${'a'.repeat(250)}@example.com`, password: 'long enough pw' });
    expect(errorOf(longEmail).fields?.email).toBe('That email address is too long (at most 254 characters).');
  });

  it('refuses malformed JSON with a 400 in the one error shape', async () => {
    const res = await anon().request('POST', '/api/auth/login', '{"email": ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
  });

  it('refuses a duplicate email with 409', async () => {
    const first = await signUpClient(ctx().app, 'Dup Person');
    const res = await anon().post('/api/auth/signup', { name: 'Other', email: first.user?.email.toUpperCase(), password: 'long enough pw' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({
      code: 'email_taken',
      message: 'An account with this email already exists. Log in, or reset your password if you forgot it.',
    });
  });

  it('bad credentials say the same thing whichever part was wrong', async () => {
    const u = await signUpClient(ctx().app, 'Cred Person');
    const wrongPw = await anon().post('/api/auth/login', { email: u.user?.email, password: 'wrong password!' });
    const noUser = await anon().post('/api/auth/login', { email: 'nobody-here@example.com', password: 'wrong password!' });
    expect(wrongPw.statusCode).toBe(401);
    expect(noUser.statusCode).toBe(401);
    expect(errorOf(wrongPw)).toEqual(errorOf(noUser));
    expect(errorOf(wrongPw).message).toBe('That email and password do not match an account. Check both, or reset your password.');
  });

  it('rate-limits repeated login attempts for one email', async () => {
    const email = 'target-of-guessing@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < ctx().config.loginMaxAttempts + 1; i++) {
      statuses.push((await anon().post('/api/auth/login', { email, password: `guess number ${i}` })).statusCode);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    const last = await anon().post('/api/auth/login', { email, password: 'one more guess' });
    expect(last.statusCode).toBe(429);
    expect(errorOf(last)).toEqual({ code: 'too_many_requests', message: 'Too many attempts. Wait a few minutes and try again.' });
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const c = await signUpClient(ctx().app, 'Csrf Person');
    const res = await c.request('POST', '/api/auth/tokens', { name: 'x' }, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('csrf_failed');
    const ok = await c.post('/api/auth/tokens', { name: 'x' });
    expect(ok.statusCode).toBe(201);
  });

  it('resets a forgotten password with a single-use emailed link, ending old sessions', async () => {
    const c = await signUpClient(ctx().app, 'Forgetful Person');
    const email = c.user?.email as string;
    const res = await anon().post('/api/auth/password-reset', { email });
    expect(res.statusCode).toBe(202);
    const unknown = await anon().post('/api/auth/password-reset', { email: 'nobody-at-all@example.com' });
    expect(unknown.statusCode).toBe(202);

    await drainJobs(ctx().app);
    const mail = ctx().mailer.lastTo(email);
    expect(mail?.subject).toBe('Reset your Carriage password');
    const token = /reset-password#token=([\w-]+)/.exec(mail?.text ?? '')?.[1] as string;
    expect(token).toBeTruthy();

    const weak = await anon().post('/api/auth/password-reset/confirm', { token, password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(errorOf(weak).fields?.password).toBe('Use a password of at least 10 characters.');

    const done = await anon().post('/api/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(done.statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    const again = await anon().post('/api/auth/password-reset/confirm', { token, password: 'another new password' });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again).message).toBe('This reset link has already been used. Ask for a new one from the log-in page.');

    const bogus = await anon().post('/api/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'another new password' });
    expect(bogus.statusCode).toBe(410);

    expect((await anon().post('/api/auth/login', { email, password: 'correct horse battery' })).statusCode).toBe(401);
    expect((await anon().post('/api/auth/login', { email, password: 'a brand new password' })).statusCode).toBe(200);
  });

  it('issues, uses and revokes personal API tokens', async () => {
    const c = await signUpClient(ctx().app, 'Script Writer');
    const created = await c.post('/api/auth/tokens', { name: 'My script' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^crg_/);

    const list = await c.get('/api/auth/tokens');
    expect(list.json().tokens).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(token);

    const script = new TestClient(ctx().app);
    script.bearer = token;
    const me = await script.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(c.user?.id);
    // A token needs no CSRF header for writes.
    expect((await script.post('/api/auth/tokens', { name: 'second' })).statusCode).toBe(201);

    expect((await c.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(200);
    const after = await script.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).message).toBe('That API token is not valid or has been revoked. Create a new one in Settings.');
    expect((await c.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(404);
  });

  it('changes the password with the current one, logging out other sessions', async () => {
    const c = await signUpClient(ctx().app, 'Changer Person');
    const other = new TestClient(ctx().app);
    await other.post('/api/auth/login', { email: c.user?.email, password: 'correct horse battery' });
    const wrong = await c.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'a fresh new password' });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).fields).toEqual({ currentPassword: 'This is not your current password.' });
    const ok = await c.post('/api/auth/password', { currentPassword: 'correct horse battery', newPassword: 'a fresh new password' });
    expect(ok.statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('answers an unknown API route with 404 in the error shape', async () => {
    const res = await anon().get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('not_found');
  });

  it('describes itself with OpenAPI', async () => {
    const res = await anon().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/signup');
    expect(doc.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema.required).toEqual(['name', 'email', 'password']);
  });

  it('sends a Content-Security-Policy and other security headers', async () => {
    const res = await anon().get('/api/auth/me');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
