import type { Kysely, Transaction } from 'kysely';
import type { Engine } from '../database.js';
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

/** The webhooks that receive events of these engagements: their coach's, for that engagement or for all of them. */
export function webhooksFor(db: Q, engagementIds: readonly string[]) {
  return db
    .selectFrom('webhooks')
    .innerJoin('engagements', 'engagements.coach_id', 'webhooks.owner_id')
    .select(['webhooks.id', 'webhooks.event_types', 'engagements.id as engagement_id'])
    .where('engagements.id', 'in', engagementIds)
    .where((eb) => eb.or([eb('webhooks.engagement_id', 'is', null), eb('webhooks.engagement_id', '=', eb.ref('engagements.id'))]))
    .execute();
}

/** Adds deliveries; one per webhook and event, so adding the same one twice keeps the first. */
export async function insertDeliveries(db: Q, rows: WebhookDeliveriesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .execute();
}

/**
 * Claims the next due delivery for one worker: a pending one whose time came, or a running one whose
 * worker's lock ran out (the worker died). On PostgreSQL the candidate row is locked with FOR UPDATE SKIP
 * LOCKED, so workers of several instances never claim the same delivery; SQLite runs one writer at a time,
 * so the single UPDATE … RETURNING is the claim.
 */
export async function claimDueDelivery(
  db: Kysely<Database>,
  engine: Engine,
  args: { now: string; workerId: string; lockedUntil: string },
): Promise<WebhookDeliveriesTable | undefined> {
  const due = (q: Kysely<Database>) =>
    q
      .selectFrom('webhook_deliveries')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', args.now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', args.now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(1);
  // A read first: an idle poll takes no write lock.
  if (!(await due(db).executeTakeFirst())) return undefined;
  const row = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: 'running',
      locked_by: args.workerId,
      locked_until: args.lockedUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: args.now,
    }))
    .where(
      'id',
      'in',
      due(db).$if(engine === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? { ...row, event_id: Number(row.event_id) } : undefined;
}

/** Records how a claimed delivery ended; only the worker holding the claim may. */
export async function finishDelivery(db: Q, id: string, workerId: string, patch: Partial<WebhookDeliveriesTable>): Promise<boolean> {
  const r = await db
    .updateTable('webhook_deliveries')
    .set({ ...patch, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertAttempt(db: Q, row: WebhookAttemptsTable): Promise<void> {
  await db.insertInto('webhook_attempts').values(row).execute();
}

/** A webhook's newest deliveries with every attempt, for the delivery log. */
export async function listDeliveries(db: Q, webhookId: string, limit = 50) {
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .orderBy('event_id', 'desc')
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
