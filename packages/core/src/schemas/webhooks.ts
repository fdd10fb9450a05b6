import { z } from 'zod';
import { eventCatalog, eventTypes } from '../events/catalog.js';
import { idSchema } from './common.js';

const eventType = z.enum(eventTypes as [string, ...string[]], { error: 'Choose event types from the list of event types (GET /api/webhooks/event-types).' });

export const createWebhookBody = z.object({
  url: z
    .string({ error: 'Give the address that receives the events.' })
    .trim()
    .min(1, 'Give the address that receives the events.')
    .max(2000, 'Keep the address under 2,000 characters.'),
  /** One engagement of yours, or every engagement you coach (now and later) when left out or null. */
  engagementId: idSchema.nullable().optional(),
  eventTypes: z
    .array(eventType, { error: 'Choose at least one event type.' })
    .min(1, 'Choose at least one event type.')
    .max(eventTypes.length, 'Choose each event type once.'),
  description: z.string().trim().max(200, 'Keep the description under 200 characters.').optional(),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    engagementId: z.string().nullable().describe('null: every engagement you coach'),
    engagementTitle: z.string().nullable(),
    eventTypes: z.array(z.string()),
    createdAt: z.string(),
    lastDelivery: z.object({ status: z.enum(['pending', 'delivered', 'failed']), at: z.string() }).nullable(),
  })
  .meta({ id: 'Webhook' });

export const webhookCreatedSchema = webhookSchema.extend({
  secret: z.string().describe('The signing secret (whsec_…), shown this once: verify the webhook-signature header with it'),
});

export const webhookAttemptSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('The webhook-id header of every attempt of this delivery'),
    eventId: z.number(),
    eventType: z.string(),
    engagementId: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(webhookAttemptSchema),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookEventTypeSchema = z.object({ type: z.string(), about: z.string(), audience: z.string() });

/** The event types a webhook may subscribe to, with what each means, from the catalog. */
export function webhookEventTypes(): z.infer<typeof webhookEventTypeSchema>[] {
  return eventTypes.map((type) => ({ type, about: eventCatalog[type].about, audience: eventCatalog[type].audience }));
}
