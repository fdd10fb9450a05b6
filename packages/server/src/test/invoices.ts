import { expect } from 'vitest';
import { draft, type Json, signedBy } from './contracts.js';
import type { TestClient } from './harness.js';
import type { World } from './world.js';

/** The coach's business details, which issuing requires. */
export async function setUpBusiness(coach: TestClient, extra: Json = {}): Promise<Json> {
  const res = await coach.put('/api/me/business', {
    name: 'Casey Coaching Ltd',
    address: '1 Harbour Street\nBristol BS1 4AA',
    taxId: 'GB123456789',
    paymentInstructions: 'Bank transfer to IBAN GB00 TEST 0000 0000 0000 00',
    paymentLink: 'https://pay.example.com/casey?invoice={number}&amount={amount}&currency={currency}',
    daysToPay: 14,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A contract signed by coach, sponsor and coachee, with this rate (and other fields). */
export async function signedContract(w: World, rate: Json, extra: Json = {}): Promise<Json> {
  const c = await draft(w, { rate, ...extra });
  return signedBy(w, c.id);
}

/** The coach drafts the contract's next invoice. */
export async function draftFor(w: World, contractId: string, body: Json = {}): Promise<Json> {
  const res = await w.coach.post(`/api/contracts/${contractId}/invoices`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A fixed-price contract, signed, with its first invoice drafted (the coach's business set up). */
export async function draftInvoiceIn(w: World, amountMinor = 120000, currency = 'EUR'): Promise<Json> {
  await setUpBusiness(w.coach);
  const c = await signedContract(w, { amountMinor, currency, unit: 'fixed' });
  return draftFor(w, c.id);
}

/** Issues a draft as the coach. */
export async function issue(w: World, invoiceId: string): Promise<Json> {
  const res = await w.coach.post(`/api/invoices/${invoiceId}/issue`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
