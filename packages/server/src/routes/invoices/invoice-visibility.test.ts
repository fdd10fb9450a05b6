import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import type { Json } from '../../test/contracts.js';
import { describeEachEngine, drainJobs, errorOf, type TestClient } from '../../test/harness.js';
import { draftFor, draftInvoiceIn, issue, setUpBusiness } from '../../test/invoices.js';
import { openStream } from '../../test/sse.js';
import { accept, buildWorld, people, type World } from '../../test/world.js';

/** An individual engagement (the coachee pays) with a sponsor who joined anyway. */
async function individualWorld(app: FastifyInstance): Promise<World> {
  const p = await people(app);
  const res = await p.coach.post('/api/engagements', { title: 'Personal coaching', clientType: 'individual', startsOn: '2026-01-05', endsOn: '2026-04-05' });
  const engagementId = res.json().id as string;
  for (const [client, role] of [
    [p.coachee, 'coachee'],
    [p.sponsor, 'sponsor'],
  ] as const) {
    const inv = await p.coach.post(`/api/engagements/${engagementId}/invitations`, { email: client.user?.email, role });
    await accept(client, inv.json().token);
  }
  return { ...p, engagementId };
}

/** Every event of the engagement a member receives when replaying its live stream from the start. */
async function replayed(app: FastifyInstance, who: TestClient, engagementId: string): Promise<string[]> {
  const stream = await openStream(app, who, engagementId, 0);
  try {
    await stream.waitFor((e) => e.event === 'ready');
  } finally {
    stream.close();
  }
  return stream.events.filter((e) => e.data?.type).map((e) => e.data.type as string);
}

describeEachEngine('who sees invoices', (ctx) => {
  it('in a company engagement the coach and the sponsor see invoices; the coachee sees none of them, by any route', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Company billing');
    const inv = await issue(w, (await draftInvoiceIn(w)).id);
    const draft = await draftFor(w, inv.contractId, { blank: true });

    const list = await w.sponsor.get(`/api/engagements/${w.engagementId}/invoices`);
    expect(list.statusCode).toBe(200);
    // The billed party sees what was sent to them, never the coach's drafts.
    expect(list.json().invoices.map((i: Json) => i.id)).toEqual([inv.id]);
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/invoices`)).json().invoices.map((i: Json) => i.id)).toEqual([draft.id, inv.id]);
    expect((await w.sponsor.get(`/api/invoices/${inv.id}`)).json().number).toBe(inv.number);
    expect((await w.sponsor.get(`/api/invoices/${draft.id}`)).statusCode).toBe(404);
    expect((await w.sponsor.get(`/api/invoices/${inv.id}/pdf`)).headers['content-type']).toBe('application/pdf');
    await drainJobs(app);
    expect(mailer.lastTo(w.sponsor.user?.email as string)?.subject).toBe(`Invoice ${inv.number} from Casey Coaching Ltd`);

    for (const url of [
      `/api/engagements/${w.engagementId}/invoices`,
      `/api/invoices/${inv.id}`,
      `/api/invoices/${inv.id}/pdf`,
      `/api/contracts/${inv.contractId}/billing`,
    ]) {
      const res = await w.coachee.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(errorOf(res).message).toBe('Invoices of this engagement go to the company, through its sponsor; ask the coach or your sponsor.');
    }
    expect(mailer.sent.filter((m) => m.to === w.coachee.user?.email && m.subject.includes(inv.number))).toEqual([]);
    expect((await w.outsider.get(`/api/invoices/${inv.id}`)).statusCode).toBe(404);
    expect((await w.sponsor.post(`/api/invoices/${inv.id}/payments`, { paidOn: inv.issuedOn, amountMinor: 1, method: 'card' })).statusCode).toBe(403);

    const abilities = async (who: TestClient) => (await who.get(`/api/engagements/${w.engagementId}`)).json().abilities as string[];
    expect(await abilities(w.sponsor)).toContain('invoice.read');
    expect(await abilities(w.coachee)).not.toContain('invoice.read');

    const sponsorEvents = await replayed(app, w.sponsor, w.engagementId);
    expect(sponsorEvents).toEqual(expect.arrayContaining(['invoice.issued', 'invoice.sent']));
    const coacheeEvents = await replayed(app, w.coachee, w.engagementId);
    expect(coacheeEvents.filter((t) => t.startsWith('invoice.') || t === 'contract.billing_updated')).toEqual([]);
    expect(coacheeEvents).toContain('contract.signed');
    const exported = (await w.coachee.get(`/api/engagements/${w.engagementId}/export.json`)).body;
    expect(exported).not.toContain('invoice.');

    // The header shows the sponsor the latest invoice; the coachee only the sessions.
    const pulse = async (who: TestClient) => (await who.get(`/api/engagements/${w.engagementId}`)).json().pulse;
    expect((await pulse(w.sponsor)).invoice).toEqual({ id: inv.id, number: inv.number, state: 'open' });
    expect((await pulse(w.coachee)).invoice).toBeNull();
  });

  it('in an individual engagement the coachee is billed and sees invoices; the sponsor does not', async () => {
    const { app, mailer } = ctx();
    const w = await individualWorld(app);
    await setUpBusiness(w.coach);
    const c = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'individual',
      startsOn: '2030-01-01',
      endsOn: '2030-03-31',
      rate: { amountMinor: 60000, currency: 'EUR', unit: 'fixed' },
      deliverables: [{ description: 'A plan' }],
      signers: [{ userId: w.coach.user?.id }, { userId: w.coachee.user?.id }],
    });
    const id = c.json().id as string;
    await w.coach.post(`/api/contracts/${id}/send`);
    for (const who of [w.coach, w.coachee]) await who.post(`/api/contracts/${id}/sign`, { typedName: who.user?.name, consent: true });
    const inv = await issue(w, (await draftFor(w, id)).id);
    expect(inv.billedTo).toBe('Cory Coachee');
    expect((await w.coachee.get(`/api/invoices/${inv.id}`)).statusCode).toBe(200);
    await drainJobs(app);
    expect(mailer.lastTo(w.coachee.user?.email as string)?.subject).toBe(`Invoice ${inv.number} from Casey Coaching Ltd`);
    const refused = await w.sponsor.get(`/api/engagements/${w.engagementId}/invoices`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Invoices of this engagement go to the coachee; ask the coach.');
    expect((await replayed(app, w.coachee, w.engagementId)).filter((t) => t.startsWith('invoice.'))).toEqual(expect.arrayContaining(['invoice.issued']));
    expect((await replayed(app, w.sponsor, w.engagementId)).filter((t) => t.startsWith('invoice.'))).toEqual([]);
  });
});
