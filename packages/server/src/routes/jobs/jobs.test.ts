import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { RETRY_BASE_MS, retryDelayMs, runDueJobs } from '../../plugins/job-worker.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../services/jobs/enqueue-job.js';
import { describeEachEngine, ONE_OFF_JOBS, signUpClient } from '../../test/harness.js';
import { startSmtpReceiver } from '../../test/smtp-receiver.js';

/** Email goes out from the jobs table through a real SMTP server; what could not be sent is shown to the coach. */
describeEachEngine('email from the jobs table', (ctx) => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    smtp = await startSmtpReceiver({ reject: (address) => address.startsWith('bounce') });
    // An instance that sends through the receiver; its worker is driven by hand (poll interval 0).
    app = await buildApp({ ...ctx().config, smtpUrl: smtp.url }, { database: ctx().database, logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('an invitation is answered at once and its email reaches the SMTP server when the worker runs', async () => {
    const coach = await signUpClient(app, 'Mailing Coach');
    const res = await coach.post('/api/engagements', {
      title: 'Mailed engagement',
      clientType: 'individual',
      coachee: { name: 'Mia Mailed', email: 'mia.mailed@example.com' },
    });
    expect(res.statusCode).toBe(201);
    expect(smtp.to('mia.mailed@example.com')).toEqual([]);
    expect(await runDueJobs(app, { kinds: ONE_OFF_JOBS })).toMatchObject({ done: 1, failed: 0 });
    const [mail] = smtp.to('mia.mailed@example.com');
    expect(mail.subject).toBe('Mailing Coach invited you to “Mailed engagement” on Carriage');
    expect(mail.text).toContain(res.json().invitations[0].url);
    // Sent once: another pass sends nothing more.
    await runDueJobs(app, { kinds: ONE_OFF_JOBS });
    expect(smtp.to('mia.mailed@example.com')).toHaveLength(1);
  });

  it('an email the server refuses is retried with backoff, then failed; the coach sees it with the error, never the link', async () => {
    const coach = await signUpClient(app, 'Bouncing Coach');
    const e = (await coach.post('/api/engagements', { title: 'Bounced engagement', clientType: 'organization', organizationName: 'Acme' })).json();
    const invited = await coach.post(`/api/engagements/${e.id}/invitations`, { email: 'bounce.back@example.com', role: 'sponsor' });
    expect(invited.statusCode).toBe(201);
    const link = invited.json().url as string;
    const failedJobs = async () => {
      const r = await coach.get(`/api/engagements/${e.id}/failed-jobs`);
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(invited.json().token);
      return r.json().jobs;
    };
    expect(await failedJobs()).toEqual([]);

    let now = Date.now();
    expect(await runDueJobs(app, { kinds: ['email'], now: new Date(now) })).toEqual({ done: 0, retried: 1, failed: 0 });
    const [retrying] = await failedJobs();
    expect(retrying).toMatchObject({
      kind: 'email',
      what: 'Email to bounce.back@example.com: “Bouncing Coach invited you to “Bounced engagement” on Carriage”',
      status: 'retrying',
      attempts: 1,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      nextAttemptAt: new Date(now + RETRY_BASE_MS).toISOString(),
    });
    expect(retrying.lastError).toMatch(/550/);

    for (let attempt = 1; attempt < DEFAULT_MAX_ATTEMPTS; attempt++) {
      now += retryDelayMs(attempt);
      await runDueJobs(app, { kinds: ['email'], now: new Date(now) });
    }
    const [failed] = await failedJobs();
    expect(failed).toMatchObject({ status: 'failed', attempts: DEFAULT_MAX_ATTEMPTS, nextAttemptAt: null });
    expect(failed.lastError).toMatch(/550/);
    expect(smtp.to('bounce.back@example.com')).toEqual([]);
    // The row keeps who and what, not the body with its single-use link.
    const row = await app.db.selectFrom('jobs').select('payload').where('id', '=', failed.id).executeTakeFirstOrThrow();
    expect(row.payload).not.toContain(link);

    // Other engagements' coaches do not see it; the other members may not ask (the authorization matrix covers the roles).
    const other = await signUpClient(app, 'Other Coach');
    expect((await other.get(`/api/engagements/${e.id}/failed-jobs`)).statusCode).toBe(404);
  });
});
