import { businessProfileOut, businessProfileSchema, errorBodySchema, moneyViewSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileAnswer } from '../../plugins/api-document.js';
import { requireUser } from '../../plugins/auth.js';
import { buildMoneyView, moneyCsv } from '../../services/invoices/build-money-view.js';
import { receivePaymentWebhook } from '../../services/invoices/payment-provider.js';
import { presentBusinessProfile, saveProfile } from '../../services/invoices/save-business-profile.js';

const tags = ['invoices'];
const errors = { 400: errorBodySchema, 401: errorBodySchema };
const periodQuery = z.object({
  period: z.enum(['month', 'quarter', 'year'], { error: 'Choose a period: month, quarter or year.' }).default('month'),
});

/** The coach's own side of invoicing: business details (Settings), the money view and its CSV; and the payment provider's webhook. */
export const moneyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me/business',
    {
      schema: {
        tags,
        summary: 'My business details as printed on my invoices, and the number the next one gets',
        response: { 200: businessProfileOut, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => presentBusinessProfile(app.db, requireUser(request).id),
  );

  app.put(
    '/api/me/business',
    {
      schema: {
        tags,
        summary: 'Set my business details: name, address, tax id, payment instructions and link, days to pay, number prefix, default tax rate',
        body: businessProfileSchema,
        response: { 200: businessProfileOut, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => saveProfile(app.db, requireUser(request).id, request.body),
  );

  app.get(
    '/api/money',
    {
      schema: {
        tags,
        summary: 'My money across engagements: outstanding, overdue, paid and invoiced per month, quarter or year, and per engagement',
        querystring: periodQuery,
        response: { 200: moneyViewSchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => buildMoneyView(app.db, requireUser(request).id, request.query.period),
  );

  app.get(
    '/api/money/invoices.csv',
    {
      schema: {
        tags,
        summary: 'Every invoice and credit note I issued, as CSV for accounting',
        response: { 200: fileAnswer('CSV with a header row', 'text/csv'), ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request, reply) => {
      const view = await buildMoneyView(app.db, requireUser(request).id, 'month');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="invoices-${view.today}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(moneyCsv(view));
    },
  );

  // The provider's signature covers the exact bytes, so this route reads its body as text.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/payments/webhook',
      {
        schema: {
          tags,
          summary: 'A payment provider reports money received for an invoice (Standard Webhooks signature with PAYMENT_WEBHOOK_SECRET)',
          response: {
            200: z.object({ ok: z.literal(true), invoiceId: z.string(), duplicate: z.boolean() }),
            ...errors,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
        config: { access: { kind: 'public' }, rateLimit: { max: 120, timeWindow: '1 minute' } },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const result = await receivePaymentWebhook(app.db, app.config.paymentWebhookSecret, raw, request.headers);
        return { ok: true as const, ...result };
      },
    );
  });
};
