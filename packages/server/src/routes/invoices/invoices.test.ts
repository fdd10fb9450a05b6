import { expect, it } from 'vitest';
import { FUTURE, type Json } from '../../test/contracts.js';
import { describeEachEngine, drainJobs, errorOf } from '../../test/harness.js';
import { draftFor, draftInvoiceIn, issue, setUpBusiness, signedContract } from '../../test/invoices.js';
import { pdfText } from '../../test/pdf.js';
import { schedule } from '../../test/session-helpers.js';
import { buildWorld, type World } from '../../test/world.js';

/** Sessions on these days (09:00 Paris, of the given lengths), marked held by the coach. */
async function held(w: World, days: string[], minutes: number[] = []) {
  const out: string[] = [];
  for (const [i, day] of days.entries()) {
    const [s] = await schedule(w, { startsAt: `${day}T09:00:00+01:00`, durationMinutes: minutes[i] ?? 60 });
    const res = await w.coach.patch(`/api/sessions/${s.id}`, { status: 'held' });
    expect(res.statusCode, res.body).toBe(200);
    out.push(s.id);
  }
  return out;
}

const lineSummary = (inv: Json) => inv.lines.map((l: Json) => [l.description, l.quantityMilli, l.unitMinor, l.amountMinor]);
const thisYear = () => String(new Date().getUTCFullYear());

