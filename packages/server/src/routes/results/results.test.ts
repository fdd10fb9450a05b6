import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { csvCell } from '../../services/metrics/export-engagement.js';
import { describeEachEngine, errorOf, signUpClient, type TestClient } from '../../test/harness.js';
import { seedMetricsFixture } from '../../test/metrics-fixture.js';
import { accept, buildWorld, people, type World } from '../../test/world.js';

/** A fresh engagement of a coach of our own (so their portfolio holds only what the test made). */
async function worldOf(app: FastifyInstance, coach: TestClient, title: string): Promise<World> {
  const p = await people(app);
  const res = await coach.post('/api/engagements', { title, clientType: 'individual', startsOn: '2026-01-05', endsOn: '2026-04-05' });
  const engagementId = res.json().id as string;
  for (const [client, role] of [
    [p.coachee, 'coachee'],
    [p.sponsor, 'sponsor'],
  ] as const) {
    const inv = await coach.post(`/api/engagements/${engagementId}/invitations`, { email: client.user?.email, role });
    await accept(client, inv.json().token);
  }
  return { ...p, coach, engagementId };
}

describeEachEngine('results', (ctx) => {
  let fixture: { w: World; ids: Map<string, string>; keyOf: (id: string) => string } | null = null;
  /** The fixture engagement of core's metrics tests, played through the API once per engine. */
  const seeded = async () => {
    if (!fixture) {
      const w = await buildWorld(ctx().app, 'Fixture engagement');
      const { ids } = await seedMetricsFixture(ctx().database.db, w, { contract: true, sessions: true });
      const keys = new Map([...ids].map(([k, id]) => [id, k]));
      fixture = { w, ids, keyOf: (id) => keys.get(id) ?? id };
    }
    return fixture;
  };

  it('counts sessions held and deliverables done the same in the header, Results, the sponsor report, the portfolio and the sessions list', async () => {
    const { w } = await seeded();
    // Held on 8, 15 and 20 January (the package of 6 counts all three: the contract starts on the 5th);
    // deliverables d1, d2 and d3 done, d4 (card K) back in To Do. The goal cards G1 and G2 carry their
    // goal's id and are not deliverables.
    const header = (await w.coachee.get(`/api/engagements/${w.engagementId}`)).json().pulse;
    expect(header.sessions).toMatchObject({ held: 3, included: 6, left: 3 });
    expect(header.deliverables).toEqual({ done: 3, total: 4 });
    const m = (await w.coachee.get(`/api/engagements/${w.engagementId}/metrics`)).json();
    expect(m.sessions).toMatchObject({ held: 3, included: 6, left: 3 });
    expect(m.contract.deliverables).toMatchObject({ done: 3, total: 4 });
    const report = (await w.sponsor.get(`/api/engagements/${w.engagementId}/sponsor-report`)).json();
    expect(report.sessions).toMatchObject({ held: 3, left: 3 });
    expect(report.journey.deliverables).toEqual({ done: 3, total: 4 });
    const entry = (await w.coach.get('/api/portfolio')).json().engagements.find((e: { id: string }) => e.id === w.engagementId);
    expect(entry.health.sessionsLeft).toBe(3);
    expect((await w.coachee.get(`/api/engagements/${w.engagementId}/sessions`)).json().package).toMatchObject({ held: 3, left: 3 });
  });

  it('answers with the hand-computed metrics of the fixture engagement (the numbers of the core tests)', async () => {
    const { w, keyOf } = await seeded();
    const res = await w.coach.get(`/api/engagements/${w.engagementId}/metrics?asOf=2026-01-21`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({ asOf: '2026-01-21', from: '2026-01-05', to: '2026-01-21', timeZone: 'UTC', redacted: false });
    // WIP at the end of each day, 5…21 January.
    expect(m.wip.days.map((d: { count: number }) => d.count)).toEqual([0, 1, 3, 2, 1, 0, 0, 3, 3, 3, 4, 3, 2, 2, 2, 2, 2]);
    expect(m.cycleTime.items.map((i: { cardId: string; days: number }) => [keyOf(i.cardId), i.days])).toEqual([
      ['B', 1],
      ['C', 2],
      ['A', 4],
      ['D', 2],
      ['E', 3],
      ['F', 5],
      ['H', 8],
    ]);
    expect(m.cycleTime.percentiles).toEqual({ p50: { value: 3, needs: 2 }, p85: { value: 5, needs: 7 }, p95: { value: null, needs: 20 } });
    expect(m.throughput.weeks).toEqual([
      { week: '2026-W02', startsOn: '2026-01-05', finished: 3 },
      { week: '2026-W03', startsOn: '2026-01-12', finished: 3 },
      { week: '2026-W04', startsOn: '2026-01-19', finished: 1 },
    ]);
    expect(
      m.aging.items.map((i: { cardId: string; ageDays: number; aboveP85: boolean; blocked: boolean }) => [keyOf(i.cardId), i.ageDays, i.aboveP85, i.blocked]),
    ).toEqual([
      ['I', 8, true, true],
      ['J', 3, false, false],
    ]);
    expect(Object.fromEntries(m.cfd.columns.map((c: { name: string; counts: number[] }) => [c.name, c.counts]))).toEqual({
      'To Do': [11, 9, 7, 7, 7, 7, 7, 4, 3, 2, 1, 2, 2, 2, 1, 1, 1],
      'In Progress': [0, 1, 3, 1, 1, 0, 0, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1],
      Verify: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1],
      Done: [0, 1, 1, 2, 3, 3, 3, 3, 4, 5, 5, 5, 6, 6, 7, 7, 7],
    });
    expect(
      m.goals.map((g: { cardId: string; linked: number; finished: number; progress: number }) => [keyOf(g.cardId), g.linked, g.finished, g.progress]),
    ).toEqual([
      ['G1', 4, 3, 3 / 4],
      ['G2', 6, 4, 4 / 6],
    ]);
    expect(m.wins.map((x: { cardId: string; finishedOn: string }) => [keyOf(x.cardId), x.finishedOn])).toEqual([
      ['H', '2026-01-19'],
      ['F', '2026-01-17'],
      ['E', '2026-01-14'],
      ['D', '2026-01-13'],
      ['A', '2026-01-09'],
      ['C', '2026-01-08'],
      ['B', '2026-01-06'],
    ]);
    expect(m.blockedCards).toBe(1);
    // The signed contract: 5 Jan – 1 Feb is 28 days, the 21st is day 17; d1 (A), d2 (D), d3 (H) done, d4 (K) in To Do.
    expect(m.contract).toMatchObject({
      startsOn: '2026-01-05',
      endsOn: '2026-02-01',
      totalDays: 28,
      elapsedDays: 17,
      timeRatio: 17 / 28,
      deliverables: { done: 3, total: 4, ratio: 3 / 4 },
    });
    expect(m.contract.burnUp.map((p: { done: number }) => p.done)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
    // Three sessions held of the six in the package; commitments 2 of 3, 3 of 4, then 2 not reviewed yet.
    expect(m.sessions).toMatchObject({ held: 3, included: 6, left: 3, lastHeldAt: '2026-01-20T12:00:00.000Z' });
    expect(
      m.commitments.sessions.map((c: { made: number; kept: number; missed: number; pending: number; reliability: number | null }) => [
        c.made,
        c.kept,
        c.missed,
        c.pending,
        c.reliability,
      ]),
    ).toEqual([
      [3, 2, 1, 0, 2 / 3],
      [4, 3, 1, 0, 3 / 4],
      [2, 0, 0, 2, null],
    ]);
    expect(m.commitments.overall).toEqual({ made: 9, kept: 5, missed: 2, pending: 2, reliability: 5 / 7 });

    // The coachee sees the same numbers.
    const mine = await w.coachee.get(`/api/engagements/${w.engagementId}/metrics?asOf=2026-01-21`);
    expect(mine.json().cycleTime).toEqual(m.cycleTime);
  });

  it('says there is not enough data on an empty board', async () => {
    const w = await buildWorld(ctx().app, 'Empty board');
    const res = await w.coach.get(`/api/engagements/${w.engagementId}/metrics`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.from).toBeNull();
    expect(m.wip).toEqual({ current: 0, days: [] });
    expect(m.cycleTime.percentiles.p50).toEqual({ value: null, needs: 2 });
    expect(m.throughput).toEqual({ total: 0, weeks: [] });
    expect(m.goals).toEqual([]);
    expect(m.wins).toEqual([]);
    expect(m.commitments.overall.reliability).toBeNull();
  });

  it('counts a card that reached Done, and the coach’s new time zone, at the next read', async () => {
    // A coach of our own: the time zone changes below must not reach the other tests' engagements.
    const w = await worldOf(ctx().app, await signUpClient(ctx().app, 'Zone Coach'), 'Results that follow the board');
    const metrics = `/api/engagements/${w.engagementId}/metrics`;
    const board = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json();
    const column = (kind: string) => board.columns.find((c: { kind: string }) => c.kind === kind).id as string;
    const goal = (
      await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: column('todo'), type: 'goal', title: 'A team that decides' })
    ).json();
    let card = (
      await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
        columnId: column('todo'),
        title: 'Draft the team charter',
        ownerId: w.coachee.user?.id,
        parentId: goal.id,
        dueOn: '2026-03-01',
        definitionOfDone: [{ text: 'Shared with the team' }],
      })
    ).json();
    expect((await w.coach.get(metrics)).json()).toMatchObject({ timeZone: 'UTC', wins: [], throughput: { total: 0 } });

    for (const kind of ['doing', 'done']) {
      const res = await w.coach.post(`/api/cards/${card.id}/move`, { columnId: column(kind), version: card.version });
      expect(res.statusCode, res.body).toBe(200);
      card = res.json();
    }
    const after = (await w.coach.get(metrics)).json();
    expect(after.wins.map((x: { title: string }) => x.title)).toEqual(['Draft the team charter']);
    expect(after.throughput.total).toBe(1);

    expect((await w.coach.patch('/api/auth/me', { timeZone: 'Pacific/Kiritimati' })).statusCode).toBe(200);
    expect((await w.coach.get(metrics)).json().timeZone).toBe('Pacific/Kiritimati');
  });

  it('refuses a malformed asOf date with a sentence', async () => {
    const { w } = await seeded();
    const res = await w.coach.get(`/api/engagements/${w.engagementId}/metrics?asOf=21-01-2026`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields?.asOf).toBe('Use a date in the form YYYY-MM-DD.');
  });

  it('shows the sponsor only the goals the coachee shared, and cards outside them unnamed', async () => {
    const { w, ids, keyOf } = await seeded();
    const url = `/api/engagements/${w.engagementId}/metrics?asOf=2026-01-21`;
    const before = (await w.sponsor.get(url)).json();
    expect(before.redacted).toBe(true);
    expect(before.goals).toEqual([]);
    expect(before.wins).toEqual([]);
    // The flow itself is not secret: the sponsor sees the same counts.
    expect(before.wip.current).toBe(2);
    expect(before.cycleTime.items.every((i: { title: string }) => i.title === 'Not shared')).toBe(true);

    expect((await w.sponsor.put(`/api/cards/${ids.get('G1')}/sharing`, { shared: true })).statusCode).toBe(403);
    const share = await w.coachee.put(`/api/cards/${ids.get('G1')}/sharing`, { shared: true });
    expect(share.statusCode).toBe(200);
    expect(share.json()).toEqual({ cardId: ids.get('G1'), shared: true });
    const task = await w.coachee.put(`/api/cards/${ids.get('A')}/sharing`, { shared: true });
    expect(task.statusCode).toBe(400);
    expect(errorOf(task).message).toBe('Only goal cards are shared with the sponsor. Share the goal this card serves instead.');

    const after = (await w.sponsor.get(url)).json();
    expect(after.goals.map((g: { cardId: string; sharedWithSponsor: boolean }) => [keyOf(g.cardId), g.sharedWithSponsor])).toEqual([['G1', true]]);
    expect(after.wins.map((x: { cardId: string }) => keyOf(x.cardId))).toEqual(['A', 'C', 'B']);
    const named = after.cycleTime.items.filter((i: { title: string }) => i.title !== 'Not shared').map((i: { cardId: string }) => keyOf(i.cardId));
    expect(named).toEqual(['B', 'C', 'A']);
    // The coach still sees both goals, with the switch's state.
    const coach = (await w.coach.get(url)).json();
    expect(coach.goals.map((g: { cardId: string; sharedWithSponsor: boolean }) => [keyOf(g.cardId), g.sharedWithSponsor])).toEqual([
      ['G1', true],
      ['G2', false],
    ]);

    const report = await w.sponsor.get(`/api/engagements/${w.engagementId}/sponsor-report?asOf=2026-01-21`);
    expect(report.statusCode).toBe(200);
    const r = report.json();
    expect(r.goals).toEqual([
      {
        cardId: ids.get('G1'),
        title: 'Lead the weekly team meeting',
        linked: 4,
        finished: 3,
        progress: 0.75,
        done: false,
        delivered: [
          { title: 'Draft a meeting agenda template', finishedOn: '2026-01-09' },
          { title: 'Ask the team what to change', finishedOn: '2026-01-08' },
          { title: 'Book the meeting room', finishedOn: '2026-01-06' },
        ],
        measure: null,
      },
    ]);
    expect(r.engagement).toMatchObject({ title: 'Fixture engagement', clientName: 'Acme Ltd', coachName: 'Casey Coach' });

    const pdf = await w.sponsor.get(`/api/engagements/${w.engagementId}/sponsor-report.pdf?asOf=2026-01-21`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Stopping sharing hides it again.
    await w.coach.put(`/api/cards/${ids.get('G1')}/sharing`, { shared: false });
    expect((await w.sponsor.get(url)).json().goals).toEqual([]);
  });

  it('exports the cards with their column history as CSV', async () => {
    const { w, ids } = await seeded();
    const res = await w.coachee.get(`/api/engagements/${w.engagementId}/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="fixture-engagement-cards.csv"');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('card_id,card_title,card_type,goal,column,column_kind,entered_at,left_at,left_by,cycle_time_days,blocked,archived_at');
    // Ids are random and may begin with "-": the export guards such cells against spreadsheet formulas.
    const a = csvCell(ids.get('A'));
    expect(lines.filter((l) => l.startsWith(`${a},`))).toEqual([
      `${a},Draft a meeting agenda template,task,Lead the weekly team meeting,To Do,todo,2026-01-05T08:02:00.000Z,2026-01-06T09:00:00.000Z,moved,4,no,`,
      `${a},Draft a meeting agenda template,task,Lead the weekly team meeting,In Progress,doing,2026-01-06T09:00:00.000Z,2026-01-08T09:00:00.000Z,moved,4,no,`,
      `${a},Draft a meeting agenda template,task,Lead the weekly team meeting,Verify,verify,2026-01-08T09:00:00.000Z,2026-01-09T09:00:00.000Z,moved,4,no,`,
      `${a},Draft a meeting agenda template,task,Lead the weekly team meeting,Done,done,2026-01-09T09:00:00.000Z,,,4,no,`,
    ]);
    // One row per stay in a column: 13 cards created, then 23 moves (the fixture's steps).
    expect(lines).toHaveLength(1 + 13 + 23);
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/export.csv`)).statusCode).toBe(403);
  });

  it('exports the whole engagement as JSON, without what the asker may not see', async () => {
    const { w, ids } = await seeded();
    const res = await w.coachee.get(`/api/engagements/${w.engagementId}/export.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="fixture-engagement-export.json"');
    const doc = res.json();
    expect(doc).toMatchObject({ format: 'carriage.engagement', formatVersion: 1, engagement: { id: w.engagementId, title: 'Fixture engagement' } });
    expect(doc.members.map((m: { role: string }) => m.role).sort()).toEqual(['coach', 'coachee', 'sponsor']);
    expect(doc.board.columns.map((c: { name: string }) => c.name)).toEqual(['To Do', 'In Progress', 'Verify', 'Done']);
    expect(doc.board.cards).toHaveLength(13);
    expect(doc.board.cards.find((c: { id: string }) => c.id === ids.get('L')).archivedAt).not.toBeNull();
    expect(doc.activity.filter((e: { type: string }) => e.type === 'card.moved')).toHaveLength(23);
    // Invitations are coach-only activity: the coach's export has them, the coachee's does not.
    expect(doc.activity.some((e: { type: string }) => e.type.startsWith('invitation.'))).toBe(false);
    const coachDoc = (await w.coach.get(`/api/engagements/${w.engagementId}/export.json`)).json();
    expect(coachDoc.activity.some((e: { type: string }) => e.type.startsWith('invitation.'))).toBe(true);
    expect(doc.metrics.wins).toHaveLength(7);
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/export.json`)).statusCode).toBe(403);
  });

  it('puts the engagement that needs attention first in the coach’s portfolio', async () => {
    const { app } = ctx();
    const coach = await signUpClient(app, 'Portfolio Coach');
    const calm = await worldOf(app, coach, 'A calm engagement');
    const busy = await worldOf(app, coach, 'A busy engagement');
    await seedMetricsFixture(ctx().database.db, busy);
    const res = await coach.get('/api/portfolio');
    expect(res.statusCode).toBe(200);
    const list = res.json().engagements;
    expect(list.map((e: { title: string }) => e.title)).toEqual(['A busy engagement', 'A calm engagement']);
    // Today, long after the story: I (blocked) and J have been in progress far longer than 5 days.
    expect(list[0].health).toMatchObject({ blockedCards: 1, agingCards: 2, wip: 2 });
    expect(list[0].attention.reasons).toEqual(['2 cards older than the 85th-percentile cycle time', '1 blocked card']);
    expect(list[1]).toMatchObject({ id: calm.engagementId, attention: { score: 0, reasons: [] } });
    expect(list[1].health).toMatchObject({ blockedCards: 0, agingCards: null, wip: 0, daysSinceLastSession: null });
    // Only the engagements one coaches.
    expect((await busy.coachee.get('/api/portfolio')).json().engagements.map((e: { id: string }) => e.id)).not.toContain(busy.engagementId);
  });
});
