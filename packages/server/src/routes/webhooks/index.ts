import {
  AppError,
  createWebhookBody,
  errorBodySchema,
  idSchema,
  notFound,
  okSchema,
  webhookCreatedSchema,
  webhookDeliverySchema,
  webhookEventTypeSchema,
  webhookEventTypes,
  webhookSchema,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteWebhook, findOwnWebhook, listDeliveries, listWebhooksOf } from '../../db/queries/webhooks.js';
import type { WebhookDeliveryStatus } from '../../db/schema.js';
import { ensureRole, loadAccess } from '../../plugins/access.js';
import { errorAnswer } from '../../plugins/api-document.js';
import { requireUser } from '../../plugins/auth.js';
import { createWebhook } from '../../services/webhooks/create-webhook.js';

const tags = ['webhooks'];
const user = { access: { kind: 'user' as const } };

type ListedWebhook = Awaited<ReturnType<typeof listWebhooksOf>>[number];
const present = (w: ListedWebhook) => ({
  id: w.id,
  url: w.url,
  description: w.description,
  engagementId: w.engagement_id,
  engagementTitle: w.engagement_title ?? null,
  eventTypes: JSON.parse(w.event_types) as string[],
  createdAt: w.created_at,
  lastDelivery: w.last_status && w.last_at ? { status: w.last_status as WebhookDeliveryStatus, at: w.last_at } : null,
});

/**
 * Webhooks: a coach's endpoints that receive an engagement's events (or those of every engagement they
 * coach), signed per Standard Webhooks, with a log of every delivery attempt. They belong to the person
 * who made them: another person gets 404 for them, as for anything not theirs.
 */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/webhooks/event-types',
    {
      schema: {
        tags,
        summary: 'The event types a webhook can receive, with what each means',
        response: { 200: z.object({ eventTypes: z.array(webhookEventTypeSchema) }) },
      },
      config: user,
    },
    async () => ({ eventTypes: webhookEventTypes() }),
  );

  app.get(
    '/api/webhooks',
    { schema: { tags, summary: 'Your webhooks', response: { 200: z.object({ webhooks: z.array(webhookSchema) }) } }, config: user },
    async (request) => ({ webhooks: (await listWebhooksOf(app.db, requireUser(request).id)).map(present) }),
  );

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Register an endpoint for chosen event types, for one engagement you coach or all of them; answers its signing secret once',
        description:
          'Each delivery is a POST of `{ type, timestamp, data }` signed per Standard Webhooks (webhook-id, webhook-timestamp and ' +
          'webhook-signature headers; HMAC-SHA256 with the secret). A webhook receives what its coach may see; event payloads never ' +
          'carry note text. Failed deliveries are retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.',
        body: createWebhookBody,
        response: { 201: webhookCreatedSchema, 404: errorAnswer(404, 'The engagement named was not found, or is not yours to see.'), 409: errorBodySchema },
      },
      config: user,
    },
    async (request, reply) => {
      const me = requireUser(request);
      if (request.body.engagementId) ensureRole(await loadAccess(app.db, me.id, request.body.engagementId), 'webhook.manage');
      const { row, secret } = await createWebhook(app.db, { secrets: app.secrets, allowLoopback: app.config.webhookAllowLoopback }, me.id, request.body);
      const listed = (await listWebhooksOf(app.db, me.id)).find((w) => w.id === row.id);
      if (!listed) throw new AppError('internal', 'The webhook was not saved.');
      return reply.status(201).send({ ...present(listed), secret });
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: { tags, summary: 'Delete a webhook (its pending deliveries are dropped)', params: z.object({ id: idSchema }), response: { 200: okSchema } },
      config: user,
    },
    async (request) => {
      if (!(await deleteWebhook(app.db, request.params.id, requireUser(request).id))) throw notFound('That webhook');
      return { ok: true as const };
    },
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log of a webhook: its newest 50 deliveries, each attempt with its status, duration and error',
        params: z.object({ id: idSchema }),
        response: { 200: z.object({ deliveries: z.array(webhookDeliverySchema) }) },
      },
      config: user,
    },
    async (request) => {
      const hook = await findOwnWebhook(app.db, request.params.id, requireUser(request).id);
      if (!hook) throw notFound('That webhook');
      const rows = await listDeliveries(app.db, hook.id);
      return {
        deliveries: rows.map((d) => ({
          id: d.id,
          eventId: d.event_id,
          eventType: d.event_type,
          engagementId: d.engagement_id,
          status: d.status,
          attempts: d.attempts.map((a) => ({
            attempt: a.attempt,
            startedAt: a.started_at,
            durationMs: a.duration_ms,
            statusCode: a.status_code,
            error: a.error,
          })),
          nextAttemptAt: d.status === 'pending' ? (d.next_attempt_at ?? null) : null,
          createdAt: d.created_at,
        })),
      };
    },
  );
};
