import { eventCatalog, isEventType, webhookMayCarry } from '@carriage/core';
import { findDelivery, findWebhook, insertAttempt, insertDeliveries, setDeliveryJob, setDeliveryStatus, webhooksFor } from '../../db/queries/webhooks.js';
import type { WebhookDeliveriesTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { ClaimedJob, JobContext, JobKind } from '../../plugins/job-worker.js';
import type { AppendedEvent, WriteTrx } from '../events/write-transaction.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { sendDelivery, type WebhookMessage } from './send-delivery.js';

/**
 * The wait before each retry (Standard Webhooks' suggested schedule): 5 seconds, 5 minutes, 30 minutes,
 * 2 hours, 5 hours, then 10 hours twice — eight attempts over about a day and a half.
 */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/**
 * Adds a delivery, and the `webhook` job that sends it, for each appended event and each webhook that wants
 * it, inside the transaction that appended the events: a delivery exists exactly when its event committed.
 */
export async function enqueueWebhookDeliveries(trx: WriteTrx, events: readonly AppendedEvent[]): Promise<void> {
  const hooks = await webhooksFor(trx, [...new Set(events.map((e) => e.engagementId))]);
  if (hooks.length === 0) return;
  const now = new Date().toISOString();
  const rows: (WebhookDeliveriesTable & { url: string })[] = [];
  for (const event of events) {
    if (!isEventType(event.type) || !webhookMayCarry({ audience: eventCatalog[event.type].audience, type: event.type, payload: null })) continue;
    for (const hook of hooks) {
      if (hook.engagement_id !== event.engagementId || !(JSON.parse(hook.event_types) as string[]).includes(event.type)) continue;
      rows.push({
        // The webhook-id header: the same on every attempt, so receivers can drop repeats.
        id: `msg_${newId()}`,
        webhook_id: hook.id,
        event_id: event.id,
        engagement_id: event.engagementId,
        event_type: event.type,
        status: 'pending',
        job_id: null,
        created_at: now,
        updated_at: now,
        url: hook.url,
      });
    }
  }
  const added = new Set(
    await insertDeliveries(
      trx,
      rows.map(({ url: _, ...row }) => row),
    ),
  );
  for (const row of rows) {
    if (!added.has(row.id)) continue;
    const jobId = await enqueueJob(trx, {
      kind: 'webhook',
      payload: { deliveryId: row.id, eventType: row.event_type, url: row.url },
      engagementId: row.engagement_id,
      maxAttempts: MAX_ATTEMPTS,
    });
    await setDeliveryJob(trx, row.id, jobId);
  }
}

/**
 * The `webhook` job: sends one delivery (signed, see send-delivery.ts), records the attempt for the
 * delivery log, and marks the delivery delivered; a failed attempt throws, so the job is tried again on the
 * schedule above, and the delivery is marked failed when its last attempt fails.
 */
export function webhookJob(deps: { secrets: SecretBox; allowLoopback: boolean }): JobKind {
  return {
    retryDelayMs: (attempt) => RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1] ?? (RETRY_SCHEDULE_MS[0] as number),
    run: async (job: ClaimedJob, ctx: JobContext) => {
      const delivery = await findDelivery(ctx.db, String(job.payload.deliveryId));
      // The webhook was deleted (its deliveries with it): nothing to send.
      if (delivery?.status !== 'pending') return;
      const [hook, event] = await Promise.all([
        findWebhook(ctx.db, delivery.webhook_id),
        ctx.db.selectFrom('events').selectAll().where('id', '=', delivery.event_id).executeTakeFirst(),
      ]);
      if (!hook || !event) return;
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
      const startedAt = new Date().toISOString();
      const outcome = await sendDelivery({
        url: hook.url,
        secret: deps.secrets.open(hook.secret),
        messageId: delivery.id,
        message,
        allowLoopback: deps.allowLoopback,
      });
      await insertAttempt(ctx.db, {
        id: newId(),
        delivery_id: delivery.id,
        attempt: job.attempt,
        started_at: startedAt,
        duration_ms: outcome.durationMs,
        status_code: outcome.statusCode,
        error: outcome.error,
      });
      const at = new Date().toISOString();
      if (outcome.ok) return setDeliveryStatus(ctx.db, delivery.id, 'delivered', at);
      if (job.attempt >= job.maxAttempts) await setDeliveryStatus(ctx.db, delivery.id, 'failed', at);
      throw new Error(outcome.error ?? 'The endpoint did not accept the delivery.');
    },
  };
}
