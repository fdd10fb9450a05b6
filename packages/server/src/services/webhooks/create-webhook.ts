import crypto from 'node:crypto';
import { AppError, type CreateWebhookBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertWebhook } from '../../db/queries/webhooks.js';
import type { Database, WebhooksTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { checkWebhookUrl } from './webhook-address.js';

/** How many webhooks one person may have. */
export const MAX_WEBHOOKS = 25;

/**
 * Registers a webhook for its owner (the engagement's coach, checked by the caller) and answers its
 * signing secret, which is shown this once: the row keeps it sealed, since every delivery is signed with it.
 */
export async function createWebhook(
  db: Kysely<Database>,
  deps: { secrets: SecretBox; allowLoopback: boolean },
  ownerId: string,
  body: CreateWebhookBody,
): Promise<{ row: WebhooksTable; secret: string }> {
  const url = checkWebhookUrl(body.url, deps.allowLoopback);
  const { count } = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  if (Number(count) >= MAX_WEBHOOKS) throw new AppError('conflict', `You have ${MAX_WEBHOOKS} webhooks already. Delete one you no longer use first.`);
  // whsec_ + base64 of 32 random bytes: the secret form Standard Webhooks libraries read.
  const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
  const row: WebhooksTable = {
    id: newId(),
    owner_id: ownerId,
    engagement_id: body.engagementId ?? null,
    url,
    description: body.description || null,
    event_types: JSON.stringify([...new Set(body.eventTypes)]),
    secret: deps.secrets.seal(secret),
    created_at: nowIso(),
  };
  await insertWebhook(db, row);
  return { row, secret };
}
