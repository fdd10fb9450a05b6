import fs from 'node:fs';
import { expect, it } from 'vitest';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { buildWorld, type World } from '../../test/world.js';

/** A Trello board export in Trello's own format (Menu → Print, export and share → Export as JSON), trimmed to one board's story. */
const trelloBoard = JSON.parse(fs.readFileSync(new URL('../../test/fixtures/trello-board.json', import.meta.url), 'utf8'));

const emailsFor = (w: World) => ({ caseycoach: w.coach.user?.email as string, danaokafor: w.coachee.user?.email as string });

async function boardOf(w: World) {
  const res = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
  const body = res.json() as {
    columns: { id: string; name: string; kind: string; cards: { id: string; columnId: string; title: string; [k: string]: any }[] }[];
  };
  return { columns: body.columns, cards: body.columns.flatMap((c) => c.cards) };
}

async function eventTypesSince(w: World, app: ReturnType<typeof Object>, since: number) {
  const rows = await (app as any).db.selectFrom('events').select(['type']).where('engagement_id', '=', w.engagementId).where('id', '>', since).execute();
  const counts: Record<string, number> = {};
  for (const r of rows as { type: string }[]) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

async function lastEventId(w: World, app: any): Promise<number> {
  const row = await app.db
    .selectFrom('events')
    .select((eb: any) => eb.fn.max('id').as('id'))
    .where('engagement_id', '=', w.engagementId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

describeEachEngine('imports', (ctx) => {
  it('previews a Trello board without changing anything: lists mapped to columns by name with their kind, members by email, what is skipped', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Trello preview');
    const before = await lastEventId(w, app);
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello/preview`, { board: trelloBoard, memberEmails: emailsFor(w) });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.preview).toBe(true);
    expect(report.columns.map((c: any) => [c.list, c.column, c.kind, c.action, c.cards])).toEqual([
      ['Backlog', 'Backlog', 'backlog', 'create', 1],
      ['To Do', 'To Do', 'todo', 'existing', 5],
      ['Doing', 'Doing', 'doing', 'create', 0],
      ['Waiting for review', 'Waiting for review', 'verify', 'create', 1],
      ['Done', 'Done', 'done', 'existing', 1],
      ['Old ideas', 'To Do', 'todo', 'archived list', 0],
    ]);
    expect(report.people).toEqual([
      {
        ref: expect.any(String),
        name: 'Casey Coach',
        email: w.coach.user?.email,
        member: expect.objectContaining({ userId: w.coach.user?.id, role: 'coach' }),
      },
      {
        ref: expect.any(String),
        name: 'Dana Okafor',
        email: w.coachee.user?.email,
        member: expect.objectContaining({ userId: w.coachee.user?.id, role: 'coachee' }),
      },
      { ref: expect.any(String), name: 'Pat Helper', email: null, member: null },
    ]);
    expect(report.counts).toEqual({ cards: 8, archived: 2, comments: 3, columns: 3, alreadyImported: 0 });
    expect(report.skipped).toEqual([{ item: expect.stringMatching(/^A card without a name \(Trello id [0-9a-f]{24}\)$/), reason: 'It has no name.' }]);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        { item: 'Card “Draft the team charter”', reason: 'To be in Doing it needs a goal it serves, so it is in To Do.' },
        {
          item: 'Card “Hold 1:1s with each direct report”',
          reason: 'To be in Doing it needs an owner, a definition of done, a due date and a goal it serves, so it is in To Do.',
        },
        { item: expect.stringMatching(/^Card “Map every stakeholder/), reason: 'The title was shortened to 200 characters.' },
        {
          item: 'Pat Helper',
          reason:
            'No member of this engagement has Pat Helper’s email, so one card was left without an owner. Invite them, or give their email, and import again.',
        },
      ]),
    );
    // Nothing changed: the same four columns, no card, no event.
    const board = await boardOf(w);
    expect(board.columns.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Verify', 'Done']);
    expect(board.cards).toEqual([]);
    expect(await lastEventId(w, app)).toBe(before);
  });

  it('imports the board in one go, with the cards’ fields, archived cards, comments by their authors and dates, and an event for each change', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Trello import');
    const before = await lastEventId(w, app);
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello`, { board: trelloBoard, memberEmails: emailsFor(w) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().counts).toEqual({ cards: 8, archived: 2, comments: 3, columns: 3, alreadyImported: 0 });

    const board = await boardOf(w);
    const column = (id: string) => board.columns.find((c) => c.id === id)?.name;
    // New columns sit where their lists were in Trello, among the board's own.
    expect(board.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'Backlog:backlog',
      'To Do:todo',
      'Doing:doing',
      'Waiting for review:verify',
      'In Progress:doing',
      'Verify:verify',
      'Done:done',
    ]);
    const card = (title: string) => board.cards.find((c) => c.title.startsWith(title)) as any;
    const read = card('Read “The First 90 Days”');
    expect(column(read.columnId)).toBe('To Do');
    expect(read).toMatchObject({
      description: 'Chapters 1–4 before our next session.\n\n**Note** what surprises you.',
      dueOn: '2026-02-10',
      labels: ['Reading'],
      ownerId: w.coachee.user?.id,
      definitionOfDone: [
        expect.objectContaining({ text: 'Notes on chapters 1–4', done: true }),
        expect.objectContaining({ text: 'Three questions for the session', done: false }),
      ],
    });
    expect(column(card('Feedback conversation with Sam').columnId)).toBe('Waiting for review');
    expect(card('Feedback conversation with Sam').labels).toEqual(['red', 'Feedback']);
    const goals = card('Set quarterly goals');
    expect(column(goals.columnId)).toBe('Done');
    expect(goals.ownerId).toBe(w.coach.user?.id);
    expect(goals.definitionOfDone.map((i: { text: string }) => i.text)).toEqual([
      'Goals — Draft',
      'Goals — Agreed with leads',
      'Follow-up — Shared with the VP',
    ]);
    expect(column(card('Draft the team charter').columnId)).toBe('To Do');
    expect(card('Map every stakeholder').title).toHaveLength(200);
    expect(card('Map every stakeholder').ownerId).toBeNull();

    const archived = (await w.coach.get(`/api/engagements/${w.engagementId}/cards/archived`)).json();
    expect((archived.cards as { title: string }[]).map((c) => c.title).sort()).toEqual(['Plan the offsite', 'Start a book club']);

    const comments = (await w.coach.get(`/api/cards/${read.id}/comments`)).json().comments;
    expect(comments).toEqual([
      expect.objectContaining({
        body: 'I left a copy on your desk.',
        createdAt: '2026-01-28T16:40:00.000Z',
        author: { id: w.coach.user?.id, name: 'Pat Helper (Trello)' },
      }),
      expect.objectContaining({
        body: 'Chapter 3 on securing early wins was the useful one.',
        createdAt: '2026-02-02T08:15:00.000Z',
        author: { id: w.coachee.user?.id, name: w.coachee.user?.name },
      }),
    ]);

    expect(await eventTypesSince(w, app, before)).toEqual({ 'column.created': 3, 'card.created': 8, 'card.archived': 2, 'card.commented': 3 });
  });

  it('importing the same export again adds nothing, and keeps what the coach changed since', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Trello twice');
    const body = { board: trelloBoard, memberEmails: emailsFor(w) };
    expect((await w.coach.post(`/api/engagements/${w.engagementId}/import/trello`, body)).statusCode).toBe(201);
    // The coach renames the created Doing column; the next import still finds it.
    const doing = (await boardOf(w)).columns.find((c) => c.name === 'Doing');
    expect((await w.coach.patch(`/api/columns/${doing?.id}`, { name: 'Working on it' })).statusCode).toBe(200);
    const before = await lastEventId(w, app);
    const again = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello`, body);
    expect(again.statusCode).toBe(201);
    expect(again.json().counts).toEqual({ cards: 0, archived: 0, comments: 0, columns: 0, alreadyImported: 8 });
    expect(again.json().columns.find((c: any) => c.list === 'Doing')).toMatchObject({ column: 'Working on it', action: 'earlier import' });
    expect(await lastEventId(w, app)).toBe(before);
    expect((await boardOf(w)).cards).toHaveLength(6);
  });

  it('an import that is refused changes nothing; only the coach imports', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Refused import');
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello`, {
      board: trelloBoard,
      mapping: { [trelloBoard.lists[0].id]: 'no-such-column' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toBe('Map the list “Backlog” to a column of this board.');
    expect((await boardOf(w)).columns).toHaveLength(4);
    for (const who of [w.coachee, w.sponsor]) {
      const refused = await who.post(`/api/engagements/${w.engagementId}/import/trello`, { board: trelloBoard });
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).message).toBe('Only the coach imports cards into this engagement’s board.');
    }
    const notTrello = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello/preview`, { board: { name: 'x' } });
    expect(notTrello.statusCode).toBe(400);
  });

  it('previews a real-sized board: 400 cards with every field Trello exports (far more than the usual 10,000 JSON items)', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'A busy Trello board');
    const model = trelloBoard.cards[0];
    const cards = Array.from({ length: 400 }, (_, i) => ({
      ...model,
      id: `${String(i).padStart(8, '0')}${model.id.slice(8)}`,
      name: `Card ${i}`,
      closed: false,
    }));
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/import/trello/preview`, { board: { ...trelloBoard, cards, actions: [] } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().counts.cards).toBe(400);
  });

  it('imports cards from a CSV with the same preview and report, and not twice', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'CSV import');
    const csv = [
      'Title;Type;Column;Owner email;Due date;Description;Definition of done',
      `Prepare the board meeting;task;To Do;${w.coachee.user?.email};2026-03-02;Slides and a one-page memo;"[x] Outline\nSlides;Memo"`,
      'Grow as a leader;goal;Backlog;;;Why it matters;',
      `Quarterly review;meeting;Done;${w.coach.user?.email};02/03/2026;;`,
      ';task;To Do;;;No title here;',
      'Ask for feedback;task;To Do;someone@elsewhere.example;;;',
    ].join('\n');
    const preview = await w.coach.post(`/api/engagements/${w.engagementId}/import/csv/preview`, { csv, name: 'plan.csv' });
    expect(preview.statusCode, preview.body).toBe(200);
    const report = preview.json();
    expect(report.columns.map((c: any) => [c.list, c.column, c.kind, c.action, c.cards])).toEqual([
      ['To Do', 'To Do', 'todo', 'existing', 2],
      ['Backlog', 'Backlog', 'backlog', 'create', 1],
      ['Done', 'Done', 'done', 'existing', 1],
    ]);
    expect(report.skipped).toEqual([{ item: 'Line 5', reason: 'It has no title.' }]);
    expect(report.notes).toEqual(
      expect.arrayContaining([
        { item: 'Line 4 (“Quarterly review”)', reason: '“meeting” is not a card type (goal, task or event); it was imported as a task.' },
        { item: 'Line 4 (“Quarterly review”)', reason: 'The due date “02/03/2026” is not a date in the form YYYY-MM-DD; it was left empty.' },
        { item: 'Line 6 (“Ask for feedback”)', reason: 'No member of this engagement has the email someone@elsewhere.example; it was left without an owner.' },
      ]),
    );
    expect((await boardOf(w)).cards).toEqual([]);

    const done = await w.coach.post(`/api/engagements/${w.engagementId}/import/csv`, { csv, name: 'plan.csv' });
    expect(done.statusCode).toBe(201);
    expect(done.json().counts).toMatchObject({ cards: 4, columns: 1 });
    const cards = (await boardOf(w)).cards;
    expect(cards.find((c) => c.title === 'Prepare the board meeting')).toMatchObject({
      ownerId: w.coachee.user?.id,
      dueOn: '2026-03-02',
      description: 'Slides and a one-page memo',
      definitionOfDone: [
        expect.objectContaining({ text: 'Outline', done: true }),
        expect.objectContaining({ text: 'Slides', done: false }),
        expect.objectContaining({ text: 'Memo', done: false }),
      ],
    });
    expect(cards.find((c) => c.title === 'Grow as a leader')?.type).toBe('goal');
    const again = await w.coach.post(`/api/engagements/${w.engagementId}/import/csv`, { csv, name: 'plan.csv' });
    expect(again.json().counts).toMatchObject({ cards: 0, alreadyImported: 4 });

    const noTitle = await w.coach.post(`/api/engagements/${w.engagementId}/import/csv/preview`, { csv: 'name,owner\n' });
    expect(noTitle.statusCode).toBe(200);
    const wrong = await w.coach.post(`/api/engagements/${w.engagementId}/import/csv/preview`, { csv: 'what,ever\n1,2' });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).message).toBe(
      'The header row has no “title” column. Name the columns title, type, column, owner email, due date, description and definition of done.',
    );
  });
});
