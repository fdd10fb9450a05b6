import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { Engine } from '../db/database.js';
import { drainJobs, freshDatabase, MemoryMailer, postgresIsReady, signUpClient, TestClient } from '../test/harness.js';

/**
 * The request log at its most talkative level, read back after a day's worth of secret-bearing
 * requests: passwords, session cookies, CSRF tokens, API tokens, invitation, calendar and reset
 * tokens must appear nowhere in it.
 */
for (const engine of ['sqlite', 'postgres'] as const satisfies readonly Engine[]) {
  // Built here rather than by describeEachEngine because the log must be captured; skipped alike without PostgreSQL.
  describe.skipIf(engine === 'postgres' && !postgresIsReady)(`secrets in logs [${engine}]`, () => {
    const lines: string[] = [];
    let app: FastifyInstance;
    let close: () => Promise<void> = async () => {};
    const mailer = new MemoryMailer();

    beforeAll(async () => {
      const fresh = await freshDatabase(engine);
      const stream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      app = await buildApp({ ...fresh.config, logLevel: 'trace' }, { database: fresh.database, mailer, logStream: stream });
      await app.ready();
      close = async () => {
        await app.close();
        await fresh.database.close();
        await fresh.drop();
      };
    }, 30_000);
    afterAll(() => close());

    it('no password, cookie or token reaches the log', async () => {
      const secrets: string[] = [];
      const coach = await signUpClient(app, 'Logged Coach');
      const invitee = await signUpClient(app, 'Logged Coachee');
      secrets.push('correct horse battery', ...Object.values(coach.cookies), coach.csrf as string);

      const tokenRes = await coach.post('/api/auth/tokens', { name: 'Script' });
      const apiToken = tokenRes.json().token as string;
      secrets.push(apiToken);
      const script = new TestClient(app);
      script.bearer = apiToken;
      expect((await script.get('/api/auth/me')).statusCode).toBe(200);

      const engagement = await coach.post('/api/engagements', { title: 'Logged engagement', clientType: 'individual' });
      const inv = await coach.post(`/api/engagements/${engagement.json().id}/invitations`, { email: invitee.user?.email, role: 'coachee' });
      const invitationToken = inv.json().token as string;
      secrets.push(invitationToken);
      expect((await new TestClient(app).get(`/api/invitations/${invitationToken}/preview`)).statusCode).toBe(200);
      expect((await invitee.post(`/api/invitations/${invitationToken}/accept`)).statusCode).toBe(200);

      const feed = await coach.post('/api/calendar');
      const feedPath = new URL(feed.json().url).pathname;
      secrets.push(feedPath.replace('/api/calendar/', '').replace('.ics', ''));
      expect((await new TestClient(app).get(feedPath)).statusCode).toBe(200);

      expect((await new TestClient(app).post('/api/auth/password-reset', { email: coach.user?.email })).statusCode).toBe(202);
      await drainJobs(app);
      const resetToken = /#token=([\w-]+)/.exec(mailer.lastTo(coach.user?.email as string)?.text ?? '')?.[1] as string;
      expect(resetToken).toBeTruthy();
      secrets.push(resetToken);
      const newPassword = 'another long passphrase';
      secrets.push(newPassword);
      expect((await new TestClient(app).post('/api/auth/password-reset/confirm', { token: resetToken, password: newPassword })).statusCode).toBe(200);
      const login = new TestClient(app);
      expect((await login.post('/api/auth/login', { email: coach.user?.email, password: newPassword })).statusCode).toBe(200);
      secrets.push(...Object.values(login.cookies));

      // Refusals log too: a wrong token, a wrong password.
      const wrong = new TestClient(app);
      wrong.bearer = `${apiToken.slice(0, -4)}zzzz`;
      secrets.push(wrong.bearer);
      expect((await wrong.get('/api/auth/me')).statusCode).toBe(401);
      expect((await new TestClient(app).post('/api/auth/login', { email: coach.user?.email, password: 'a wrong guess here' })).statusCode).toBe(401);
      secrets.push('a wrong guess here');

      const log = lines.join('');
      expect(log).toContain('incoming request');
      expect(log).toContain('/api/invitations/[redacted]/accept');
      const leaked = secrets.filter((s) => s && log.includes(s));
      expect(leaked).toEqual([]);
    });
  });
}
