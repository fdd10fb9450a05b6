import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/database.js';
import { enqueueJob } from '../services/jobs/enqueue-job.js';
import { describeEachEngine, MemoryMailer } from '../test/harness.js';
import { RETRY_BASE_MS, retryDelayMs, runDueJobs } from './job-worker.js';

const jobRow = (app: FastifyInstance, id: string) => app.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

describeEachEngine('jobs', (ctx) => {
  it('several workers at once (a second instance on the same database) run each job exactly once', async () => {
    const { app, config } = ctx();
    const second = await buildApp(config, { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false });
    try {
      const runs: { job: string; by: string }[] = [];
      for (const [instance, name] of [
        [app, 'first'],
        [second, 'second'],
      ] as const) {
        instance.jobs.register('test.record', {
          run: async (job) => {
            runs.push({ job: job.id, by: name });
            // Long enough that the other workers claim while this one is busy.
            await new Promise((r) => setTimeout(r, 2 + Math.random() * 4));
          },
        });
      }
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push(await enqueueJob(app.db, { kind: 'test.record', payload: { i } }));

      const kinds = ['test.record'];
      const summaries = await Promise.all([
        app.jobs.runDue({ kinds }),
        app.jobs.runDue({ kinds }),
        second.jobs.runDue({ kinds }),
        second.jobs.runDue({ kinds }),
      ]);
      expect(summaries.reduce((n, s) => n + s.done, 0)).toBe(60);
      expect(runs.map((r) => r.job).sort()).toEqual([...ids].sort());
      expect(new Set(runs.map((r) => r.by))).toEqual(new Set(['first', 'second']));
      const rows = await app.db.selectFrom('jobs').select(['status', 'attempts', 'locked_by']).where('kind', '=', 'test.record').execute();
      expect(rows.every((r) => r.status === 'done' && r.attempts === 1 && r.locked_by === null)).toBe(true);
    } finally {
      await second.close();
      await second.database.close();
    }
  });

  it('a failing job is retried with exponential backoff, keeps its last error (credentials masked), and is marked failed after its attempts', async () => {
    const { app } = ctx();
    let calls = 0;
    app.jobs.register('test.flaky', {
      run: async () => {
        calls += 1;
        throw new Error(`smtp://carriage:hunter22@mail.example.com said 451 try again later (attempt ${calls})`);
      },
    });
    const t0 = '2031-01-01T10:00:00.000Z';
    const id = await enqueueJob(app.db, { kind: 'test.flaky', payload: {}, maxAttempts: 3, runAt: t0 });
    const run = (now: Date) => runDueJobs(app, { kinds: ['test.flaky'], now });

    expect(await run(at(t0, -1))).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await run(at(t0))).toEqual({ done: 0, retried: 1, failed: 0 });
    let row = await jobRow(app, id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, run_at: at(t0, RETRY_BASE_MS).toISOString(), locked_by: null });
    expect(row.last_error).toBe('smtp://…@mail.example.com said 451 try again later (attempt 1)');

    // Not before its time; then the second wait is twice the first.
    expect(await run(at(t0, RETRY_BASE_MS - 1))).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await run(at(t0, RETRY_BASE_MS))).toEqual({ done: 0, retried: 1, failed: 0 });
    row = await jobRow(app, id);
    expect(row.run_at).toBe(at(t0, RETRY_BASE_MS + 2 * RETRY_BASE_MS).toISOString());
    expect(row.last_error).toMatch(/attempt 2\)$/);

    expect(await run(at(t0, 3 * RETRY_BASE_MS))).toEqual({ done: 0, retried: 0, failed: 1 });
    row = await jobRow(app, id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, locked_by: null });
    expect(row.last_error).toMatch(/attempt 3\)$/);
    expect(row.finished_at).toBeTruthy();
    // A failed job stays failed.
    expect(await run(at(t0, 86_400_000))).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(calls).toBe(3);
    expect([1, 2, 3, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });

  it('a job whose worker died while running it is claimed again once its lock runs out', async () => {
    const { app } = ctx();
    const ran: string[] = [];
    app.jobs.register('test.once', { run: async (job) => void ran.push(job.id) });
    const id = await enqueueJob(app.db, { kind: 'test.once', payload: {} });
    // Another worker claimed it and vanished.
    const lockedUntil = new Date(Date.now() + 60_000).toISOString();
    await app.db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_by: 'gone:1', locked_until: lockedUntil }).where('id', '=', id).execute();
    expect((await runDueJobs(app, { kinds: ['test.once'] })).done).toBe(0);
    expect((await runDueJobs(app, { kinds: ['test.once'], now: at(lockedUntil, 1) })).done).toBe(1);
    expect(ran).toEqual([id]);
    expect(await jobRow(app, id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('periodic jobs have one row each, run on their interval and come back after a failure', async () => {
    const { app } = ctx();
    const periodic = await app.db.selectFrom('jobs').select(['kind', 'status']).where('unique_key', 'is not', null).orderBy('kind').execute();
    expect(periodic).toEqual([
      { kind: 'contract-dates', status: 'pending' },
      { kind: 'housekeeping', status: 'pending' },
      { kind: 'reminders', status: 'pending' },
    ]);
    // Starting again (another instance) adds no second row.
    await app.jobs.seedPeriodic();
    expect(await app.db.selectFrom('jobs').select('id').where('unique_key', '=', 'reminders').execute()).toHaveLength(1);

    const now = at('2032-02-01T08:00:00.000Z');
    expect(await runDueJobs(app, { kinds: ['reminders'], now })).toEqual({ done: 1, retried: 0, failed: 0 });
    const row = await app.db.selectFrom('jobs').selectAll().where('unique_key', '=', 'reminders').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: null, run_at: at(now.toISOString(), 60_000).toISOString() });
    expect(await runDueJobs(app, { kinds: ['reminders'], now: at(now.toISOString(), 59_999) })).toEqual({ done: 0, retried: 0, failed: 0 });

    let fail = true;
    app.jobs.register('test.periodic', {
      everyMs: 600_000,
      run: async () => {
        if (fail) throw new Error('not today');
      },
    });
    await app.jobs.seedPeriodic(now);
    expect(await runDueJobs(app, { kinds: ['test.periodic'], now })).toEqual({ done: 0, retried: 1, failed: 0 });
    const failed = await app.db.selectFrom('jobs').selectAll().where('unique_key', '=', 'test.periodic').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'pending', last_error: 'not today', run_at: at(now.toISOString(), RETRY_BASE_MS).toISOString() });
    fail = false;
    expect(await runDueJobs(app, { kinds: ['test.periodic'], now: at(now.toISOString(), RETRY_BASE_MS) })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await app.db.selectFrom('jobs').selectAll().where('unique_key', '=', 'test.periodic').executeTakeFirstOrThrow()).toMatchObject({
      status: 'pending',
      last_error: null,
    });
  });

  it('the worker started by buildApp sends queued email on its own, and stops when the app closes', async () => {
    const { config, database } = ctx();
    const mailer = new MemoryMailer();
    const app = await buildApp({ ...config, jobPollIntervalMs: 20 }, { database, mailer, logger: false });
    await app.ready();
    try {
      await enqueueJob(app.db, { kind: 'email', payload: { to: 'loop@example.com', subject: 'From the loop', text: 'Hello' } });
      const deadline = Date.now() + 5_000;
      while (!mailer.lastTo('loop@example.com') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(mailer.lastTo('loop@example.com')?.subject).toBe('From the loop');
      // Once sent, the row keeps who and what, not the body.
      const row = await app.db.selectFrom('jobs').selectAll().where('kind', '=', 'email').where('status', '=', 'done').executeTakeFirstOrThrow();
      expect(JSON.parse(row.payload)).toEqual({ to: 'loop@example.com', subject: 'From the loop' });
    } finally {
      await app.close();
    }
    await enqueueJob(database.db, { kind: 'email', payload: { to: 'after@example.com', subject: 'After close', text: 'Hello' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(mailer.lastTo('after@example.com')).toBeUndefined();
  });
});
