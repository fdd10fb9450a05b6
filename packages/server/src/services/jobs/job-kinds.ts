import type { Config } from '../../config.js';
import { findContract } from '../../db/queries/contracts.js';
import { deleteFinishedJobs } from '../../db/queries/jobs.js';
import { deleteExpiredRateLimits } from '../../db/queries/rate-limits.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { JobWorker } from '../../plugins/job-worker.js';
import type { Mail, Mailer } from '../../plugins/mailer.js';
import { sendPasswordReset } from '../auth/password-reset.js';
import { followContractDates } from '../contracts/follow-calendar.js';
import { recordContractPdf } from '../contracts/issue-contract-pdf.js';
import { mailInvoice } from '../invoices/email-invoice.js';
import { remindersTick } from '../reminders/send-reminders.js';
import { queueRecapEmails } from '../sessions/mail-recap.js';
import { webhookJob } from '../webhooks/deliver-webhook.js';

const DAY = 86_400_000;

/**
 * Every kind of job the server runs. One-off: `email` (one message), `webhook` (one signed delivery), `password-reset` (looks the address
 * up, mints the link, sends it), `session-recap` (queues the recap's emails), `contract-pdf` (prints a
 * signed contract and records its hash for verification), `invoice-email` (prints an issued invoice and
 * mails it with its PDF to the billed party). Periodic: `reminders`,
 * `contract-dates` (start and end contracts by their dates), `housekeeping` (old jobs, expired rate limits).
 */
export function registerJobKinds(worker: JobWorker, deps: { config: Config; mailer: Mailer; secrets: SecretBox }): void {
  const { config, mailer } = deps;
  worker.register('email', {
    run: (job) => mailer.send(job.payload as unknown as Mail),
    // The body may carry a single-use link: once sent (or given up on), only who and what stay.
    keep: ({ to, subject }) => ({ to, subject }),
  });
  worker.register('webhook', webhookJob({ secrets: deps.secrets, allowLoopback: config.webhookAllowLoopback }));
  worker.register('password-reset', {
    run: (job, ctx) => sendPasswordReset(ctx.db, mailer, config.publicUrl, String(job.payload.email)),
    keep: () => ({}),
  });
  worker.register('contract-pdf', {
    run: async (job, ctx) => {
      const row = await findContract(ctx.db, String(job.payload.contractId));
      if (row) await recordContractPdf(ctx.db, row, config.publicUrl);
    },
  });
  worker.register('invoice-email', {
    run: (job, ctx) =>
      mailInvoice({ db: ctx.db, mailer, publicUrl: config.publicUrl }, String(job.payload.invoiceId), { reminder: job.payload.reminder === true }),
  });
  worker.register('session-recap', {
    run: async (job, ctx) => {
      await queueRecapEmails(ctx.db, config.publicUrl, String(job.payload.sessionId), ctx.now);
    },
  });
  if (config.reminderIntervalMs > 0) {
    worker.register('reminders', {
      everyMs: config.reminderIntervalMs,
      run: async (_job, ctx) => {
        await remindersTick({ db: ctx.db, publicUrl: config.publicUrl }, ctx.now);
      },
    });
  }
  if (config.contractDatesIntervalMs > 0) {
    worker.register('contract-dates', {
      everyMs: config.contractDatesIntervalMs,
      run: async (_job, ctx) => {
        // Each engagement's changes are published by its write transaction.
        await followContractDates(ctx.db, ctx.now);
      },
    });
  }
  worker.register('housekeeping', {
    everyMs: 3_600_000,
    run: async (_job, ctx) => {
      const now = ctx.now.getTime();
      await deleteFinishedJobs(ctx.db, new Date(now - 7 * DAY).toISOString(), new Date(now - 30 * DAY).toISOString());
      await deleteExpiredRateLimits(ctx.db, now);
    },
  });
}
