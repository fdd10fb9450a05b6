import { expect, it } from 'vitest';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { buildWorld, type World } from '../../test/world.js';

interface Col {
  id: string;
  name: string;
  kind: string;
  wipLimit: number | null;
  cards: { id: string; title: string; version: number; missing: string[] }[];
}

async function board(w: World) {
  const res = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
  expect(res.statusCode).toBe(200);
  const cols = res.json().columns as Col[];
  const by = (kind: string) => cols.find((c) => c.kind === kind) as Col;
  return { cols, todo: by('todo'), doing: by('doing'), verify: by('verify'), done: by('done'), body: res.json() };
}

/** A goal and a ready task under it, in To Do. */
async function readyTask(w: World, title: string, todoId: string) {
  const goal = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todoId, type: 'goal', title: `Goal for ${title}` });
  const task = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
    columnId: todoId,
    type: 'task',
    title,
    ownerId: w.coachee.user?.id,
    dueOn: '2026-03-01',
    definitionOfDone: [{ text: 'Shared with the coach' }],
    parentId: goal.json().id,
  });
  expect(task.statusCode).toBe(201);
  return task.json();
}

describeEachEngine('board', (ctx) => {
  it('a new engagement has To Do, In Progress, Verify and Done, and loads in one request', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    expect(b.cols.map((c) => `${c.name}:${c.kind}:${c.wipLimit}`)).toEqual(['To Do:todo:null', 'In Progress:doing:3', 'Verify:verify:null', 'Done:done:null']);
    expect(b.body.members.map((m: { role: string }) => m.role).sort()).toEqual(['coach', 'coachee']);
  });

  it('cards show what they lack to be ready; moving an unready card into a doing column is refused', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const created = await w.coachee.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'Update my CV' });
    expect(created.statusCode).toBe(201);
    const card = created.json();
    expect(card.missing).toEqual(['owner', 'definitionOfDone', 'dueDate', 'goal']);
    const move = await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: b.doing.id, version: card.version });
    expect(move.statusCode).toBe(409);
    expect(errorOf(move)).toMatchObject({
      code: 'not_ready',
      message:
        "This card isn't ready to enter In Progress: it needs an owner, a definition of done, a due date and a goal it serves. Fill these in, then move it.",
      missing: ['owner', 'definitionOfDone', 'dueDate', 'goal'],
    });
  });

  it('enforces the WIP limit with a clear message, and keeps an explicit override reason in history', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const cards = [];
    for (const t of ['One', 'Two', 'Three', 'Four']) cards.push(await readyTask(w, t, b.todo.id));
    for (const c of cards.slice(0, 3))
      expect((await w.coachee.post(`/api/cards/${c.id}/move`, { columnId: b.doing.id, version: c.version })).statusCode).toBe(200);
    const fourth = cards[3];
    const refused = await w.coachee.post(`/api/cards/${fourth.id}/move`, { columnId: b.doing.id, version: fourth.version });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({
      code: 'wip_limit_exceeded',
      message: 'In Progress holds 3 of 3 cards (its WIP limit). Finish or move a card out of In Progress first, or give a reason to go over the limit.',
      limit: 3,
      count: 3,
    });
    // A blocked card still counts toward WIP.
    const blocked = await w.coachee.patch(`/api/cards/${cards[0].id}`, { version: cards[0].version + 1, blocked: true, blockedReason: 'Waiting for HR' });
    expect(blocked.statusCode).toBe(200);
    expect((await w.coachee.post(`/api/cards/${fourth.id}/move`, { columnId: b.doing.id, version: fourth.version })).statusCode).toBe(409);

    const over = await w.coachee.post(`/api/cards/${fourth.id}/move`, {
      columnId: b.doing.id,
      version: fourth.version,
      overrideReason: 'Deadline from the board of directors',
    });
    expect(over.statusCode).toBe(200);
    expect(over.json().wipOverrideReason).toBe('Deadline from the board of directors');
    const history = await w.coach.get(`/api/cards/${fourth.id}/history`);
    const moved = history.json().history.find((h: { type: string }) => h.type === 'card.moved');
    expect(moved.payload.overrideReason).toBe('Deadline from the board of directors');
    expect(moved.actor.name).toBe('Cory Coachee');
    const after = await board(w);
    expect(after.doing.cards).toHaveLength(4);
  });

  it('only the coach accepts a card into Done unless the engagement allows the coachee', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    let card = await readyTask(w, 'Write the plan', b.todo.id);
    card = (await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: b.verify.id, version: card.version })).json();
    const refused = await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: b.done.id, version: card.version });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toBe('Only the coach accepts cards into Done in this engagement. Move it to Verify and accept it together in a session.');
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { settings: { coacheeMayAcceptToDone: true } });
    const accepted = await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: b.done.id, version: card.version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().finishedAt).not.toBeNull();
  });

  it('a sponsor can neither see nor move cards; a non-member gets 404', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const card = await readyTask(w, 'Private work', b.todo.id);
    const sponsorMove = await w.sponsor.post(`/api/cards/${card.id}/move`, { columnId: b.doing.id, version: card.version });
    expect(sponsorMove.statusCode).toBe(403);
    expect(errorOf(sponsorMove).message).toBe("A sponsor can't do that in this engagement (card move). Ask the coach.");
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/board`)).statusCode).toBe(403);
    expect((await w.outsider.post(`/api/cards/${card.id}/move`, { columnId: b.doing.id, version: card.version })).statusCode).toBe(404);
    expect((await w.outsider.get(`/api/cards/${card.id}`)).statusCode).toBe(404);
    expect((await w.outsider.get(`/api/engagements/${w.engagementId}/board`)).statusCode).toBe(404);
  });

  it('a stale edit or move gets 409 with the card as it is now', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'Original title' })).json();
    const first = await w.coach.patch(`/api/cards/${card.id}`, { version: card.version, title: 'Coach’s title' });
    expect(first.json().version).toBe(card.version + 1);
    const stale = await w.coachee.patch(`/api/cards/${card.id}`, { version: card.version, title: 'Coachee’s title' });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({
      code: 'stale_version',
      message: 'Someone else changed this card since you opened it. Review their change, then apply yours again.',
    });
    expect((errorOf(stale) as unknown as { current: { title: string } }).current.title).toBe('Coach’s title');
    const staleMove = await w.coachee.post(`/api/cards/${card.id}/move`, { columnId: b.verify.id, version: card.version });
    expect(staleMove.statusCode).toBe(409);
    expect((await w.coach.get(`/api/cards/${card.id}`)).json().title).toBe('Coach’s title');
  });

  it('keeps order within a column with sortable keys, moving before or after a card', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const ids: string[] = [];
    for (const t of ['A', 'B', 'C']) ids.push((await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: t })).json().id);
    const titles = async () => (await board(w)).todo.cards.map((c) => c.title);
    expect(await titles()).toEqual(['A', 'B', 'C']);
    const c = (await w.coach.get(`/api/cards/${ids[2]}`)).json();
    await w.coach.post(`/api/cards/${ids[2]}/move`, { columnId: b.todo.id, beforeCardId: ids[0], version: c.version });
    expect(await titles()).toEqual(['C', 'A', 'B']);
    const a = (await w.coach.get(`/api/cards/${ids[0]}`)).json();
    await w.coach.post(`/api/cards/${ids[0]}/move`, { columnId: b.todo.id, afterCardId: ids[1], version: a.version });
    expect(await titles()).toEqual(['C', 'B', 'A']);
    const bad = await w.coach.post(`/api/cards/${ids[1]}/move`, { columnId: b.todo.id, afterCardId: 'nope', version: 1 });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses bad card input with a sentence per field', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: '', type: 'story', dueOn: 'tomorrow' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toMatchObject({
      title: 'Give the card a title.',
      type: 'A card is a goal, a task or an event.',
      dueOn: 'Use a date in the form YYYY-MM-DD.',
    });
    const sponsorOwner = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'x', ownerId: w.sponsor.user?.id });
    expect(errorOf(sponsorOwner).fields?.ownerId).toBe('Choose the coach or a coachee as owner.');
    const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'x' })).json();
    const noReason = await w.coach.patch(`/api/cards/${card.id}`, { version: card.version, blocked: true });
    expect(errorOf(noReason).fields?.blockedReason).toBe('Say what blocks this card.');
  });

  it('goal cards show their children’s progress', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const t1 = await readyTask(w, 'Part one', b.todo.id);
    const goalId = t1.parentId;
    await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'Part two', parentId: goalId });
    await w.coach.post(`/api/cards/${t1.id}/move`, { columnId: b.done.id, version: t1.version });
    const goal = (await w.coach.get(`/api/cards/${goalId}`)).json();
    expect(goal.children).toEqual({ total: 2, done: 1 });
  });

  it('archives and restores cards; comments and history record who and when', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: b.todo.id, title: 'Old idea' })).json();
    const comment = await w.coachee.post(`/api/cards/${card.id}/comments`, { body: 'I think **this** can go. <script>alert(1)</script>' });
    expect(comment.statusCode).toBe(201);
    expect((await w.sponsor.post(`/api/cards/${card.id}/comments`, { body: 'hi' })).statusCode).toBe(403);
    const archived = await w.coach.patch(`/api/cards/${card.id}`, { version: card.version, archived: true });
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await board(w)).todo.cards.map((c) => c.id)).not.toContain(card.id);
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/cards/archived`)).json().cards.map((c: { id: string }) => c.id)).toContain(card.id);
    await w.coach.patch(`/api/cards/${card.id}`, { version: archived.json().version, archived: false });
    expect((await board(w)).todo.cards.map((c) => c.id)).toContain(card.id);
    const comments = (await w.coach.get(`/api/cards/${card.id}/comments`)).json().comments;
    expect(comments[0]).toMatchObject({ author: { name: 'Cory Coachee' } });
    const types = (await w.coach.get(`/api/cards/${card.id}/history`)).json().history.map((h: { type: string }) => h.type);
    expect(types).toEqual(['card.created', 'card.commented', 'card.archived', 'card.restored']);
  });

  it('the coach adds, renames, reorders and removes columns; a column with cards stays', async () => {
    const w = await buildWorld(ctx().app);
    const b = await board(w);
    const added = await w.coach.post(`/api/engagements/${w.engagementId}/columns`, { name: 'Backlog', kind: 'backlog', afterColumnId: null });
    expect(added.statusCode).toBe(201);
    expect((await board(w)).cols.map((c) => c.name)).toEqual(['Backlog', 'To Do', 'In Progress', 'Verify', 'Done']);
    await w.coach.patch(`/api/columns/${added.json().id}`, { name: 'Someday', afterColumnId: b.done.id, wipLimit: 5, policy: 'Ideas worth keeping' });
    const after = await board(w);
    expect(after.cols.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Verify', 'Done', 'Someday']);
    expect((await w.coachee.patch(`/api/columns/${added.json().id}`, { name: 'Mine' })).statusCode).toBe(403);
    await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: added.json().id, title: 'Someday card' });
    const refused = await w.coach.delete(`/api/columns/${added.json().id}`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toBe('Someday still holds 1 card. Move or archive them first, then remove the column.');
    const badLimit = await w.coach.patch(`/api/columns/${b.doing.id}`, { wipLimit: 0 });
    expect(errorOf(badLimit).fields?.wipLimit).toBe('A WIP limit is at least 1 (or leave it empty for none).');
  });

  it('answers 304 to a conditional reload when nothing changed', async () => {
    const w = await buildWorld(ctx().app);
    const first = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/board`, { 'if-none-match': etag })).statusCode).toBe(304);
    await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: first.json().columns[0].id, title: 'New' });
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/board`, { 'if-none-match': etag })).statusCode).toBe(200);
  });
});
