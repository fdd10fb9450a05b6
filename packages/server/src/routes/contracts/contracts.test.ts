import { expect, it } from 'vitest';
import { runDueJobs } from '../../plugins/job-worker.js';
import { draft, type Json, sign, signedBy } from '../../test/contracts.js';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { buildWorld } from '../../test/world.js';

describeEachEngine('contracts', (ctx) => {
  it('the coach writes the vision and quote; the client reads and comments; a contract is drafted from it in one step', async () => {
    const w = await buildWorld(ctx().app, 'Vision engagement');
    const empty = await w.sponsor.get(`/api/engagements/${w.engagementId}/vision`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ currentSituation: '', goals: [], quote: null, comments: [] });

    const put = await w.coach.put(`/api/engagements/${w.engagementId}/vision`, {
      currentSituation: 'New team lead, overloaded.',
      desiredFuture: 'A team that runs without daily rescue.',
      goals: [{ what: 'Delegate with confidence', howMeasured: 'Team survey', target: '4 of 5' }],
      quote: { amountMinor: 720000, currency: 'eur', unit: 'fixed', sessionsIncluded: 8, covers: 'Eight sessions over three months and board support.' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().quote).toEqual({
      amountMinor: 720000,
      currency: 'EUR',
      unit: 'fixed',
      sessionsIncluded: 8,
      covers: 'Eight sessions over three months and board support.',
    });
    expect(put.json().updatedBy.name).toBe('Casey Coach');

    expect((await w.coachee.put(`/api/engagements/${w.engagementId}/vision`, { currentSituation: 'x' })).statusCode).toBe(403);
    expect((await w.outsider.get(`/api/engagements/${w.engagementId}/vision`)).statusCode).toBe(404);

    expect((await w.sponsor.post(`/api/engagements/${w.engagementId}/vision/comments`, { body: 'Can we add a goal on hiring?' })).statusCode).toBe(201);
    expect((await w.coachee.post(`/api/engagements/${w.engagementId}/vision/comments`, { body: 'Looks right to me.' })).statusCode).toBe(201);
    const empty400 = await w.coachee.post(`/api/engagements/${w.engagementId}/vision/comments`, { body: ' ' });
    expect(errorOf(empty400).fields).toEqual({ body: 'Write a comment.' });
    const read = await w.coachee.get(`/api/engagements/${w.engagementId}/vision`);
    expect(read.json().desiredFuture).toBe('A team that runs without daily rescue.');
    expect(read.json().comments.map((c: Json) => `${c.author.role}: ${c.body}`)).toEqual([
      'sponsor: Can we add a goal on hiring?',
      'coachee: Looks right to me.',
    ]);

    const fromVision = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, { fromVision: true });
    expect(fromVision.statusCode, fromVision.body).toBe(201);
    const c = fromVision.json();
    expect(c).toMatchObject({ status: 'draft', kind: 'original', version: 1, template: 'organization', sessionsIncluded: 8 });
    expect(c.content.title).toBe('Statement of work: Vision engagement');
    expect(c.content.clientName).toBe('Acme Ltd');
    expect(c.content.goals.map((g: Json) => g.what)).toEqual(['Delegate with confidence']);
    expect(c.content.rate).toEqual({
      amountMinor: 720000,
      currency: 'EUR',
      unit: 'fixed',
      sessionsIncluded: 8,
      instalments: [
        { label: 'On signature', percent: 50 },
        { label: 'At the end date', percent: 50 },
      ],
    });
    expect(c.content.startsOn).toBe('2026-01-05');
    expect(c.content.signers.map((s: Json) => s.role)).toEqual(['coach', 'sponsor']);
    expect(c.content.confidentialityTerms).toMatch(/sponsor receives the agreed goals/);
    expect(c.missingToSend).toEqual({});
  });

  it('runs the whole flow: draft → sent → signed by everyone, with the audit trail and the engagement’s dates', async () => {
    const w = await buildWorld(ctx().app, 'Flow engagement');
    const c = await draft(w);
    expect(c.status).toBe('draft');
    expect(c.missingToSend).toEqual({});
    expect(c.content.rate.currency).toBe('EUR');
    const edited = await w.coach.patch(`/api/contracts/${c.id}`, { title: 'Statement of work: delegation' });
    expect(edited.json().content.title).toBe('Statement of work: delegation');

    const sent = await w.coach.post(`/api/contracts/${c.id}/send`);
    expect(sent.json()).toMatchObject({ status: 'sent' });
    const coacheeView = await w.coachee.get(`/api/contracts/${c.id}`);
    expect(coacheeView.json()).toMatchObject({ status: 'sent', mySignature: 'to_sign' });
    // Opening it in the web app notes the view (a GET writes nothing); a second look is not a second "viewed".
    expect((await w.coachee.post(`/api/contracts/${c.id}/viewed`)).statusCode).toBe(200);
    expect((await w.coachee.post(`/api/contracts/${c.id}/viewed`)).statusCode).toBe(200);
    expect((await w.coach.post(`/api/contracts/${c.id}/viewed`)).statusCode).toBe(200); // its author's look is not one

    const first = await sign(w.coachee, c.id);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'sent', mySignature: 'signed' });
    expect(first.json().signers.map((s: Json) => [s.name, !!s.signedAt])).toEqual([
      ['Casey Coach', false],
      ['Sam Sponsor', false],
      ['Cory Coachee', true],
    ]);
    expect((await sign(w.coachee, c.id)).statusCode).toBe(409);
    expect((await sign(w.sponsor, c.id)).statusCode).toBe(200);
    const done = await sign(w.coach, c.id, 'casey  COACH');
    expect(done.json()).toMatchObject({ status: 'signed', startsOn: '2030-01-01', endsOn: '2030-03-31' });
    expect(done.json().signatures).toHaveLength(3);
    for (const s of done.json().signatures) {
      expect(s.contentSha256).toBe(done.json().contentSha256);
      expect(s.ip).toBeTruthy();
      expect(s.userAgent).toBe('lightMyRequest');
    }
    const engagement = await w.sponsor.get(`/api/engagements/${w.engagementId}`);
    expect(engagement.json()).toMatchObject({ startsOn: '2030-01-01', endsOn: '2030-03-31', status: 'proposed' });

    const audit = await w.sponsor.get(`/api/contracts/${c.id}/audit`);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().entries.map((e: Json) => `${e.type}:${e.actor?.name ?? '-'}`)).toEqual([
      'created:Casey Coach',
      'updated:Casey Coach',
      'sent:Casey Coach',
      'viewed:Cory Coachee',
      'signed:Cory Coachee',
      'signed:Sam Sponsor',
      'signed:Casey Coach',
      'completed:-',
    ]);
    // Where a signer signed from is the coach's evidence and the signer's own; the sponsor sees it for their signature only.
    const signedBy = (entries: Json[], name: string): Json => entries.find((e: Json) => e.type === 'signed' && e.actor?.name === name) ?? {};
    expect(signedBy(audit.json().entries, 'Sam Sponsor')).toMatchObject({ userAgent: 'lightMyRequest' });
    expect(signedBy(audit.json().entries, 'Cory Coachee')).toMatchObject({ ip: null, userAgent: null });
    const coachAudit = (await w.coach.get(`/api/contracts/${c.id}/audit`)).json().entries;
    expect(signedBy(coachAudit, 'Cory Coachee')).toMatchObject({ userAgent: 'lightMyRequest' });
    expect(signedBy(coachAudit, 'Cory Coachee').ip).toBeTruthy();
    expect(signedBy(audit.json().entries, 'Cory Coachee').detail.typedName).toBe('Cory Coachee');

    const list = await w.sponsor.get(`/api/engagements/${w.engagementId}/contracts`);
    expect(list.json().contracts.map((x: Json) => [x.title, x.status, x.sessionsIncluded])).toEqual([['Statement of work: delegation', 'signed', 12]]);
  });

  it('becomes active when the start date comes (the engagement too) and ends after the end date', async () => {
    const w = await buildWorld(ctx().app, 'Calendar engagement');
    const running = await draft(w, { startsOn: '2020-01-01', endsOn: '2099-12-31' });
    expect((await signedBy(w, running.id)).status).toBe('active');
    const e = await w.coach.get(`/api/engagements/${w.engagementId}`);
    expect(e.json()).toMatchObject({ status: 'active', startsOn: '2020-01-01', endsOn: '2099-12-31' });

    const w2 = await buildWorld(ctx().app, 'Past engagement');
    const past = await draft(w2, { startsOn: '2020-01-01', endsOn: '2020-03-31' });
    expect((await signedBy(w2, past.id)).status).toBe('ended');
    const audit = await w2.coach.get(`/api/contracts/${past.id}/audit`);
    expect(
      audit
        .json()
        .entries.map((x: Json) => x.type)
        .slice(-3),
    ).toEqual(['completed', 'activated', 'ended']);
  });

  it('the contract-dates job starts a signed contract when its start date comes on the coach’s calendar and ends it after its end date', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Dated engagement');
    const c = await draft(w, { startsOn: '2031-03-01', endsOn: '2031-05-31' });
    expect((await signedBy(w, c.id)).status).toBe('signed');
    const statusOn = async (at: string) => {
      await runDueJobs(app, { kinds: ['contract-dates'], now: new Date(at) });
      return (await w.sponsor.get(`/api/contracts/${c.id}`)).json().status;
    };
    // The coach's calendar is UTC: the evening before is still February.
    expect(await statusOn('2031-02-28T23:30:00Z')).toBe('signed');
    expect(await statusOn('2031-03-01T00:30:00Z')).toBe('active');
    expect((await w.coach.get(`/api/engagements/${w.engagementId}`)).json().status).toBe('active');
    expect(await statusOn('2031-05-31T23:00:00Z')).toBe('active');
    expect(await statusOn('2031-06-01T00:10:00Z')).toBe('ended');
    const audit = (await w.coach.get(`/api/contracts/${c.id}/audit`)).json().entries;
    expect(audit.slice(-2).map((e: Json) => [e.type, e.detail.on])).toEqual([
      ['activated', '2031-03-01'],
      ['ended', '2031-06-01'],
    ]);
  });

  it('refuses every illegal transition with 409 and a sentence', async () => {
    const w = await buildWorld(ctx().app, 'Illegal engagement');
    const inStatus: Record<string, string> = {};
    inStatus.draft = (await draft(w)).id;
    inStatus.sent = (await draft(w)).id;
    await w.coach.post(`/api/contracts/${inStatus.sent}/send`);
    inStatus.signed = (await draft(w)).id;
    await signedBy(w, inStatus.signed);
    inStatus.active = (await draft(w, { startsOn: '2020-01-01', endsOn: '2099-12-31' })).id;
    await signedBy(w, inStatus.active);
    inStatus.ended = (await draft(w, { startsOn: '2020-01-01', endsOn: '2020-02-01' })).id;
    await signedBy(w, inStatus.ended);
    inStatus.declined = (await draft(w)).id;
    await w.coach.post(`/api/contracts/${inStatus.declined}/send`);
    expect((await w.sponsor.post(`/api/contracts/${inStatus.declined}/decline`, { reason: 'The price is above budget.' })).json().status).toBe('declined');
    inStatus.withdrawn = (await draft(w)).id;
    expect((await w.coach.post(`/api/contracts/${inStatus.withdrawn}/withdraw`)).json().status).toBe('withdrawn');
    const old = (await draft(w)).id;
    await signedBy(w, old);
    const v2 = (await w.coach.post(`/api/contracts/${old}/versions`)).json();
    await signedBy(w, v2.id);
    inStatus.superseded = old;
    for (const [status, id] of Object.entries(inStatus)) expect([status, (await w.coach.get(`/api/contracts/${id}`)).json().status]).toEqual([status, status]);

    const legal: Record<string, string[]> = {
      draft: ['send', 'withdraw'],
      sent: ['sign', 'decline', 'withdraw'],
      signed: [],
      active: [],
      ended: [],
      declined: [],
      withdrawn: [],
      superseded: [],
    };
    const act = (action: string, id: string) =>
      action === 'sign'
        ? sign(w.coachee, id)
        : action === 'decline'
          ? w.coachee.post(`/api/contracts/${id}/decline`)
          : w.coach.post(`/api/contracts/${id}/${action}`);
    let refused = 0;
    for (const [status, id] of Object.entries(inStatus)) {
      for (const action of ['send', 'sign', 'decline', 'withdraw']) {
        if (legal[status].includes(action)) continue;
        const res = await act(action, id);
        expect([status, action, res.statusCode, errorOf(res).code]).toEqual([status, action, 409, 'illegal_transition']);
        expect(errorOf(res).message).toMatch(/^This contract .+\.$/);
        refused += 1;
      }
      // Nothing that reaches a signer can change any more.
      if (status !== 'draft') {
        const patch = await w.coach.patch(`/api/contracts/${id}`, { title: 'Changed' });
        expect([status, patch.statusCode, errorOf(patch).code]).toEqual([status, 409, 'contract_locked']);
      }
    }
    expect(refused).toBe(27);
    const early = await sign(w.coachee, inStatus.draft);
    expect(errorOf(early).message).toBe("This contract is still a draft, so it can't be signed. The coach sends it for signature first.");
    for (const status of ['draft', 'sent', 'declined']) {
      expect((await w.coach.get(`/api/contracts/${inStatus[status]}/pdf`)).statusCode).toBe(409);
      expect((await w.coach.post(`/api/contracts/${inStatus[status]}/cards`)).statusCode).toBe(409);
      expect((await w.coach.post(`/api/contracts/${inStatus[status]}/renew`, { days: 30 })).statusCode).toBe(409);
    }
    expect((await w.coach.post(`/api/contracts/${inStatus.draft}/versions`)).statusCode).toBe(409);
    expect((await w.coach.post(`/api/contracts/${inStatus.superseded}/versions`)).statusCode).toBe(409);
    // Declined and withdrawn contracts are revised as new versions.
    const revised = await w.coach.post(`/api/contracts/${inStatus.declined}/versions`);
    expect(revised.json()).toMatchObject({ status: 'draft', kind: 'amendment', version: 2, previousId: inStatus.declined });
  });

  it('keeps a signed contract immutable; an amendment is a new version, diffed and signed again', async () => {
    const w = await buildWorld(ctx().app, 'Amendment engagement');
    const c = await draft(w);
    const signed = await signedBy(w, c.id);
    const locked = await w.coach.patch(`/api/contracts/${c.id}`, { rate: { amountMinor: 100, currency: 'EUR', unit: 'fixed' } });
    expect(locked.statusCode).toBe(409);
    expect(errorOf(locked)).toMatchObject({
      code: 'contract_locked',
      message: 'This contract is signed and can no longer change. Amend it as a new version, which every signer signs again.',
    });
    expect((await w.coach.get(`/api/contracts/${c.id}`)).json().contentSha256).toBe(signed.contentSha256);

    const v2res = await w.coach.post(`/api/contracts/${c.id}/versions`);
    expect(v2res.statusCode, v2res.body).toBe(201);
    const v2 = v2res.json();
    expect(v2).toMatchObject({ status: 'draft', kind: 'amendment', version: 2, previousId: c.id, changes: [] });
    expect(v2.contentSha256).toBe(signed.contentSha256);
    expect((await w.coach.post(`/api/contracts/${c.id}/versions`)).statusCode).toBe(409);
    const edited = await w.coach.patch(`/api/contracts/${v2.id}`, { endsOn: '2030-04-30' });
    expect(edited.json().changes).toEqual([{ field: 'endsOn', label: 'End date', change: 'changed', before: '2030-03-31', after: '2030-04-30' }]);
    expect(edited.json().contentSha256).not.toBe(signed.contentSha256);
    expect((await w.coach.get(`/api/contracts/${c.id}`)).json()).toMatchObject({ status: 'signed', nextId: v2.id });

    const after = await signedBy(w, v2.id);
    expect(after.status).toBe('signed');
    expect((await w.coach.get(`/api/contracts/${c.id}`)).json().status).toBe('superseded');
    expect((await w.coach.get(`/api/engagements/${w.engagementId}`)).json().endsOn).toBe('2030-04-30');
  });

  it('hashes the same content the same way and any change differently', async () => {
    const w = await buildWorld(ctx().app, 'Hash engagement');
    const c = await draft(w);
    const h0 = c.contentSha256;
    expect(h0).toMatch(/^[0-9a-f]{64}$/);
    const same = await w.coach.patch(`/api/contracts/${c.id}`, { title: `  ${c.content.title}  `, paymentTerms: `${c.content.paymentTerms}\r\n` });
    expect(same.json().contentSha256).toBe(h0);
    const twin = await draft(w);
    expect(twin.contentSha256).toBe(h0);
    const changed = await w.coach.patch(`/api/contracts/${c.id}`, { paymentTerms: `${c.content.paymentTerms} Net 14.` });
    expect(changed.json().contentSha256).not.toBe(h0);
    const rate = await w.coach.patch(`/api/contracts/${c.id}`, {
      paymentTerms: c.content.paymentTerms,
      rate: { amountMinor: 900001, currency: 'EUR', unit: 'fixed', sessionsIncluded: 12 },
    });
    expect(rate.json().contentSha256).not.toBe(h0);
    const back = await w.coach.patch(`/api/contracts/${c.id}`, { rate: { amountMinor: 900000, currency: 'EUR', unit: 'fixed', sessionsIncluded: 12 } });
    expect(back.json().contentSha256).toBe(h0);
  });

  it('lets only signers sign, with their own typed name and explicit consent; the sponsor reads everything', async () => {
    const w = await buildWorld(ctx().app, 'Signers engagement');
    const c = await draft(w, { signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }] });
    await w.coach.post(`/api/contracts/${c.id}/send`);
    const notSigner = await sign(w.coachee, c.id);
    expect(notSigner.statusCode).toBe(403);
    expect(errorOf(notSigner).message).toBe('You are not one of the signers of this contract.');
    expect((await w.coachee.post(`/api/contracts/${c.id}/decline`)).statusCode).toBe(403);
    expect((await sign(w.outsider, c.id)).statusCode).toBe(404);
    expect((await w.outsider.get(`/api/contracts/${c.id}`)).statusCode).toBe(404);
    expect((await w.sponsor.post(`/api/contracts/${c.id}/send`)).statusCode).toBe(403);
    expect((await w.sponsor.patch(`/api/contracts/${c.id}`, { title: 'x' })).statusCode).toBe(403);

    const wrongName = await sign(w.sponsor, c.id, 'Someone Else');
    expect(wrongName.statusCode).toBe(400);
    expect(errorOf(wrongName).fields).toEqual({ typedName: 'Type your full name as it appears on the contract: Sam Sponsor.' });
    const noConsent = await w.sponsor.post(`/api/contracts/${c.id}/sign`, { typedName: 'Sam Sponsor', consent: false });
    expect(noConsent.statusCode).toBe(400);
    expect(errorOf(noConsent).fields?.consent).toBe('Tick the box to confirm you agree to sign this contract electronically.');
    const stale = await w.sponsor.post(`/api/contracts/${c.id}/sign`, { typedName: 'Sam Sponsor', consent: true, contentSha256: '0'.repeat(64) });
    expect(stale.statusCode).toBe(409);

    expect((await sign(w.sponsor, c.id)).statusCode).toBe(200);
    expect((await sign(w.coach, c.id)).json().status).toBe('signed');
    const view = await w.sponsor.get(`/api/contracts/${c.id}`);
    expect(view.json()).toMatchObject({ status: 'signed', mySignature: 'signed' });
    expect((await w.coachee.get(`/api/contracts/${c.id}`)).json().mySignature).toBe('not_a_signer');
    expect((await w.sponsor.get(`/api/contracts/${c.id}/audit`)).statusCode).toBe(200);
    expect((await w.sponsor.get(`/api/contracts/${c.id}/pdf`)).statusCode).toBe(200);
  });

  it('refuses to send an incomplete draft, naming what is missing', async () => {
    const w = await buildWorld(ctx().app, 'Incomplete engagement');
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, { template: 'individual', startsOn: null, endsOn: null });
    const c = res.json();
    expect(c.content.signers.map((s: Json) => s.role)).toEqual(['coach', 'coachee']);
    const send = await w.coach.post(`/api/contracts/${c.id}/send`);
    expect(send.statusCode).toBe(400);
    expect(errorOf(send).fields).toEqual({
      startsOn: 'Set the start date.',
      endsOn: 'Set the end date.',
      rate: 'Set the rate: an amount, a currency and a unit.',
      deliverables: 'Add at least one goal or deliverable.',
    });
    const badSigner = await w.coach.patch(`/api/contracts/${c.id}`, { signers: [{ userId: w.outsider.user?.id }] });
    expect(errorOf(badSigner).fields).toEqual({ signers: 'Every signer must be a member of this engagement.' });
    const badGoal = await w.coach.patch(`/api/contracts/${c.id}`, { deliverables: [{ description: 'x', goalId: 'nope' }] });
    expect(badGoal.statusCode).toBe(400);
    const badRate = await w.coach.patch(`/api/contracts/${c.id}`, { rate: { amountMinor: 1000, currency: 'euro', unit: 'per_hour' } });
    expect(errorOf(badRate).fields?.['rate.currency']).toBe('Give a currency as a three-letter ISO code, e.g. EUR or USD.');
    const notIso = await w.coach.patch(`/api/contracts/${c.id}`, { rate: { amountMinor: 1000, currency: 'EUX', unit: 'per_hour' } });
    expect(errorOf(notIso).fields?.['rate.currency']).toBe('That is not an ISO 4217 currency code; use one like EUR, USD, JPY or KWD.');
    // Money is counted in minor units: a float is refused, never rounded.
    const float = await w.coach.patch(`/api/contracts/${c.id}`, { rate: { amountMinor: 1500.5, currency: 'EUR', unit: 'per_hour' } });
    expect(errorOf(float).fields?.['rate.amountMinor']).toBe('Give the amount in minor units as a whole number (cents for EUR: 1500.00 EUR is 150000).');
    const uneven = await w.coach.patch(`/api/contracts/${c.id}`, {
      rate: {
        amountMinor: 900000,
        currency: 'EUR',
        unit: 'fixed',
        instalments: [
          { label: 'Deposit', percent: 30 },
          { label: 'Balance', percent: 60 },
        ],
      },
    });
    expect(errorOf(uneven).fields?.['rate.instalments']).toBe('The instalments add up to 90 %; make them add up to 100 %.');
  });
});
