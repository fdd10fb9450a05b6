import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, errorOf, nextAddress, signUpClient, TestClient } from '../../test/harness.js';

const PASSWORD = 'correct horse battery';

describeEachEngine('account recovery', (ctx) => {
  const anon = () => new TestClient(ctx().app, { ip: nextAddress() });

  /** Asks for a reset link for this email, lets the worker send it, and returns the token from the email. */
  async function resetLink(email: string): Promise<string> {
    const res = await anon().post('/api/auth/password-reset', { email });
    expect(res.statusCode).toBe(202);
    await drainJobs(ctx().app);
    const token = /reset-password#token=([\w-]+)/.exec(ctx().mailer.lastTo(email)?.text ?? '')?.[1];
    if (!token) throw new Error('no reset link was emailed');
    return token;
  }

  async function apiToken(c: TestClient): Promise<TestClient> {
    const created = await c.post('/api/auth/tokens', { name: 'Script' });
    expect(created.statusCode).toBe(201);
    const script = new TestClient(ctx().app);
    script.bearer = created.json().token;
    return script;
  }

  async function loggedInElsewhere(email: string, password = PASSWORD): Promise<TestClient> {
    const other = anon();
    expect((await other.post('/api/auth/login', { email, password })).statusCode).toBe(200);
    return other;
  }

  it('a confirmed reset ends every session and API token of the account and every other open reset link', async () => {
    const c = await signUpClient(ctx().app, 'Recovering Person');
    const email = c.user?.email as string;
    const laptop = await loggedInElsewhere(email);
    const script = await apiToken(c);
    expect((await script.get('/api/auth/me')).statusCode).toBe(200);

    const older = await resetLink(email);
    const newer = await resetLink(email);
    const done = await anon().post('/api/auth/password-reset/confirm', { token: newer, password: 'a brand new password' });
    expect(done.statusCode).toBe(200);

    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(401);
    const tokenAfter = await script.get('/api/auth/me');
    expect(tokenAfter.statusCode).toBe(401);
    expect(errorOf(tokenAfter).message).toBe('That API token is not valid or has been revoked. Create a new one in Settings.');

    // The older link stopped working when the newer one was used: it can't set a password the owner doesn't know.
    const old = await anon().post('/api/auth/password-reset/confirm', { token: older, password: 'the attackers password' });
    expect(old.statusCode).toBe(410);
    expect(errorOf(old).message).toBe(
      'This reset link no longer works: a newer link was used, or the password was changed since it was sent. Ask for a new one from the log-in page.',
    );
    expect((await anon().post('/api/auth/login', { email, password: 'the attackers password' })).statusCode).toBe(401);
    const back = anon();
    expect((await back.post('/api/auth/login', { email, password: 'a brand new password' })).statusCode).toBe(200);
    expect((await back.get('/api/auth/tokens')).json().tokens).toEqual([]);
  });

  it('a reset link asked for before a password change stops working after it', async () => {
    const c = await signUpClient(ctx().app, 'Changing Person');
    const email = c.user?.email as string;
    const link = await resetLink(email);
    const changed = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'my own new password' });
    expect(changed.statusCode).toBe(200);
    const res = await anon().post('/api/auth/password-reset/confirm', { token: link, password: 'someone elses password' });
    expect(res.statusCode).toBe(410);
    expect(errorOf(res).message).toMatch(/^This reset link no longer works/);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await anon().post('/api/auth/login', { email, password: 'my own new password' })).statusCode).toBe(200);
    // A link asked for after the change works as usual.
    const fresh = await resetLink(email);
    expect((await anon().post('/api/auth/password-reset/confirm', { token: fresh, password: 'a third password here' })).statusCode).toBe(200);
  });

  it('a password change ends the other logins, keeps this one, and revokes API tokens only when asked', async () => {
    const c = await signUpClient(ctx().app, 'Careful Person');
    const email = c.user?.email as string;
    const phone = await loggedInElsewhere(email);
    const kept = await apiToken(c);

    const first = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'second password here' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ok: true, otherSessionsEnded: 1, apiTokensRevoked: 0 });
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    expect((await kept.get('/api/auth/me')).statusCode).toBe(200);

    const other = await apiToken(c);
    const second = await c.post('/api/auth/password', { currentPassword: 'second password here', newPassword: 'third password here', endApiTokens: true });
    expect(second.json()).toEqual({ ok: true, otherSessionsEnded: 0, apiTokensRevoked: 2 });
    expect((await kept.get('/api/auth/me')).statusCode).toBe(401);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);

    const bad = await c.post('/api/auth/password', { currentPassword: 'third password here', newPassword: 'fourth password!', endApiTokens: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.endApiTokens).toBe('Say true or false for endApiTokens (whether to revoke your API tokens too).');
  });

  it('a change made with an API token that revokes tokens revokes that token too, and ends every session', async () => {
    const c = await signUpClient(ctx().app, 'Scripted Person');
    const script = await apiToken(c);
    const res = await script.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'changed by a script', endApiTokens: true });
    expect(res.json()).toEqual({ ok: true, otherSessionsEnded: 1, apiTokensRevoked: 1 });
    expect((await script.get('/api/auth/me')).statusCode).toBe(401);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('two reset links confirmed at the same moment: one wins, the other is refused, and the winner’s password holds', async () => {
    const c = await signUpClient(ctx().app, 'Raced Person');
    const email = c.user?.email as string;
    for (let round = 0; round < 3; round++) {
      const links = [await resetLink(email), await resetLink(email)];
      const passwords = [`first racer ${round} pw`, `second racer ${round} pw`];
      const results = await Promise.all(links.map((token, i) => anon().post('/api/auth/password-reset/confirm', { token, password: passwords[i] })));
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses).toEqual([200, 410]);
      const winner = results.findIndex((r) => r.statusCode === 200);
      expect((await anon().post('/api/auth/login', { email, password: passwords[winner] })).statusCode).toBe(200);
      expect((await anon().post('/api/auth/login', { email, password: passwords[1 - winner] })).statusCode).toBe(401);
    }
  });

  it('a password change racing a reset: the change never silently undoes the reset', async () => {
    const c = await signUpClient(ctx().app, 'Double Person');
    const email = c.user?.email as string;
    const link = await resetLink(email);
    const [change, reset] = await Promise.all([
      c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'changed in settings' }),
      anon().post('/api/auth/password-reset/confirm', { token: link, password: 'chosen from the link' }),
    ]);
    // Whichever ran second was refused, so exactly one of the two passwords works.
    expect([change.statusCode, reset.statusCode].filter((s) => s === 200)).toHaveLength(1);
    const works = await Promise.all(
      ['changed in settings', 'chosen from the link'].map(async (password) => (await anon().post('/api/auth/login', { email, password })).statusCode),
    );
    expect([...works].sort()).toEqual([200, 401]);
    expect(works[0] === 200).toBe(change.statusCode === 200);
  });
});
