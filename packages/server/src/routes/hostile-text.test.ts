import { expect, it } from 'vitest';
import { describeEachEngine, signUpClient } from '../test/harness.js';
import { problemWith } from '../test/hostile-input.js';
import { runToCommitments } from '../test/session-helpers.js';
import { accept, people } from '../test/world.js';

/**
 * People type anything: accents, emoji, right-to-left marks, markup, Markdown links with javascript:.
 * An engagement filled with such text (within every field's limits) must still answer every read,
 * download and export — PDFs, CSV, Markdown and calendar files included.
 */
const odd = 'Zoë ✓ 😀 שלום \u202eevil\u202c <b>x</b>';
const hostile = `Ünïcødé ✓ 😀 עברית \u202eRTL\u202c 中文 <script>alert(1)</script> **bold** [x](javascript:alert(1)) "quotes" 'single' \\ back`;
const longText = `${hostile}\n`.repeat(30).slice(0, 4000);

describeEachEngine('hostile text', (ctx) => {
  it('an engagement full of odd text still answers every read, download and export', async () => {
    const { app } = ctx();
    const p = await people(app);
    const coach = await signUpClient(app, odd, `odd.${Date.now()}@example.com`);
    const created = await coach.post('/api/engagements', { title: hostile.slice(0, 160), clientType: 'organization', organizationName: hostile.slice(0, 160) });
    expect(created.statusCode).toBe(201);
    const engagementId = created.json().id as string;
    for (const [who, role] of [
      [p.coachee, 'coachee'],
      [p.sponsor, 'sponsor'],
    ] as const) {
      const inv = await coach.post(`/api/engagements/${engagementId}/invitations`, { email: who.user?.email, role, name: odd });
      expect(inv.statusCode).toBe(201);
      await accept(who, inv.json().token);
    }

    const vision = await coach.put(`/api/engagements/${engagementId}/vision`, {
      currentSituation: longText,
      desiredFuture: longText,
      goals: [{ what: hostile, howMeasured: hostile, target: hostile }],
    });
    expect(vision.statusCode).toBe(200);
    expect((await coach.post(`/api/engagements/${engagementId}/vision/comments`, { body: longText })).statusCode).toBe(201);

    const columns = (await coach.get(`/api/engagements/${engagementId}/board`)).json().columns as { id: string; kind: string }[];
    const todo = columns.find((c) => c.kind === 'todo')?.id;
    const goal = await coach.post(`/api/engagements/${engagementId}/cards`, {
      columnId: todo,
      type: 'goal',
      title: hostile.slice(0, 200),
      description: longText,
    });
    expect(goal.statusCode).toBe(201);
    const card = await coach.post(`/api/engagements/${engagementId}/cards`, {
      columnId: todo,
      type: 'task',
      title: hostile.slice(0, 200),
      description: longText,
      labels: [odd],
      definitionOfDone: [{ text: hostile.slice(0, 300) }],
      ownerId: p.coachee.user?.id,
      dueOn: '2030-02-01',
      parentId: goal.json().id,
    });
    expect(card.statusCode).toBe(201);
    const cardId = card.json().id as string;
    expect((await coach.post(`/api/cards/${cardId}/comments`, { body: longText })).statusCode).toBe(201);

    const contract = await coach.post(`/api/engagements/${engagementId}/contracts`, {
      template: 'organization',
      title: hostile.slice(0, 200),
      clientName: hostile.slice(0, 200),
      startsOn: '2030-01-01',
      endsOn: '2030-03-31',
      rate: { amount: 1234.5, currency: 'EUR', unit: 'per_session', sessionsIncluded: 6 },
      goals: [{ what: hostile, howMeasured: hostile, target: hostile }],
      deliverables: [{ description: hostile, acceptanceCriteria: longText.slice(0, 2000) }],
      paymentTerms: longText,
      cancellationTerms: longText,
      confidentialityTerms: longText,
      signers: [{ userId: coach.user?.id }, { userId: p.sponsor.user?.id }, { userId: p.coachee.user?.id }],
    });
    expect(contract.statusCode).toBe(201);
    const contractId = contract.json().id as string;
    expect((await coach.post(`/api/contracts/${contractId}/send`)).statusCode).toBe(200);
    for (const who of [coach, p.sponsor, p.coachee]) {
      const signed = await who.post(`/api/contracts/${contractId}/sign`, { typedName: who.user?.name, consent: true });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    expect((await coach.post(`/api/contracts/${contractId}/cards`)).statusCode).toBe(201);

    const scheduled = await coach.post(`/api/engagements/${engagementId}/sessions`, {
      startsAt: '2030-01-10T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
      place: hostile.slice(0, 200),
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const sessionId = scheduled.json().sessions[0].id as string;
    await runToCommitments({ coach, coachee: p.coachee, sponsor: p.sponsor, outsider: p.outsider, engagementId }, sessionId);
    expect((await coach.put(`/api/sessions/${sessionId}/notes`, { shared: longText, private: longText })).statusCode).toBe(200);
    expect((await coach.post(`/api/sessions/${sessionId}/commitments`, { cardId })).statusCode).toBe(200);
    const closed = await coach.post(`/api/sessions/${sessionId}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);

    // Every read the route table has, for each resource of this engagement, as each member.
    const ids: Record<string, string> = { engagement: engagementId, card: cardId, contract: contractId, session: sessionId };
    const failures: string[] = [];
    let reads = 0;
    for (const route of app.routeTable) {
      if (route.method !== 'GET' || route.url.endsWith('/events')) continue;
      const access = route.access;
      let url: string | null = null;
      if (access?.kind === 'user' && !route.url.includes(':')) url = route.url;
      if (access?.kind === 'engagement' && ids[access.resource] && (route.url.match(/:/g) ?? []).length === 1) {
        url = route.url.replace(`:${access.param ?? 'id'}`, ids[access.resource]);
      }
      if (!url) continue;
      for (const who of [coach, p.coachee, p.sponsor]) {
        const res = await who.get(url);
        reads += 1;
        const problem = problemWith(res);
        if (problem) failures.push(`GET ${route.url} as ${who === coach ? 'coach' : who.user?.name}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(30);

    const pdf = await coach.get(`/api/contracts/${contractId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  }, 60_000);
});
