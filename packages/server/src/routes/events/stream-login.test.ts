import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/database.js';
import { hashSecret } from '../../lib/ids.js';
import { describeEachEngine, drainJobs, MemoryMailer, nextAddress, signUpClient, TestClient } from '../../test/harness.js';
import { openStream, type Stream } from '../../test/sse.js';
import { accept, buildWorld, type World } from '../../test/world.js';

/** Resolves when the stream has ended, or fails after `ms`. */
function endsWithin(stream: Stream, ms: number): Promise<void> {
  return Promise.race([stream.ended, new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`the stream was still open after ${ms} ms`)), ms))]);
}

/** Whether the stream is still open after `ms` (it must not have ended). */
async function stillOpenAfter(stream: Stream, ms: number): Promise<boolean> {
  return Promise.race([stream.ended.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))]);
}

async function ready(app: FastifyInstance | string, client: TestClient, engagementId: string): Promise<Stream> {
  const s = await openStream(app, client, engagementId);
  await s.waitFor((e) => e.event === 'ready');
  return s;
}

/** A coachee of its own for each test (the world's people are shared by the file), with their first login. */
async function newCoachee(app: FastifyInstance, w: World): Promise<TestClient> {
  const c = await signUpClient(app, 'Streaming Coachee');
  const inv = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: c.user?.email, role: 'coachee' });
  await accept(c, inv.json().token);
  return c;
}

/** The same person logged in a second time, on another device. */
async function secondLogin(app: FastifyInstance, person: TestClient): Promise<TestClient> {
  const c = new TestClient(app, { ip: nextAddress() });
  const res = await c.post('/api/auth/login', { email: person.user?.email, password: 'correct horse battery' });
  expect(res.statusCode).toBe(200);
  c.user = person.user;
  return c;
}

async function tokenClient(app: FastifyInstance, owner: TestClient): Promise<TestClient> {
  const script = new TestClient(app);
  script.bearer = (await owner.post('/api/auth/tokens', { name: 'Live script' })).json().token;
  return script;
}

