import { AppError, dateSchema, minorAmountSchema } from '@carriage/core';
import type { Kysely } from 'kysely';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { findInvoice, findPaymentByProviderEvent } from '../../db/queries/invoices.js';
import type { Database } from '../../db/schema.js';
import { invoiceTransaction } from './invoice-record.js';
import { applyPayment } from './record-payment.js';

/**
 * The seam for card payments. Today each invoice carries the coach's payment link. A payment provider
 * plugs in with two halves, neither of which changes invoices:
 * - checkout: `createCheckout(invoice)` answers a provider-hosted page for the invoice's balance (its URL
 *   becomes the invoice's `paymentUrl` instead of the coach's link);
 * - confirmation: the provider, or a relay in front of it, posts a signed event to
 *   `POST /api/payments/webhook` (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 *   `webhook-signature`, HMAC-SHA256 with PAYMENT_WEBHOOK_SECRET); it is verified, de-duplicated by its id,
 *   and recorded as a payment like one the coach types in, so the invoice is paid through the same path.
 */
export interface PaymentProvider {
  createCheckout(invoice: { id: string; number: string; currency: string; balanceMinor: number; buyerEmail: string }): Promise<{ url: string }>;
}

/** The event a provider posts when money arrives for an invoice. */
export const paymentEventSchema = z.object({
  type: z.literal('invoice.payment_succeeded'),
  data: z.object({
    invoiceId: z.string().min(1).max(64),
    amountMinor: minorAmountSchema,
    currency: z.string().regex(/^[A-Z]{3}$/),
    paidOn: dateSchema,
    method: z.enum(['card', 'bank_transfer', 'other']).default('card'),
    reference: z.string().max(200).optional(),
  }),
});

/**
 * Verifies a provider's signed event and records the payment it reports. A delivery seen before (same
 * `webhook-id`) changes nothing and answers as the first did, so providers can retry freely.
 */
export async function receivePaymentWebhook(
  db: Kysely<Database>,
  secret: string | null,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
): Promise<{ invoiceId: string; duplicate: boolean }> {
  if (!secret) throw new AppError('not_found', 'No payment provider is set up on this server (PAYMENT_WEBHOOK_SECRET is not set).');
  const h = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : (v ?? '');
  };
  let event: unknown;
  try {
    event = new Webhook(secret).verify(rawBody, {
      'webhook-id': h('webhook-id'),
      'webhook-timestamp': h('webhook-timestamp'),
      'webhook-signature': h('webhook-signature'),
    });
  } catch (err) {
    if (err instanceof WebhookVerificationError) throw new AppError('unauthenticated', `The webhook's signature does not verify: ${err.message}.`);
    throw err;
  }
  const parsed = paymentEventSchema.safeParse(event);
  if (!parsed.success) throw new AppError('validation_failed', 'That event is not an invoice.payment_succeeded event Carriage understands.');
  const { data } = parsed.data;
  const eventId = h('webhook-id');
  if (await findPaymentByProviderEvent(db, eventId)) return { invoiceId: data.invoiceId, duplicate: true };
  const invoice = await findInvoice(db, data.invoiceId);
  if (!invoice) throw new AppError('not_found', 'That invoice was not found.');
  if (invoice.currency !== data.currency) throw new AppError('validation_failed', `That invoice is in ${invoice.currency}, not ${data.currency}.`);
  await invoiceTransaction(db, invoice.id, (trx) =>
    applyPayment(
      trx,
      invoice.id,
      { paidOn: data.paidOn, amountMinor: data.amountMinor, method: data.method, reference: data.reference },
      {
        actorId: null,
        providerEventId: eventId,
      },
    ),
  );
  return { invoiceId: invoice.id, duplicate: false };
}
