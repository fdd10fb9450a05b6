import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { runDueJobs } from '../../plugins/job-worker.js';
import { describeEachEngine, ONE_OFF_JOBS, signUpClient, TestClient } from '../../test/harness.js';
import { startSmtpReceiver } from '../../test/smtp-receiver.js';

const SMTP_DELAY_MS = 1_500;

/**
 * Asking for a reset link must not tell whether an address has an account: both answers do the same
 * work (queue one job) and neither waits for the mail server, however slow it is.
 */
describeEachEngine('password reset answers', (ctx) => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    smtp = await startSmtpReceiver({ delayMs: SMTP_DELAY_MS });
    app = await buildApp({ ...ctx().config, smtpUrl: smtp.url }, { database: ctx().database, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('take the same path whether or not the account exists, and do not wait for a slow mail server', async () => {
    const person = await signUpClient(app, 'Reset Person');
    const known = person.user?.email as string;
    const unknown = 'no-account-here@example.com';
    const jobsFor = (email: string) =>
      app.db
        .selectFrom('jobs')
        .select(['kind', 'payload', 'status', 'engagement_id'])
        .where('kind', '=', 'password-reset')
        .where('payload', 'like', `%${email}%`)
        .execute();

    const answers: Record<string, { status: number; body: string; ms: number }> = {};
    for (const email of [known, unknown, known, unknown]) {
      const started = performance.now();
      const res = await new TestClient(app).post('/api/auth/password-reset', { email });
      answers[email] = { status: res.statusCode, body: res.body, ms: performance.now() - started };
    }
    expect(answers[known].status).toBe(202);
    expect(answers[unknown]).toMatchObject({ status: 202, body: answers[known].body });
    // Neither answer waited for the mail server (which takes 1.5 s to accept a message).
    expect(answers[known].ms).toBeLessThan(SMTP_DELAY_MS / 2);
    expect(answers[unknown].ms).toBeLessThan(SMTP_DELAY_MS / 2);
    expect(smtp.inbox).toEqual([]);

    // Both did the same thing: queue one job each, identical but for the address.
    const queued = { known: await jobsFor(known), unknown: await jobsFor(unknown) };
    expect(queued.known).toEqual([
      { kind: 'password-reset', payload: JSON.stringify({ email: known }), status: 'pending', engagement_id: null },
      { kind: 'password-reset', payload: JSON.stringify({ email: known }), status: 'pending', engagement_id: null },
    ]);
    expect(queued.unknown.map((j) => ({ ...j, payload: j.payload.replace(unknown, known) }))).toEqual(queued.known);

    // The worker sends the link to the account only; the unknown address gets nothing.
    expect(await runDueJobs(app, { kinds: ONE_OFF_JOBS })).toEqual({ done: 4, retried: 0, failed: 0 });
    expect(smtp.to(known).map((m) => m.subject)).toEqual(['Reset your Carriage password', 'Reset your Carriage password']);
    expect(smtp.to(unknown)).toEqual([]);
    expect(smtp.to(known)[0].text).toMatch(/reset-password#token=[\w-]{40,}/);
  }, 30_000);
});
