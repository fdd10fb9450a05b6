import os from 'node:os';
import { eventCatalog, isEventType, webhookMayCarry } from '@carriage/core';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/database.js';
import { claimDueDelivery, findWebhook, finishDelivery, insertAttempt, insertDeliveries, webhooksFor } from '../../db/queries/webhooks.js';
import type { Database, WebhookDeliveriesTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { AppendedEvent, WriteTrx } from '../events/write-transaction.js';
import { sendDelivery, type WebhookMessage } from './send-delivery.js';

/**
 * The wait before each retry (Standard Webhooks' suggested schedule): 5 seconds, 5 minutes, 30 minutes,
 * 2 hours, 5 hours, then 10 hours twice — eight attempts over about a day and a half.
 */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** A claim lasts this long; a worker that dies mid-delivery leaves it to be claimed again afterwards. */
const LOCK_MS = 60_000;

/**
 * Adds a delivery for each appended event and each webhook that wants it, inside the transaction that
 * appended the events (so a delivery exists exactly when its event committed). Answers whether it added any.
 */
export async function enqueueWebhookDeliveries(trx: WriteTrx, events: readonly AppendedEvent[]): Promise<boolean> {
  const hooks = await webhooksFor(trx, [...new Set(events.map((e) => e.engagementId))]);
  if (hooks.length === 0) return false;
  const now = new Date().toISOString();
  const rows: WebhookDeliveriesTable[] = [];
  for (const event of events) {
    if (!isEventType(event.type) || !webhookMayCarry({ audience: eventCatalog[event.type].audience, type: event.type, payload: null })) continue;
    for (const hook of hooks) {
      if (hook.engagement_id !== event.engagementId || !(JSON.parse(hook.event_types) as string[]).includes(event.type)) continue;
      rows.push({
        id: `msg_${newId()}`,
        webhook_id: hook.id,
        event_id: event.id,
        engagement_id: event.engagementId,
        event_type: event.type,
        status: 'pending',
        attempts: 0,
        max_attempts: MAX_ATTEMPTS,
        run_at: now,
        locked_until: null,
        locked_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      });
    }
  }
  await insertDeliveries(trx, rows);
  return rows.length > 0;
}

export interface DeliverySummary {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends due webhook deliveries from the `webhook_deliveries` table, one at a time per worker: claims one,
 * signs and posts it, records the attempt, then marks it delivered, pending again after the schedule's
 * wait, or failed after the last attempt. `start` polls every interval and `nudge` runs a pass at once
 * (after a commit that added deliveries); workers of several instances never send the same attempt.
 * The table has the jobs table's shape (status, attempts, run_at, a lock), so deliveries can become jobs.
 */
export class WebhookWorker {
  readonly workerId = `${os.hostname()}:${process.pid}:${newId().slice(0, 6)}`;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;
  private again = false;
  private stopping = false;
  private intervalMs = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
    private readonly secrets: SecretBox,
    private readonly opts: { allowLoopback: boolean },
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Sends due deliveries until none is due (or `limit` were tried). `now` fixes the clock (tests move it). */
  async runDue(opts: { now?: Date; limit?: number } = {}): Promise<DeliverySummary> {
    const summary: DeliverySummary = { delivered: 0, retried: 0, failed: 0 };
    for (let i = 0; i < (opts.limit ?? 500) && !this.stopping; i++) {
      const outcome = await this.runOne(opts.now ?? new Date());
      if (!outcome) break;
      summary[outcome] += 1;
    }
    return summary;
  }

  private async runOne(now: Date): Promise<keyof DeliverySummary | null> {
    const row = await claimDueDelivery(this.db, this.engine, {
      now: now.toISOString(),
      workerId: this.workerId,
      lockedUntil: new Date(now.getTime() + LOCK_MS).toISOString(),
    });
    if (!row) return null;
    const [hook, event] = await Promise.all([
      findWebhook(this.db, row.webhook_id),
      this.db.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirst(),
    ]);
    const startedAt = new Date().toISOString();
    let outcome: { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };
    if (!hook || !event) {
      outcome = { ok: false, statusCode: null, error: 'The webhook or its event no longer exists.', durationMs: 0 };
    } else {
      const message: WebhookMessage = {
        type: event.type,
        timestamp: event.created_at,
        data: {
          eventId: Number(event.id),
          engagementId: event.engagement_id,
          entityType: event.entity_type,
          entityId: event.entity_id,
          actorId: event.actor_id,
          payload: JSON.parse(event.payload),
        },
      };
      try {
        outcome = await sendDelivery({
          url: hook.url,
          secret: this.secrets.open(hook.secret),
          messageId: row.id,
          message,
          allowLoopback: this.opts.allowLoopback,
        });
      } catch (err) {
        outcome = { ok: false, statusCode: null, error: `The delivery could not be sent (${(err as Error).message.slice(0, 200)}).`, durationMs: 0 };
      }
    }
    await insertAttempt(this.db, {
      id: newId(),
      delivery_id: row.id,
      attempt: row.attempts,
      started_at: startedAt,
      duration_ms: outcome.durationMs,
      status_code: outcome.statusCode,
      error: outcome.error,
    });
    const finishedAt = new Date().toISOString();
    if (outcome.ok) {
      await finishDelivery(this.db, row.id, this.workerId, { status: 'delivered', last_error: null, updated_at: finishedAt, finished_at: finishedAt });
      return 'delivered';
    }
    const gone = !hook || !event;
    if (gone || row.attempts >= row.max_attempts) {
      this.log.warn({ delivery: row.id, webhook: row.webhook_id, attempts: row.attempts, error: outcome.error }, 'A webhook delivery failed for good');
      await finishDelivery(this.db, row.id, this.workerId, { status: 'failed', last_error: outcome.error, updated_at: finishedAt, finished_at: finishedAt });
      return 'failed';
    }
    const wait = RETRY_SCHEDULE_MS[Math.min(row.attempts, RETRY_SCHEDULE_MS.length) - 1] ?? RETRY_SCHEDULE_MS[0];
    await finishDelivery(this.db, row.id, this.workerId, {
      status: 'pending',
      last_error: outcome.error,
      run_at: new Date(now.getTime() + (wait as number)).toISOString(),
      updated_at: finishedAt,
    });
    return 'retried';
  }

  /** Polls for due deliveries every `intervalMs` in this process (one pass at a time). */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.stopping = false;
    this.intervalMs = intervalMs;
    this.schedule(intervalMs);
  }

  /** Runs a pass now (new deliveries were committed); a pass already running runs once more after it. */
  nudge(): void {
    if (this.intervalMs <= 0 || this.stopping) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass = this.runDue()
        .catch((err) => this.log.error({ err }, 'The webhook worker could not run its pass'))
        .finally(() => {
          this.pass = null;
          if (this.stopping) return;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** Stops polling and waits for the delivery being sent, so the database can close after. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }
}
