import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../lib/secret-box.js';
import { JobWorker, runDueJobs } from '../../plugins/job-worker.js';
import { registerJobKinds } from '../../services/jobs/job-kinds.js';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS } from '../../services/webhooks/deliver-webhook.js';
import { addressAllowed, checkWebhookUrl, guardedLookup } from '../../services/webhooks/webhook-address.js';
import { describeEachEngine, errorOf, signUpClient, type TestClient } from '../../test/harness.js';
import { boardOf } from '../../test/session-helpers.js';
import { WebhookReceiver } from '../../test/webhook-receiver.js';
import { buildWorld, type World } from '../../test/world.js';

async function makeCard(w: World, body: { type: string; title: string }) {
  const res = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: (await boardOf(w)).todo.id, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

const receiver = new WebhookReceiver();
let endpoint = '';
beforeAll(async () => {
  endpoint = await receiver.start();
});
afterAll(() => receiver.stop());

async function register(coach: TestClient, body: Record<string, unknown>) {
  const res = await coach.post('/api/webhooks', { url: endpoint, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; engagementId: string | null; eventTypes: string[] };
}

/** Runs the due webhook jobs (tests drive the job worker; `now` moves its clock). */
const deliver = (app: Parameters<typeof runDueJobs>[0], now?: Date) => runDueJobs(app, { kinds: ['webhook'], now });

const verify = (secret: string, r: { headers: Record<string, string>; body: string }) => new Webhook(secret).verify(r.body, r.headers);
const ids = (list: { headers: Record<string, string> }[]) => list.map((r) => r.headers['webhook-id']);

describeEachEngine(
  'webhooks',
  (ctx) => {
    it('delivers a chosen event to the coach’s endpoint, signed per Standard Webhooks, and logs the attempt', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Hooked engagement');
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['card.created'], description: 'Our CRM' });
      expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      // The secret is shown once: never in the list again.
      const listed = await w.coach.get('/api/webhooks');
      expect(listed.body).not.toContain(hook.secret);
      expect(listed.json().webhooks[0]).toMatchObject({
        id: hook.id,
        engagementId: w.engagementId,
        engagementTitle: 'Hooked engagement',
        description: 'Our CRM',
      });

      const card = await makeCard(w, { type: 'task', title: 'Draft the team charter' });
      // A move is not subscribed to: it never goes out.
      const moved = await w.coach.post(`/api/cards/${card.id}/move`, { columnId: (await boardOf(w)).verify.id, version: card.version });
      expect(moved.statusCode).toBe(200);
      const before = receiver.received.length;
      expect(await deliver(app)).toEqual({ done: 1, retried: 0, failed: 0 });
      const got = receiver.received.slice(before);
      expect(got).toHaveLength(1);
      const [r] = got as [(typeof got)[number]];
      expect(verify(hook.secret, r)).toMatchObject({ type: 'card.created', data: { engagementId: w.engagementId, entityId: card.id } });
      expect(r.json.data.payload.card.title).toBe('Draft the team charter');
      expect(r.headers['webhook-id']).toMatch(/^msg_/);
      expect(Number(r.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
      // A wrong secret or a changed body fails verification.
      expect(() => verify(`whsec_${crypto.randomBytes(32).toString('base64')}`, r)).toThrow();
      expect(() => verify(hook.secret, { ...r, body: r.body.replace('team', 'TEAM') })).toThrow();

      const log = (await w.coach.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries;
      expect(log).toEqual([
        expect.objectContaining({
          id: r.headers['webhook-id'],
          eventType: 'card.created',
          status: 'delivered',
          nextAttemptAt: null,
          attempts: [expect.objectContaining({ attempt: 1, statusCode: 200, error: null })],
        }),
      ]);
      expect(log[0].attempts[0].durationMs).toBeGreaterThanOrEqual(0);
      expect((await w.coach.get('/api/webhooks')).json().webhooks[0].lastDelivery).toMatchObject({ status: 'delivered' });
    });

    it('retries a failed delivery on the schedule with the same webhook-id, and gives up after the last attempt', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Flaky receiver');
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['card.created'] });
      await makeCard(w, { type: 'task', title: 'Retried card' });
      const start = Date.now();
      const at = (ms: number) => new Date(start + ms);
      receiver.answerWith(500);
      const before = receiver.received.length;
      expect(await deliver(app, at(0))).toEqual({ done: 0, retried: 1, failed: 0 });
      let log = (await w.coach.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries[0];
      expect(log.status).toBe('pending');
      expect(log.attempts[0]).toMatchObject({ attempt: 1, statusCode: 500, error: 'The endpoint answered 500 Internal Server Error.' });
      expect(Date.parse(log.nextAttemptAt)).toBe(start + RETRY_SCHEDULE_MS[0]);
      // Not yet due: nothing goes out.
      expect(await deliver(app, at(RETRY_SCHEDULE_MS[0] - 1000))).toEqual({ done: 0, retried: 0, failed: 0 });
      expect(await deliver(app, at(RETRY_SCHEDULE_MS[0] + 1))).toEqual({ done: 1, retried: 0, failed: 0 });
      const attempts = receiver.received.slice(before);
      expect(new Set(ids(attempts))).toEqual(new Set([attempts[0]?.headers['webhook-id']]));
      for (const a of attempts) expect(verify(hook.secret, a)).toBeTruthy();
      log = (await w.coach.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries[0];
      expect(log.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);

      // An endpoint that never accepts: eight attempts over the schedule, then failed for good.
      await makeCard(w, { type: 'task', title: 'Never accepted' });
      receiver.answerWith(...Array(MAX_ATTEMPTS).fill(503));
      let clock = Date.now();
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await deliver(app, new Date(clock));
        clock += RETRY_SCHEDULE_MS[Math.min(i, RETRY_SCHEDULE_MS.length - 1)] ?? 0;
      }
      log = (await w.coach.get(`/api/webhooks/${hook.id}/deliveries`)).json().deliveries[0];
      expect(log.status).toBe('failed');
      expect(log.attempts).toHaveLength(MAX_ATTEMPTS);
      expect(await deliver(app, new Date(clock + 86_400_000))).toEqual({ done: 0, retried: 0, failed: 0 });
    });

    it('a webhook for all of a coach’s engagements receives each of them, a later one too, and no one else’s', async () => {
      const { app } = ctx();
      const coach = await signUpClient(app, 'Portfolio Coach');
      const other = await buildWorld(app, 'Someone else’s engagement');
      const hook = await register(coach, { eventTypes: ['engagement.created', 'card.created'] });
      const created: string[] = [];
      for (const title of ['First client', 'Second client']) {
        const res = await coach.post('/api/engagements', { title, clientType: 'individual' });
        created.push(res.json().id);
      }
      await makeCard(other, { type: 'task', title: 'Not the portfolio coach’s' });
      const before = receiver.received.length;
      await deliver(app);
      const got = receiver.received.slice(before).filter((r) => verify(hook.secret, r));
      expect(got.map((r) => [r.json.type, r.json.data.engagementId]).sort()).toEqual(created.map((id) => ['engagement.created', id]).sort());
    });

    it('only the engagement’s coach registers a webhook for it; a webhook and its log are its owner’s alone', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Who may hook');
      const body = { url: endpoint, engagementId: w.engagementId, eventTypes: ['card.created'] };
      for (const who of [w.coachee, w.sponsor]) {
        const res = await who.post('/api/webhooks', body);
        expect(res.statusCode).toBe(403);
        expect(errorOf(res).message).toBe('Only the coach sends this engagement’s changes to other systems (webhooks).');
      }
      expect((await w.outsider.post('/api/webhooks', body)).statusCode).toBe(404);
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['card.created'] });
      for (const who of [w.coachee, w.outsider]) {
        expect((await who.get(`/api/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
        expect((await who.delete(`/api/webhooks/${hook.id}`)).statusCode).toBe(404);
        expect((await who.get('/api/webhooks')).json().webhooks.map((h: { id: string }) => h.id)).not.toContain(hook.id);
      }
      expect((await w.coach.delete(`/api/webhooks/${hook.id}`)).statusCode).toBe(200);
      await makeCard(w, { type: 'task', title: 'After the webhook was deleted' });
      const before = receiver.received.length;
      await deliver(app);
      expect(receiver.received.slice(before).filter((r) => r.json.data.engagementId === w.engagementId)).toEqual([]);
    });

    it('refuses endpoints that are not public https addresses, and event types outside the catalog, with sentences', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Bad endpoints');
      const cases: [string, string][] = [
        ['http://hooks.example.com/x', 'Webhooks are sent only to https:// addresses.'],
        ['https://10.1.2.3/x', 'That address is on a private network. Give an address the internet can reach.'],
        ['https://[fd00::1]/x', 'That address is on a private network. Give an address the internet can reach.'],
        ['https://user:pass@hooks.example.com/x', 'Leave the user name and password out of the address; each delivery is signed instead.'],
        ['not a url', 'Give a full web address, like https://example.com/hooks/carriage.'],
      ];
      for (const [url, message] of cases) {
        const res = await w.coach.post('/api/webhooks', { url, engagementId: w.engagementId, eventTypes: ['card.created'] });
        expect(res.statusCode, url).toBe(400);
        expect(errorOf(res).fields?.url).toBe(message);
      }
      const res = await w.coach.post('/api/webhooks', { url: 'https://hooks.example.com/x', eventTypes: ['card.teleported'] });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).message).toBe('Choose event types from the list of event types (GET /api/webhooks/event-types).');
      const types = (await w.coach.get('/api/webhooks/event-types')).json().eventTypes;
      expect(types).toContainEqual({ type: 'card.moved', audience: 'workers', about: expect.stringContaining('moved') });
    });

    it('a webhook gets the coach’s events, and a private note’s change without its text', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Private notes stay private');
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['session.private_notes_updated', 'session.notes_updated'] });
      const s = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
        startsAt: '2026-03-17T09:00:00+01:00',
        durationMinutes: 60,
        timeZone: 'Europe/Paris',
      });
      const sessionId = s.json().sessions[0].id;
      await w.coach.post(`/api/sessions/${sessionId}/stage`, { stage: 'wifle' });
      const secret = 'CANARY-private-observation-4471';
      expect((await w.coach.put(`/api/sessions/${sessionId}/notes`, { private: secret, shared: 'We agreed on two steps.' })).statusCode).toBe(200);
      const before = receiver.received.length;
      await deliver(app);
      const got = receiver.received.slice(before).filter((r) => r.json.data.engagementId === w.engagementId);
      expect(got.map((r) => r.json.type).sort()).toEqual(['session.notes_updated', 'session.private_notes_updated']);
      for (const r of got) {
        expect(verify(hook.secret, r)).toBeTruthy();
        expect(r.body).not.toContain(secret);
        expect(r.body).not.toContain('two steps');
      }
    });

    it('workers of two instances send each delivery once', async () => {
      const { app, database } = ctx();
      const w = await buildWorld(app, 'Two workers');
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['card.created'] });
      for (let i = 0; i < 12; i++) await makeCard(w, { type: 'task', title: `Card ${i}` });
      const second = new JobWorker(database.db, database.engine, app.log);
      registerJobKinds(second, { config: ctx().config, mailer: ctx().mailer, secrets: app.secrets });
      const before = receiver.received.length;
      const [a, b] = await Promise.all([deliver(app), second.runDue({ kinds: ['webhook'] })]);
      expect(a.done + b.done).toBe(12);
      const got = receiver.received.slice(before).filter((r) => verify(hook.secret, r));
      expect(new Set(ids(got)).size).toBe(12);
      expect(got).toHaveLength(12);
    });
  },
  ['sqlite', 'postgres'],
  { webhookAllowLoopback: true },
);

describeEachEngine(
  'webhooks sent on their own',
  (ctx) => {
    it('goes out from the jobs table on its own once the change commits, and seals the secret at rest', async () => {
      const { app } = ctx();
      const w = await buildWorld(app, 'Prompt delivery');
      const hook = await register(w.coach, { engagementId: w.engagementId, eventTypes: ['card.created'] });
      const row = await app.db.selectFrom('webhooks').select('secret').where('id', '=', hook.id).executeTakeFirstOrThrow();
      expect(row.secret).toMatch(/^aes-256-gcm:/);
      expect(row.secret).not.toContain(hook.secret.slice(6, 20));
      const card = await makeCard(w, { type: 'task', title: 'Sent promptly' });
      const deadline = Date.now() + 8000;
      while (!receiver.received.some((r) => r.json.data.entityId === card.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const got = receiver.received.find((r) => r.json.data.entityId === card.id);
      expect(got && verify(hook.secret, got)).toMatchObject({ type: 'card.created' });
    });
  },
  ['sqlite', 'postgres'],
  // The job worker polls as it does in production (a tenth of a second here).
  { webhookAllowLoopback: true, jobPollIntervalMs: 100, webhookSecretsKey: crypto.randomBytes(32).toString('base64') },
);

describe('webhook addresses', () => {
  it('are public https addresses; loopback only when allowed; private addresses are refused when a name resolves to them', async () => {
    expect(() => checkWebhookUrl('http://127.0.0.1:8080/x', false)).toThrow('Webhooks are sent only to https:// addresses.');
    expect(() => checkWebhookUrl('https://localhost/x', false)).toThrow('private network');
    expect(checkWebhookUrl('http://127.0.0.1:8080/x#frag', true)).toBe('http://127.0.0.1:8080/x');
    expect(checkWebhookUrl('https://hooks.example.com/carriage', false)).toBe('https://hooks.example.com/carriage');
    for (const a of ['10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::ffff:10.0.0.1', 'fe80::1', '127.0.0.1', '0.0.0.0']) {
      expect(addressAllowed(a, false), a).toBe(false);
    }
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('93.184.216.34', false)).toBe(true);
    const looked = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup(false)('localhost', {}, (err) => resolve(err)));
    expect(looked?.message).toBe('localhost resolves to a private address; webhooks go only to public addresses.');
  });

  it('secrets are sealed with the key and opened again; without a key they are kept as they are', () => {
    const key = crypto.randomBytes(32).toString('base64');
    const box = new SecretBox(key);
    const sealed = box.seal('whsec_abc');
    expect(sealed).not.toContain('abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(() => new SecretBox(crypto.randomBytes(32).toString('base64')).open(sealed)).toThrow();
    expect(new SecretBox(null).seal('whsec_abc')).toBe('plain:whsec_abc');
    expect(box.open('plain:whsec_abc')).toBe('whsec_abc');
    expect(() => new SecretBox('short')).toThrow('WEBHOOK_SECRETS_KEY must be 32 bytes');
  });
});
