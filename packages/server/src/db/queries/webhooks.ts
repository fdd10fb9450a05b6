import type { Kysely, Transaction } from 'kysely';
import type { Database, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertWebhook(db: Q, row: WebhooksTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

/** A person's webhooks, newest first, with the engagement's title and the newest delivery's state. */
export function listWebhooksOf(db: Q, ownerId: string) {
  return db
    .selectFrom('webhooks')
    .leftJoin('engagements', 'engagements.id', 'webhooks.engagement_id')
    .select([
      'webhooks.id',
      'webhooks.url',
      'webhooks.description',
      'webhooks.engagement_id',
      'webhooks.event_types',
      'webhooks.created_at',
      'engagements.title as engagement_title',
    ])
    .select((eb) => [
      eb
        .selectFrom('webhook_deliveries')
        .select('status')
        .whereRef('webhook_deliveries.webhook_id', '=', 'webhooks.id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .as('last_status'),
      eb
        .selectFrom('webhook_deliveries')
        .select('updated_at')
        .whereRef('webhook_deliveries.webhook_id', '=', 'webhooks.id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .as('last_at'),
    ])
    .where('webhooks.owner_id', '=', ownerId)
    .orderBy('webhooks.created_at', 'desc')
    .orderBy('webhooks.id')
    .execute();
}

/** A webhook, only if it is this person's. */
export function findOwnWebhook(db: Q, id: string, ownerId: string) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
}

export function findWebhook(db: Q, id: string) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteWebhook(db: Q, id: string, ownerId: string): Promise<boolean> {
  const r = await db.deleteFrom('webhooks').where('id', '=', id).where('owner_id', '=', ownerId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The webhooks that receive events of these engagements: their coach's, for that engagement or for all of
 * them. A sample engagement's events go to no webhook: its story is made up.
 */
export function webhooksFor(db: Q, engagementIds: readonly string[]) {
  return db
    .selectFrom('webhooks')
    .innerJoin('engagements', 'engagements.coach_id', 'webhooks.owner_id')
    .select(['webhooks.id', 'webhooks.url', 'webhooks.event_types', 'engagements.id as engagement_id'])
    .where('engagements.id', 'in', engagementIds)
    .where('engagements.sample', '=', 0)
    .where((eb) => eb.or([eb('webhooks.engagement_id', 'is', null), eb('webhooks.engagement_id', '=', eb.ref('engagements.id'))]))
    .execute();
}

/** Adds deliveries; one per webhook and event, so adding the same one twice keeps the first. Answers the ids added. */
export async function insertDeliveries(db: Q, rows: WebhookDeliveriesTable[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const added = await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return added.map((r) => r.id);
}

export async function setDeliveryJob(db: Q, id: string, jobId: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ job_id: jobId }).where('id', '=', id).execute();
}

export function findDelivery(db: Q, id: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setDeliveryStatus(db: Q, id: string, status: WebhookDeliveriesTable['status'], at: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export async function insertAttempt(db: Q, row: WebhookAttemptsTable): Promise<void> {
  await db.insertInto('webhook_attempts').values(row).execute();
}

/** A webhook's newest deliveries with every attempt, for the delivery log. */
export async function listDeliveries(db: Q, webhookId: string, limit = 50) {
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .leftJoin('jobs', 'jobs.id', 'webhook_deliveries.job_id')
    .selectAll('webhook_deliveries')
    // A pending delivery's next attempt is its job's run_at.
    .select(['jobs.run_at as next_attempt_at'])
    .where('webhook_deliveries.webhook_id', '=', webhookId)
    .orderBy('webhook_deliveries.created_at', 'desc')
    .orderBy('webhook_deliveries.event_id', 'desc')
    .limit(limit)
    .execute();
  const attempts = deliveries.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          deliveries.map((d) => d.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return deliveries.map((d) => ({ ...d, event_id: Number(d.event_id), attempts: attempts.filter((a) => a.delivery_id === d.id) }));
}