describeEachEngine('live streams end with their login', (ctx) => {
  it('logging out closes the streams opened with that login, with a frame that says so, and only those', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const person = await newCoachee(app, w);
    const device = await secondLogin(app, person);
    const mine = await ready(app, device, w.engagementId);
    const others = await ready(app, person, w.engagementId);

    expect((await device.post('/api/auth/logout')).statusCode).toBe(200);
    await endsWithin(mine, 2000);
    expect(mine.events.at(-1)).toMatchObject({ event: 'logged-out', data: { message: 'Your login has ended. Log in again to see live changes.' } });

    // The same person's other login keeps its stream and keeps receiving.
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'Still live for the other login' });
    await others.waitFor((e) => e.data.type === 'engagement.updated');
    expect(mine.events.some((e) => e.data.type === 'engagement.updated')).toBe(false);
    others.close();
  });

  it('revoking an API token closes the streams opened with it', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const person = await newCoachee(app, w);
    const script = await tokenClient(app, person);
    const stream = await ready(app, script, w.engagementId);
    const here = await ready(app, person, w.engagementId);
    const [token] = (await person.get('/api/auth/tokens')).json().tokens as { id: string }[];
    expect((await person.delete(`/api/auth/tokens/${token.id}`)).statusCode).toBe(200);
    await endsWithin(stream, 2000);
    expect(stream.events.at(-1)?.event).toBe('logged-out');
    expect(await stillOpenAfter(here, 300)).toBe(true);
    here.close();
  });

  it('a password reset closes every stream of the account, by cookie or by token', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app);
    const person = await newCoachee(app, w);
    const email = person.user?.email as string;
    const byCookie = await ready(app, person, w.engagementId);
    const byToken = await ready(app, await tokenClient(app, person), w.engagementId);
    const coach = await ready(app, w.coach, w.engagementId);

    await new TestClient(app, { ip: nextAddress() }).post('/api/auth/password-reset', { email });
    await drainJobs(app);
    const token = /reset-password#token=([\w-]+)/.exec(mailer.lastTo(email)?.text ?? '')?.[1];
    const res = await new TestClient(app, { ip: nextAddress() }).post('/api/auth/password-reset/confirm', { token, password: 'reset to this one' });
    expect(res.statusCode).toBe(200);
    await Promise.all([endsWithin(byCookie, 2000), endsWithin(byToken, 2000)]);
    expect(await stillOpenAfter(coach, 300)).toBe(true);
    coach.close();
  });

  it('a password change closes the streams of the other logins and keeps the one it was made from', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const person = await newCoachee(app, w);
    const other = await ready(app, await secondLogin(app, person), w.engagementId);
    const here = await ready(app, person, w.engagementId);
    const res = await person.post('/api/auth/password', { currentPassword: 'correct horse battery', newPassword: 'changed while streaming' });
    expect(res.statusCode).toBe(200);
    await endsWithin(other, 2000);
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'Seen by the login that changed it' });
    await here.waitFor((e) => e.data.type === 'engagement.updated');
    here.close();
  });

  it('a login that expires closes its stream within the check interval: idle expiry and the absolute lifetime', async () => {
    const { app, config, database } = ctx();
    // A second instance on the same database that checks often, as STREAM_LOGIN_CHECK_SECONDS would set.
    const quick = await buildApp({ ...config, streamLoginCheckMs: 100 }, { database, mailer: new MemoryMailer(), logger: false });
    try {
      const base = await quick.listen({ port: 0, host: '127.0.0.1' });
      const w = await buildWorld(app);
      const person = await newCoachee(app, w);
      const idle = await secondLogin(app, person);
      const old = await secondLogin(app, person);
      const idleStream = await ready(base, idle, w.engagementId);
      const oldStream = await ready(base, old, w.engagementId);
      const control = await ready(base, w.coach, w.engagementId);

      const past = new Date(Date.now() - 1000).toISOString();
      await database.db.updateTable('auth_sessions').set({ expires_at: past }).where('id', '=', hashSecret(idle.cookies.carriage_session)).execute();
      await endsWithin(idleStream, 2000);
      expect(await stillOpenAfter(oldStream, 300)).toBe(true);

      // Used every day, but started longer ago than SESSION_MAX_DAYS.
      const longAgo = new Date(Date.now() - (config.sessionMaxDays * 86_400_000 + 60_000)).toISOString();
      await database.db.updateTable('auth_sessions').set({ created_at: longAgo }).where('id', '=', hashSecret(old.cookies.carriage_session)).execute();
      await endsWithin(oldStream, 2000);
      expect(await stillOpenAfter(control, 300)).toBe(true);
      control.close();
    } finally {
      quick.server.closeAllConnections();
      await quick.close();
    }
  });
});

// Several instances share one database only on PostgreSQL.
describeEachEngine(
  'live streams end with their login across instances',
  (ctx) => {
    it('logging out through one instance closes the stream held by another within its check interval', async () => {
      const { app, config } = ctx();
      const second = await buildApp(
        { ...config, streamLoginCheckMs: 200 },
        { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false },
      );
      try {
        const base2 = await second.listen({ port: 0, host: '127.0.0.1' });
        const w = await buildWorld(app);
        const device = await secondLogin(app, await newCoachee(app, w));
        const stream = await ready(base2, device, w.engagementId);
        const started = Date.now();
        expect((await device.post('/api/auth/logout')).statusCode).toBe(200);
        await endsWithin(stream, 3000);
        expect(Date.now() - started).toBeLessThan(3000);
        expect(stream.events.at(-1)?.event).toBe('logged-out');
      } finally {
        second.server.closeAllConnections();
        await second.close();
        await second.database.close();
      }
    });
  },
  ['postgres'],
);