describeEachEngine('invoices', (ctx) => {
  it('a per-session package is invoiced once, and sessions held beyond it as extras; nothing is billed twice', async () => {
    const w = await buildWorld(ctx().app, 'Package engagement');
    await setUpBusiness(w.coach);
    const c = await signedContract(w, { amountMinor: 15000, currency: 'EUR', unit: 'per_session', sessionsIncluded: 2 });
    await held(w, ['2030-01-07', '2030-01-14']);

    const first = await draftFor(w, c.id);
    // 2 sessions × €150.00 = €300.00
    expect(lineSummary(first)).toEqual([['Package of 2 coaching sessions', 2000, 15000, 30000]]);
    expect(first).toMatchObject({ status: 'draft', state: 'draft', number: null, currency: 'EUR', totalMinor: 30000, contractTitle: c.title });
    const again = await w.coach.post(`/api/contracts/${c.id}/invoices`, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toMatch(/package is invoiced/);

    await held(w, ['2030-01-21']);
    const extra = await draftFor(w, c.id);
    expect(lineSummary(extra)).toEqual([['Extra session on 21 Jan 2030 (beyond the 2 included)', 1000, 15000, 15000]]);

    // A session held after the contract's end is another contract's to bill.
    await held(w, ['2030-05-04']);
    expect((await w.coach.post(`/api/contracts/${c.id}/invoices`, {})).statusCode).toBe(409);
  });

  it('per hour in yen: each held session for its minutes, rounded to whole yen; tax per rate on the sum', async () => {
    const w = await buildWorld(ctx().app, 'Hourly engagement');
    await setUpBusiness(w.coach, { taxRate: 10 });
    const c = await signedContract(w, { amountMinor: 12345, currency: 'JPY', unit: 'per_hour' });
    await held(w, ['2030-02-02', '2030-02-09'], [45, 50]);
    const inv = await draftFor(w, c.id);
    expect(lineSummary(inv)).toEqual([
      // ¥12,345 × 0.75 h = ¥9,258.75 → ¥9,259
      ['Coaching session on 2 Feb 2030 (45 min), hours', 750, 12345, 9259],
      // 50 min is 0.833 h; ¥12,345 × 0.833 = ¥10,283.385 → ¥10,283
      ['Coaching session on 9 Feb 2030 (50 min), hours', 833, 12345, 10283],
    ]);
    // net ¥19,542; 10 % = ¥1,954.2 → ¥1,954; total ¥21,496
    expect(inv.taxSummary).toEqual([{ taxRateBp: 1000, netMinor: 19542, taxMinor: 1954 }]);
    expect([inv.netMinor, inv.taxMinor, inv.totalMinor]).toEqual([19542, 1954, 21496]);
  });

  it('per month in dinars (three decimals): one line per month of the period that has begun', async () => {
    const w = await buildWorld(ctx().app, 'Monthly engagement');
    await setUpBusiness(w.coach, { taxRate: 0 });
    const c = await signedContract(w, { amountMinor: 1255, currency: 'KWD', unit: 'per_month' }, { startsOn: '2020-01-15', endsOn: '2020-03-31' });
    const inv = await draftFor(w, c.id);
    // 3 × KWD 1.255 = KWD 3.765
    expect(lineSummary(inv)).toEqual([
      ['Coaching, January 2020', 1000, 1255, 1255],
      ['Coaching, February 2020', 1000, 1255, 1255],
      ['Coaching, March 2020', 1000, 1255, 1255],
    ]);
    expect(inv.totalMinor).toBe(3765);
  });

  it('a fixed price follows its instalments: deposit first, then the balance, splitting the price exactly', async () => {
    const w = await buildWorld(ctx().app, 'Fixed engagement');
    await setUpBusiness(w.coach);
    const c = await signedContract(w, {
      amountMinor: 100000,
      currency: 'EUR',
      unit: 'fixed',
      instalments: [
        { label: 'Deposit', percent: 33.33 },
        { label: 'Balance', percent: 66.67 },
      ],
    });
    const deposit = await draftFor(w, c.id);
    // 33.33 % of €1,000.00 = €333.30
    expect(lineSummary(deposit)).toEqual([['Deposit (33.33 % of 1,000.00 EUR, 1 of 2)', 1000, 33330, 33330]]);
    await issue(w, deposit.id);
    const balance = await draftFor(w, c.id);
    // the rest, €666.70: together exactly €1,000.00
    expect(lineSummary(balance)).toEqual([['Balance (66.67 % of 1,000.00 EUR, 2 of 2)', 1000, 66670, 66670]]);
    const done = await w.coach.post(`/api/contracts/${c.id}/invoices`, {});
    expect(errorOf(done).message).toMatch(/Every instalment of this fixed price is invoiced already/);
  });

  it('the coach edits a draft’s lines; the totals and the tax summary follow', async () => {
    const w = await buildWorld(ctx().app, 'Editing engagement');
    const inv = await draftInvoiceIn(w, 45000);
    const added = await w.coach.post(`/api/invoices/${inv.id}/lines`, { description: 'Workbook', quantity: 1, unitMinor: 9999, taxRate: 7 });
    expect(added.statusCode, added.body).toBe(201);
    const extra = await w.coach.post(`/api/invoices/${inv.id}/lines`, { description: 'Travel', quantity: 0.5, unitMinor: 8000, taxRate: 19 });
    const lines = extra.json().lines as Json[];
    // €450.00 at 0 %; €99.99 at 7 % (tax €6.9993 → €7.00); 0.5 × €80.00 = €40.00 at 19 % (tax €7.60)
    expect(extra.json().taxSummary).toEqual([
      { taxRateBp: 0, netMinor: 45000, taxMinor: 0 },
      { taxRateBp: 700, netMinor: 9999, taxMinor: 700 },
      { taxRateBp: 1900, netMinor: 4000, taxMinor: 760 },
    ]);
    expect(extra.json().totalMinor).toBe(45000 + 9999 + 4000 + 700 + 760);

    const edited = await w.coach.patch(`/api/invoice-lines/${lines[2].id}`, { quantity: 2, taxRate: 7 });
    expect(edited.statusCode, edited.body).toBe(200);
    // 2 × €80.00 = €160.00 joins the 7 % rate: 7 % of €259.99 = €18.1993 → €18.20
    expect(edited.json().taxSummary).toEqual([
      { taxRateBp: 0, netMinor: 45000, taxMinor: 0 },
      { taxRateBp: 700, netMinor: 25999, taxMinor: 1820 },
    ]);
    const removed = await w.coach.delete(`/api/invoice-lines/${lines[1].id}`);
    expect(removed.json().lines.map((l: Json) => l.description)).toEqual([lines[0].description, 'Travel']);
    expect(removed.json().totalMinor).toBe(45000 + 16000 + 1120);

    const header = await w.coach.patch(`/api/invoices/${inv.id}`, { daysToPay: 7, notes: 'Thank you for your trust.', reverseCharge: true });
    expect(header.json()).toMatchObject({ daysToPay: 7, notes: 'Thank you for your trust.', reverseCharge: true });

    const bad = await w.coach.post(`/api/invoices/${inv.id}/lines`, { description: '', quantity: 1.2345, unitMinor: 10.5, taxRate: -1 });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toMatchObject({
      description: 'Describe what the line bills.',
      quantity: 'Use at most three decimals in a quantity.',
      taxRate: 'A tax rate can’t be negative.',
    });
    expect(errorOf(bad).fields?.unitMinor).toMatch(/whole number/);

    // Nothing to issue: an empty draft can't take a number.
    const blank = await w.coach.post(`/api/contracts/${inv.contractId}/invoices`, { blank: true });
    expect(blank.statusCode).toBe(201);
    const empty = await w.coach.post(`/api/invoices/${blank.json().id}/issue`);
    expect(errorOf(empty).message).toBe('Add at least one line before issuing this invoice.');
    expect((await w.coach.delete(`/api/invoices/${blank.json().id}`)).statusCode).toBe(200);
    expect((await w.coach.get(`/api/invoices/${blank.json().id}`)).statusCode).toBe(404);
  });

  it('issuing numbers the invoice, freezes it, prints it and emails the PDF to the billed party', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Issuing engagement');
    const inv = await draftInvoiceIn(w, 120000);
    await w.coach.put(`/api/contracts/${inv.contractId}/billing`, {
      legalName: 'Acme Holdings Ltd',
      address: '2 Market Square\nLeeds',
      taxId: 'GB987654321',
      email: 'accounts@acme.example',
    });
    const issued = await issue(w, inv.id);
    expect(issued.number).toMatch(new RegExp(`^${thisYear()}-\\d{3}$`));
    expect(issued).toMatchObject({ status: 'issued', state: 'open', billedTo: 'Acme Holdings Ltd', balanceMinor: 120000 });
    expect(issued.buyer).toEqual({ name: 'Acme Holdings Ltd', address: '2 Market Square\nLeeds', taxId: 'GB987654321', email: 'accounts@acme.example' });
    expect(issued.seller.name).toBe('Casey Coaching Ltd');
    expect(issued.paymentUrl).toBe(`https://pay.example.com/casey?invoice=${issued.number}&amount=1200.00&currency=EUR`);
    // 14 days to pay from the coach's profile
    expect(Date.parse(issued.dueOn) - Date.parse(issued.issuedOn)).toBe(14 * 86_400_000);

    expect(mailer.lastTo('accounts@acme.example')).toBeUndefined();
    // The email goes out from the jobs table once the issue committed.
    await drainJobs(app);
    const mail = mailer.lastTo('accounts@acme.example');
    expect(mail?.subject).toBe(`Invoice ${issued.number} from Casey Coaching Ltd`);
    expect(mail?.text).toContain('€1,200.00');
    expect(mail?.attachments?.[0]).toMatchObject({ filename: `invoice-${issued.number}.pdf`, contentType: 'application/pdf' });
    const text = await pdfText(mail?.attachments?.[0]?.content as Buffer);
    for (const s of [`Invoice ${issued.number}`, 'Casey Coaching Ltd', 'Acme Holdings Ltd', 'GB987654321', '1,200.00', 'How to pay', issued.contractTitle]) {
      expect(text, s).toContain(s);
    }

    // Immutable once issued: every change is refused with a sentence, and nothing changed.
    const locked = [
      await w.coach.patch(`/api/invoices/${inv.id}`, { notes: 'changed' }),
      await w.coach.post(`/api/invoices/${inv.id}/lines`, { description: 'More', quantity: 1, unitMinor: 100 }),
      await w.coach.patch(`/api/invoice-lines/${issued.lines[0].id}`, { unitMinor: 1 }),
      await w.coach.delete(`/api/invoice-lines/${issued.lines[0].id}`),
    ];
    for (const res of locked) {
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({ code: 'invoice_locked' });
      expect(errorOf(res).message).toMatch(/issued and can no longer change/);
    }
    expect(errorOf(await w.coach.delete(`/api/invoices/${inv.id}`)).message).toMatch(/keeps its number and can’t be deleted/);
    expect(errorOf(await w.coach.post(`/api/invoices/${inv.id}/issue`)).message).toBe('This invoice was issued already.');
    // Billing details changed later do not touch what was issued.
    await w.coach.put(`/api/contracts/${inv.contractId}/billing`, { legalName: 'Renamed plc' });
    const after = (await w.coach.get(`/api/invoices/${inv.id}`)).json();
    expect(after.buyer.name).toBe('Acme Holdings Ltd');
    expect({ lines: after.lines, totalMinor: after.totalMinor, number: after.number }).toEqual({
      lines: issued.lines,
      totalMinor: issued.totalMinor,
      number: issued.number,
    });
  });

  it('payments, partial then in full, make it paid; overpaying is refused; every step is in the activity log', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Payment engagement');
    const inv = await issue(w, (await draftInvoiceIn(w, 100000)).id);
    const tooEarly = await w.coach.post(`/api/invoices/${inv.id}/payments`, { paidOn: '2000-01-01', amountMinor: 100, method: 'cash' });
    expect(errorOf(tooEarly).fields?.paidOn).toMatch(/dated on or after/);
    const part = await w.coach.post(`/api/invoices/${inv.id}/payments`, {
      paidOn: inv.issuedOn,
      amountMinor: 40000,
      method: 'bank_transfer',
      reference: 'TRX-1',
    });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({ status: 'issued', state: 'partly_paid', paidMinor: 40000, balanceMinor: 60000 });
    const over = await w.coach.post(`/api/invoices/${inv.id}/payments`, { paidOn: inv.issuedOn, amountMinor: 60001, method: 'card' });
    expect(errorOf(over).fields?.amountMinor).toBe('That is more than is left to pay (€600.00). Record at most the balance.');
    const rest = await w.coach.post(`/api/invoices/${inv.id}/payments`, { paidOn: inv.issuedOn, amountMinor: 60000, method: 'card' });
    expect(rest.json()).toMatchObject({ status: 'paid', state: 'paid', paidMinor: 100000, balanceMinor: 0, paymentUrl: null });
    expect(rest.json().payments.map((p: Json) => [p.amountMinor, p.method])).toEqual([
      [40000, 'bank_transfer'],
      [60000, 'card'],
    ]);
    expect(errorOf(await w.coach.post(`/api/invoices/${inv.id}/payments`, { paidOn: inv.issuedOn, amountMinor: 1, method: 'card' })).message).toBe(
      'This invoice is paid in full already.',
    );
    expect(errorOf(await w.coach.post(`/api/invoices/${inv.id}/void`, {})).message).toMatch(/paid/);

    const events = await app.db.selectFrom('events').select(['type', 'audience']).where('entity_id', '=', inv.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual([
      'invoice.drafted',
      'invoice.issued',
      'invoice.sent',
      'invoice.payment_recorded',
      'invoice.payment_recorded',
      'invoice.paid',
    ]);
    expect(new Set(events.map((e) => e.audience))).toEqual(new Set(['billing']));
  });

  it('voiding issues a credit note with the next number for the whole amount, and frees what was billed', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Void engagement');
    await setUpBusiness(w.coach, { taxRate: 19 });
    const c = await signedContract(w, { amountMinor: 9999, currency: 'EUR', unit: 'fixed' });
    const inv = await issue(w, (await draftFor(w, c.id)).id);
    // €99.99 + 19 % (€18.9981 → €19.00) = €118.99
    expect(inv.totalMinor).toBe(11899);
    const res = await w.coach.post(`/api/invoices/${inv.id}/void`, { reason: 'Billed to the wrong company' });
    expect(res.statusCode, res.body).toBe(200);
    const credit = res.json();
    const [year, seq] = inv.number.split('-');
    expect(credit.number).toBe(`${year}-${String(Number(seq) + 1).padStart(3, '0')}`);
    expect(credit).toMatchObject({ kind: 'credit_note', state: 'credit_note', totalMinor: -11899, netMinor: -9999, taxMinor: -1900, balanceMinor: 0 });
    expect(credit.creditFor).toEqual({ id: inv.id, number: inv.number });
    expect(credit.notes).toBe(`Cancels invoice ${inv.number}: Billed to the wrong company`);
    const voided = (await w.coach.get(`/api/invoices/${inv.id}`)).json();
    expect(voided).toMatchObject({
      status: 'void',
      state: 'void',
      voidReason: 'Billed to the wrong company',
      creditNote: { id: credit.id, number: credit.number },
    });
    await drainJobs(app);
    expect(mailer.lastTo(w.sponsor.user?.email as string)?.subject).toBe(`Credit note ${credit.number} from Casey Coaching Ltd`);
    // The fixed price can be invoiced again.
    const again = await draftFor(w, c.id);
    expect(again.totalMinor).toBe(11899);
  });

  it('an invoice past its due date is overdue in the list and in the coach’s money view; the CSV has exact amounts', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Overdue engagement');
    const inv = await issue(w, (await draftInvoiceIn(w, 25050)).id);
    await app.db.updateTable('invoices').set({ due_on: '2020-01-01' }).where('id', '=', inv.id).execute();
    const list = (await w.coach.get(`/api/engagements/${w.engagementId}/invoices`)).json().invoices as Json[];
    expect(list.find((i) => i.id === inv.id)?.state).toBe('overdue');
    const money = await w.coach.get('/api/money?period=year');
    expect(money.statusCode, money.body).toBe(200);
    const eur = money.json().byEngagement.find((r: Json) => r.engagementId === w.engagementId);
    expect(eur).toMatchObject({ currency: 'EUR', outstandingMinor: 25050, overdueMinor: 25050, paidMinor: 0 });
    expect(money.json().byPeriod.some((p: Json) => p.period === thisYear() && p.invoicedMinor >= 25050)).toBe(true);
    const csv = await w.coach.get('/api/money/invoices.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(`${inv.number},invoice,overdue,${inv.issuedOn},2020-01-01,Overdue engagement`);
    expect(csv.body).toContain(',EUR,250.50,0.00,250.50,0.00,250.50');
    // The sponsor is no coach: their money view is empty, not the coach's.
    expect((await w.sponsor.get('/api/money')).json().invoices).toEqual([]);
    expect((await w.coach.get('/api/money?period=week')).statusCode).toBe(400);
  });

  it('refuses to invoice a contract that is not signed, and to issue without the coach’s business details', async () => {
    const w = await buildWorld(ctx().app, 'Refusals engagement');
    const draftContract = (await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, { template: 'organization', ...FUTURE })).json();
    const unsigned = await w.coach.post(`/api/contracts/${draftContract.id}/invoices`, {});
    expect(unsigned.statusCode).toBe(409);
    expect(errorOf(unsigned).message).toBe('Only a signed contract is invoiced. Send it for signature first.');
    const c = await signedContract(w, { amountMinor: 50000, currency: 'EUR', unit: 'fixed' });
    const inv = await draftFor(w, c.id);
    await setUpBusiness(w.coach, { name: '', address: '' });
    const noBusiness = await w.coach.post(`/api/invoices/${inv.id}/issue`);
    expect(noBusiness.statusCode).toBe(400);
    expect(errorOf(noBusiness).message).toMatch(/business name and address/);
  });
});
