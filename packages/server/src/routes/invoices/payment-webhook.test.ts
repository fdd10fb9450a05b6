import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { describeEachEngine, errorOf, MemoryMailer } from '../../test/harness.js';
import { draftInvoiceIn, issue } from '../../test/invoices.js';
import { buildWorld } from '../../test/world.js';

const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;

/** A provider's delivery: the event signed with the shared secret, as Standard Webhooks sends it. */
function delivery(body: unknown, opts: { id?: string; key?: string } = {}) {
  const raw = JSON.stringify(body);
  const id = opts.id ?? `msg_${crypto.randomBytes(6).toString('hex')}`;
  const at = new Date();
  const signature = new Webhook(opts.key ?? secret).sign(id, at, raw);
  return {
    raw,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

describeEachEngine('the payment provider seam', (ctx) => {
  it('a signed payment event marks the invoice paid once, however often it is delivered; a forged one changes nothing', async () => {
    const { app, config, database } = ctx();
    const provider = await buildApp({ ...config, paymentWebhookSecret: secret }, { database, mailer: new MemoryMailer(), logger: false });
    try {
      const w = await buildWorld(app, 'Card payments');
      const inv = await issue(w, (await draftInvoiceIn(w, 42000)).id);
      const event = {
        type: 'invoice.payment_succeeded',
        data: { invoiceId: inv.id, amountMinor: 42000, currency: 'EUR', paidOn: inv.issuedOn, reference: 'pi_123' },
      };

      const forged = delivery(event, { key: `whsec_${crypto.randomBytes(24).toString('base64')}` });
      const refused = await provider.inject({ method: 'POST', url: '/api/payments/webhook', payload: forged.raw, headers: forged.headers });
      expect(refused.statusCode).toBe(401);
      expect(JSON.parse(refused.body).error.message).toMatch(/signature does not verify/);

      const d = delivery(event);
      const first = await provider.inject({ method: 'POST', url: '/api/payments/webhook', payload: d.raw, headers: d.headers });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ ok: true, invoiceId: inv.id, duplicate: false });
      const again = await provider.inject({ method: 'POST', url: '/api/payments/webhook', payload: d.raw, headers: d.headers });
      expect(again.json()).toEqual({ ok: true, invoiceId: inv.id, duplicate: true });

      const paid = (await w.coach.get(`/api/invoices/${inv.id}`)).json();
      expect(paid).toMatchObject({ status: 'paid', paidMinor: 42000 });
      expect(paid.payments).toEqual([expect.objectContaining({ amountMinor: 42000, method: 'card', reference: 'pi_123' })]);

      // A server without a provider configured says so.
      const none = await app.inject({ method: 'POST', url: '/api/payments/webhook', payload: d.raw, headers: d.headers });
      expect(none.statusCode).toBe(404);
      expect(errorOf(none).message).toMatch(/PAYMENT_WEBHOOK_SECRET/);
    } finally {
      await provider.close();
    }
  });
});
