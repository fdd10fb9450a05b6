import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { guardedLookup } from './webhook-address.js';

/** How long a receiver has to answer one attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The JSON body of a delivery (Standard Webhooks: `type`, `timestamp`, `data`). */
export interface WebhookMessage {
  type: string;
  timestamp: string;
  data: {
    eventId: number;
    engagementId: string;
    entityType: string;
    entityId: string;
    actorId: string | null;
    payload: unknown;
  };
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends one attempt of a delivery, signed per Standard Webhooks: `webhook-id` (the delivery's id, the same
 * on every retry so receivers can drop duplicates), `webhook-timestamp` (seconds) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the secret), through the `standardwebhooks` package.
 * A 2xx answer is a success; anything else, a timeout or a network error is a failed attempt.
 */
export async function sendDelivery(args: {
  url: string;
  secret: string;
  messageId: string;
  message: WebhookMessage;
  allowLoopback: boolean;
}): Promise<AttemptOutcome> {
  const body = JSON.stringify(args.message);
  const now = new Date();
  const signature = new Webhook(args.secret).sign(args.messageId, now, body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Carriage-Webhooks/1',
    'webhook-id': args.messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<AttemptOutcome>((resolve) => {
    const url = new URL(args.url);
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'POST', headers, lookup: guardedLookup(args.allowLoopback), timeout: DELIVERY_TIMEOUT_MS }, (res) => {
      // The answer's body is not kept: only whether it was accepted. Reading it frees the socket.
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        resolve({
          ok,
          statusCode: status,
          error: ok ? null : `The endpoint answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`,
          durationMs: elapsed(),
        });
      });
      res.on('error', (err) => resolve({ ok: false, statusCode: status(res), error: describe(err), durationMs: elapsed() }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds.`), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => resolve({ ok: false, statusCode: null, error: describe(err), durationMs: elapsed() }));
    req.end(body);
  });
}

const status = (res: http.IncomingMessage) => res.statusCode ?? null;

/** A failed attempt as the delivery log shows it: what happened, in a sentence, without internals. */
function describe(err: Error & { code?: string }): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'The connection was refused.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name could not be found.';
    case 'ETIMEDOUT':
      return err.message.endsWith('.') ? err.message : 'The connection timed out.';
    case 'ECONNRESET':
      return 'The connection was closed before an answer came.';
    case 'EBLOCKED':
      return err.message;
    default:
      if (err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT')) return `The endpoint's TLS certificate was not accepted (${err.code}).`;
      return `The request failed (${err.code ?? err.message.slice(0, 120)}).`;
  }
}
