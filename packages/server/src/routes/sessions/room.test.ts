import { expect, it } from 'vitest';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { boardOf, makeCard, readyCard, schedule } from '../../test/session-helpers.js';
import { openStream } from '../../test/sse.js';
import { buildWorld, type World } from '../../test/world.js';

/** A session that starts now (held unscheduled), at the stage asked for. */
async function runningSession(w: World, upTo: string[] = []) {
  const res = await w.coach.post(`/api/engagements/${w.engagementId}/sessions/now`, { durationMinutes: 60, timeZone: 'Europe/Paris' });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  for (const stage of upTo) expect((await w.coach.post(`/api/sessions/${id}/stage`, { stage })).statusCode).toBe(200);
  return id;
}

const cardIn = async (w: World, id: string) => (await w.coach.get(`/api/cards/${id}`)).json();

describeEachEngine('the session room', (ctx) => {
  it('a session weeks ahead cannot be started; one held now starts at once, and one 10 minutes ahead can be joined', async () => {
    const w = await buildWorld(ctx().app);
    const inFiveWeeks = new Date(Date.now() + 35 * 86_400_000).toISOString();
    const [later] = await schedule(w, { startsAt: inFiveWeeks });
    const early = await w.coach.post(`/api/sessions/${later.id}/stage`, { stage: 'wifle' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).message).toMatch(/hold an unscheduled session/);
    expect((await w.coach.get(`/api/sessions/${later.id}`)).json()).toMatchObject({ stage: null, status: 'scheduled' });

    const [soon] = await schedule(w, { startsAt: new Date(Date.now() + 10 * 60_000).toISOString() });
    expect((await w.coach.post(`/api/sessions/${soon.id}/stage`, { stage: 'wifle' })).statusCode).toBe(200);

    const now = await w.coach.post(`/api/engagements/${w.engagementId}/sessions/now`, {});
    expect(now.statusCode).toBe(201);
    expect(now.json()).toMatchObject({ stage: 'wifle', status: 'scheduled', durationMinutes: 60 });
    expect(Math.abs(Date.parse(now.json().startsAt) - Date.now())).toBeLessThan(120_000);
    expect((await w.coachee.post(`/api/engagements/${w.engagementId}/sessions/now`, {})).statusCode).toBe(403);
  });

  it('the coach leads the focus card: the coachee reads it and receives it live; it starts over at each stage', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await boardOf(w);
    const a = await readyCard(w, cols.verify.id, 'Draft the plan', cols.todo.id);
    const b = await readyCard(w, cols.verify.id, 'Book the offsite', cols.todo.id);
    const id = await runningSession(w, ['verify']);
    const stream = await openStream(ctx().app, w.coachee, w.engagementId);
    try {
      expect((await w.coach.put(`/api/sessions/${id}/focus`, { stage: 'verify', cardId: b.id })).statusCode).toBe(200);
      const live = await stream.waitFor((e) => e.data.type === 'session.focus_changed');
      expect(live.data.payload).toEqual({ sessionId: id, stage: 'verify', cardId: b.id });
      expect((await w.coachee.get(`/api/sessions/${id}`)).json().focusCardId).toBe(b.id);

      const coachee = await w.coachee.put(`/api/sessions/${id}/focus`, { stage: 'verify', cardId: a.id });
      expect(coachee.statusCode).toBe(403);
      expect(errorOf(coachee).message).toMatch(/coach leads the room/);
      const stale = await w.coach.put(`/api/sessions/${id}/focus`, { stage: 'pull', cardId: a.id });
      expect(stale.statusCode).toBe(409);
      const foreign = await w.coach.put(`/api/sessions/${id}/focus`, { stage: 'verify', cardId: 'AAAAAAAAAAAAAAAA' });
      expect(foreign.statusCode).toBe(400);

      expect((await w.coach.post(`/api/sessions/${id}/stage`, { stage: 'in_progress' })).statusCode).toBe(200);
      expect((await w.coachee.get(`/api/sessions/${id}`)).json().focusCardId).toBeNull();
    } finally {
      stream.close();
    }
  });

  it('sending back takes its reason: the card shows it until it is offered again, and the recap lists it', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await boardOf(w);
    const card = await readyCard(w, cols.verify.id, 'Write the memo', cols.todo.id);
    const id = await runningSession(w, ['verify']);
    const empty = await w.coachee.post(`/api/sessions/${id}/send-back`, { cardId: card.id, version: card.version, reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).fields?.reason).toMatch(/still missing/);

    const coachSees = await openStream(ctx().app, w.coach, w.engagementId);
    const sent = await w.coachee.post(`/api/sessions/${id}/send-back`, { cardId: card.id, version: card.version, reason: 'The budget table is missing' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ columnId: cols.doing.id, sentBackReason: 'The budget table is missing' });
    // The other screen's board learns the reason from the move itself.
    const moved = await coachSees.waitFor((e) => e.data.type === 'card.moved' && e.data.entityId === card.id);
    coachSees.close();
    expect(moved.data.payload.card).toMatchObject({ columnId: cols.doing.id, sentBackReason: 'The budget table is missing' });
    const again = await w.coachee.post(`/api/sessions/${id}/send-back`, { cardId: card.id, version: sent.json().version, reason: 'Twice' });
    expect(again.statusCode).toBe(409);

    for (const stage of ['in_progress', 'pull', 'commitments']) await w.coach.post(`/api/sessions/${id}/stage`, { stage });
    const closed = await w.coach.post(`/api/sessions/${id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().sentBack).toEqual([{ cardId: card.id, title: 'Write the memo', reason: 'The budget table is missing' }]);
    const md = await w.coachee.get(`/api/sessions/${id}/recap.md`);
    expect(md.body).toContain('## Sent back');
    expect(md.body).toContain('The budget table is missing');

    // Offered for verification again, the reason has done its job.
    const now = await cardIn(w, card.id);
    const back = await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: cols.verify.id, version: now.version });
    expect(back.json().sentBackReason).toBeNull();
  });

  it('pull fills what a card lacks, moves it and commits to it in one step; a full column changes nothing', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await boardOf(w);
    expect((await w.coach.patch(`/api/columns/${cols.doing.id}`, { wipLimit: 1 })).statusCode).toBe(200);
    const bare = await makeCard(w, { columnId: cols.todo.id, type: 'task', title: 'Call three clients' });
    const id = await runningSession(w, ['verify', 'in_progress', 'pull']);
    const fields = {
      ownerId: w.coachee.user?.id,
      dueOn: '2030-01-10',
      definitionOfDone: [{ text: 'Three calls logged' }],
      newGoalTitle: 'Grow the practice',
    };
    const pulled = await w.coachee.post(`/api/sessions/${id}/pull`, { cardId: bare.id, version: bare.version, ...fields });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.json()).toMatchObject({ columnId: cols.doing.id, ownerId: w.coachee.user?.id, dueOn: '2030-01-10', missing: [] });
    const session = (await w.coach.get(`/api/sessions/${id}`)).json();
    expect(session.commitmentList.map((c: { cardId: string }) => c.cardId)).toEqual([bare.id]);

    const other = await makeCard(w, { columnId: cols.todo.id, type: 'task', title: 'Rewrite the offer' });
    const full = await w.coachee.post(`/api/sessions/${id}/pull`, { cardId: other.id, version: other.version, ...fields, newGoalTitle: 'Another goal' });
    expect(full.statusCode).toBe(409);
    expect(errorOf(full).code).toBe('wip_limit_exceeded');
    // Nothing of the refused pull was kept: no new goal, no filled fields, no commitment.
    const after = await cardIn(w, other.id);
    expect(after).toMatchObject({ columnId: cols.todo.id, ownerId: null, dueOn: null, parentId: null, version: other.version });
    const board = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json();
    expect(board.columns.flatMap((c: { cards: { title: string }[] }) => c.cards).filter((c: { title: string }) => c.title === 'Another goal')).toHaveLength(0);
    expect((await w.coach.get(`/api/sessions/${id}`)).json().commitmentList).toHaveLength(1);

    const over = await w.coachee.post(`/api/sessions/${id}/pull`, {
      cardId: other.id,
      version: other.version,
      ...fields,
      overrideReason: 'The offer is due Friday',
    });
    expect(over.statusCode).toBe(200);
    expect(over.json().wipOverrideReason).toBe('The offer is due Friday');
  });

  it('parallel pulls in the room never fill In Progress past its limit', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await boardOf(w);
    expect((await w.coach.patch(`/api/columns/${cols.doing.id}`, { wipLimit: 2 })).statusCode).toBe(200);
    const cards = [];
    for (let i = 0; i < 6; i++) cards.push(await readyCard(w, cols.todo.id, `Ready ${i}`, cols.todo.id));
    const id = await runningSession(w, ['verify', 'in_progress', 'pull']);
    const answers = await Promise.all(
      cards.map((c, i) => (i % 2 ? w.coach : w.coachee).post(`/api/sessions/${id}/pull`, { cardId: c.id, version: c.version })),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(2);
    for (const a of answers.filter((x) => x.statusCode !== 200)) expect(errorOf(a).code).toBe('wip_limit_exceeded');
    expect((await boardOf(w)).doing.cards).toHaveLength(2);
    expect((await w.coach.get(`/api/sessions/${id}`)).json().commitmentList).toHaveLength(2);
  });

  it('both agree to the commitments; a change to them asks again; the recap records who agreed and when', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await boardOf(w);
    const card = await readyCard(w, cols.todo.id, 'Map the stakeholders', cols.todo.id);
    const later = await readyCard(w, cols.todo.id, 'Hire a VP', cols.todo.id);
    await w.coach.patch(`/api/cards/${later.id}`, { version: later.version, dueOn: '2031-06-01' });
    const [next] = await schedule(w, { startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString() });
    const id = await runningSession(w, ['verify', 'in_progress']);
    expect((await w.coach.put(`/api/sessions/${id}/agreement`, { agreed: true })).statusCode).toBe(409);
    await w.coach.post(`/api/sessions/${id}/stage`, { stage: 'pull' });
    await w.coach.post(`/api/sessions/${id}/stage`, { stage: 'commitments' });
    expect((await w.coach.post(`/api/sessions/${id}/commitments`, { cardId: card.id })).statusCode).toBe(200);
    expect((await w.coach.put(`/api/sessions/${id}/agreement`, { agreed: true })).statusCode).toBe(200);
    expect((await w.coachee.put(`/api/sessions/${id}/agreement`, { agreed: true })).statusCode).toBe(200);
    let detail = (await w.coach.get(`/api/sessions/${id}`)).json();
    expect(detail.participants.every((p: { agreedAt: string | null }) => p.agreedAt)).toBe(true);
    expect(detail.nextSession.id).toBe(next.id);

    // A new commitment after both agreed: what they agreed to changed, so each agrees again.
    expect((await w.coach.post(`/api/sessions/${id}/commitments`, { cardId: (await cardIn(w, later.id)).id })).statusCode).toBe(200);
    detail = (await w.coach.get(`/api/sessions/${id}`)).json();
    expect(detail.participants.map((p: { agreedAt: string | null }) => p.agreedAt)).toEqual([null, null]);
    await w.coachee.put(`/api/sessions/${id}/agreement`, { agreed: true });

    const recap = (await w.coach.post(`/api/sessions/${id}/close`)).json();
    const byName = Object.fromEntries(recap.agreements.map((a: { name: string; agreedAt: string | null }) => [a.name, a.agreedAt]));
    expect(byName[w.coach.user?.name as string]).toBeNull();
    expect(byName[w.coachee.user?.name as string]).toMatch(/^\d{4}-/);
    expect(recap.notAShortStep).toEqual([later.id]);
    const text = (await w.coach.get(`/api/sessions/${id}/recap.md`)).body;
    expect(text).toContain('not a short step');
    expect(text).toContain('did not say “We agree”');
  });

  it('after the close the shared notes are final; an addendum is added, dated and signed, and shown as such', async () => {
    const w = await buildWorld(ctx().app);
    const id = await runningSession(w, ['verify', 'in_progress', 'pull', 'commitments']);
    expect((await w.coachee.post(`/api/sessions/${id}/addenda`, { body: 'Too early' })).statusCode).toBe(409);
    expect((await w.coachee.put(`/api/sessions/${id}/notes`, { shared: 'We meet again in two weeks.' })).statusCode).toBe(200);
    expect((await w.coach.post(`/api/sessions/${id}/close`)).statusCode).toBe(200);

    const locked = await w.coachee.put(`/api/sessions/${id}/notes`, { shared: 'Rewritten later' });
    expect(locked.statusCode).toBe(409);
    expect(errorOf(locked).message).toMatch(/addendum/);
    expect((await w.coach.put(`/api/sessions/${id}/notes`, { private: 'My own memo, still mine to edit' })).statusCode).toBe(200);
    const added = await w.coachee.post(`/api/sessions/${id}/addenda`, { body: 'I found the contract draft after all.' });
    expect(added.statusCode).toBe(201);
    expect((await w.sponsor.post(`/api/sessions/${id}/addenda`, { body: 'Sponsor' })).statusCode).toBe(403);

    const recap = (await w.coach.get(`/api/sessions/${id}/recap`)).json();
    expect(recap.sharedNotes).toBe('We meet again in two weeks.');
    expect(recap.addenda).toEqual([
      { id: added.json().id, body: 'I found the contract draft after all.', authorName: w.coachee.user?.name, createdAt: expect.any(String) },
    ]);
    const md = (await w.coach.get(`/api/sessions/${id}/recap.md`)).body;
    expect(md).toMatch(/## Addenda \(written after the session closed\)\n\n- Added .* by .*: I found the contract draft after all\./);
  });
});
