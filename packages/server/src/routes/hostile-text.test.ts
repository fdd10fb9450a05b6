import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine, signUpClient, type TestClient } from '../test/harness.js';
import { problemWith } from '../test/hostile-input.js';
import { boardColumns } from '../test/route-targets.js';
import { runToCommitments } from '../test/session-helpers.js';
import { accept, buildWorld, people, type World } from '../test/world.js';

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
      rate: { amountMinor: 123450, currency: 'EUR', unit: 'per_session', sessionsIncluded: 6 },
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
      startsAt: '2026-01-10T09:00:00+01:00',
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

  /** Every read of an engagement's results and exports, as its coach: none may fail on what is stored. */
  const readEverything = async (w: World, coach: TestClient) => {
    const failures: string[] = [];
    for (const path of ['metrics', 'sponsor-report', 'sponsor-report.pdf', 'export.json', 'export.csv', 'board']) {
      const res = await coach.get(`/api/engagements/${w.engagementId}/${path}`);
      if (res.statusCode !== 200) failures.push(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const portfolio = await coach.get('/api/portfolio');
    if (portfolio.statusCode !== 200) failures.push(`portfolio: ${portfolio.statusCode} ${portfolio.body.slice(0, 200)}`);
    return failures;
  };

  it('a lone UTF-16 surrogate in any text becomes U+FFFD, the same on both engines, and every read still works', async () => {
    const w = await buildWorld(ctx().app, 'Broken \ud800 text');
    const [todo, , doing] = await boardColumns(w);
    const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: todo.id,
      type: 'task',
      title: 'bad \ud800 title',
      description: 'half an emoji \ud83d, and the other half \ude00, and a whole one 😀',
      labels: ['\udfff'],
    });
    expect(card.statusCode, card.body).toBe(201);
    expect(card.json()).toMatchObject({ title: 'bad \ufffd title', labels: ['\ufffd'] });
    const id = card.json().id as string;
    expect((await w.coach.post(`/api/cards/${id}/move`, { columnId: doing.id, version: card.json().version })).statusCode).toBe(200);
    expect((await w.coach.post(`/api/cards/${id}/comments`, { body: 'a comment \udc00' })).json().body).toBe('a comment \ufffd');

    const read = await w.coach.get(`/api/cards/${id}`);
    expect(read.json().title).toBe('bad \ufffd title');
    expect(read.json().description).toBe('half an emoji \ufffd, and the other half \ufffd, and a whole one 😀');
    expect((await w.coach.get(`/api/engagements/${w.engagementId}`)).json().title).toBe('Broken \ufffd text');
    // Nothing stored holds half a character any more: not the columns, not the activity log's JSON.
    const stored = await ctx().database.db.selectFrom('events').select('payload').where('engagement_id', '=', w.engagementId).execute();
    expect(stored.map((e) => e.payload).filter((p) => /\\u[dD][89a-fA-F]/.test(p))).toEqual([]);

    expect(await readEverything(w, w.coach)).toEqual([]);
    const metrics = (await w.coach.get(`/api/engagements/${w.engagementId}/metrics`)).json();
    expect(metrics.wip.current).toBe(1);
    expect(metrics.aging.items.map((i: { title: string }) => i.title)).toEqual(['bad \ufffd title']);
  });

  it('results and exports still read an activity log written before text was checked', async () => {
    const w = await buildWorld(ctx().app, 'Stored before the check');
    const [todo, , doing] = await boardColumns(w);
    const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todo.id, type: 'task', title: 'legacy LONE title' });
    expect((await w.coach.post(`/api/cards/${card.json().id}/move`, { columnId: doing.id, version: card.json().version })).statusCode).toBe(200);
    // What an older version stored for that title: JSON.stringify writes a lone surrogate as the escape \ud800,
    // which PostgreSQL's JSON parser refuses.
    await ctx()
      .database.db.updateTable('events')
      .set({ payload: sql<string>`replace(payload, 'LONE', ${'\\ud800'})` })
      .where('engagement_id', '=', w.engagementId)
      .execute();
    const stored = await ctx()
      .database.db.selectFrom('events')
      .select('payload')
      .where('engagement_id', '=', w.engagementId)
      .where('type', '=', 'card.moved')
      .execute();
    expect(stored[0].payload).toContain('legacy \\ud800 title');

    expect(await readEverything(w, w.coach)).toEqual([]);
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/metrics`)).json().wip.current).toBe(1);
    expect((await w.coach.get(`/api/cards/${card.json().id}/history`)).statusCode).toBe(200);
  });
});
