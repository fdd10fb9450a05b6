import { expect, it } from 'vitest';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { buildWorld, type World } from '../../test/world.js';

interface CardJson {
  id: string;
  title: string;
  version: number;
  parentId: string | null;
  columnEnteredAt: string;
  children?: { total: number; done: number };
}
interface ColumnJson {
  id: string;
  kind: string;
  cards: CardJson[];
  olderCards: { count: number; byGoal: Record<string, number>; before: string | null };
}

const boardOf = async (w: World) => (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json() as { columns: ColumnJson[] };
const kindOf = (b: { columns: ColumnJson[] }, kind: string) => b.columns.find((c) => c.kind === kind) as ColumnJson;

/** An engagement whose Done holds `count` finished cards, all serving one goal, finished one after another. */
async function longEngagement(w: World, count: number) {
  const b = await boardOf(w);
  const todo = kindOf(b, 'todo').id;
  const done = kindOf(b, 'done').id;
  const goal = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todo, type: 'goal', title: 'A team that decides' })).json();
  const finished: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todo, title: `Finished step ${i}`, parentId: goal.id })).json();
    const moved = await w.coach.post(`/api/cards/${card.id}/move`, { columnId: done, version: card.version });
    expect(moved.statusCode, moved.body).toBe(200);
    finished.push(card.id);
  }
  return { goal, done, todo, finished };
}

describeEachEngine('a long engagement’s Done', (ctx) => {
  it('the board carries the 50 most recently finished cards; older ones load page by page, each card once', async () => {
    const w = await buildWorld(ctx().app);
    const { goal, done, finished } = await longEngagement(w, 63);
    // The last card is finished a moment later than every other, so it is the most recent without a tie.
    await new Promise((r) => setTimeout(r, 5));
    const b = await boardOf(w);
    const late = (
      await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: kindOf(b, 'todo').id, title: 'The latest win', parentId: goal.id })
    ).json();
    await new Promise((r) => setTimeout(r, 5));
    expect((await w.coach.post(`/api/cards/${late.id}/move`, { columnId: done, version: late.version })).statusCode).toBe(200);

    const board = await boardOf(w);
    const doneColumn = kindOf(board, 'done');
    expect(doneColumn.cards).toHaveLength(50);
    expect(doneColumn.cards.map((c) => c.title)).toContain('The latest win');
    expect(doneColumn.olderCards.count).toBe(14);
    expect(doneColumn.olderCards.byGoal).toEqual({ [goal.id]: 14 });
    expect(doneColumn.olderCards.before).toMatch(/\|/);
    // The goal's progress still counts every finished card, shown or not.
    expect(kindOf(board, 'todo').cards.find((c) => c.id === goal.id)?.children).toEqual({ total: 64, done: 64 });
    // Other columns carry all their cards and nothing older.
    expect(kindOf(board, 'todo').olderCards).toEqual({ count: 0, byGoal: {}, before: null });

    const url = (before: string, limit: number) => `/api/columns/${done}/cards?before=${encodeURIComponent(before)}&limit=${limit}`;
    const first = await w.coach.get(url(doneColumn.olderCards.before as string, 10));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().cards).toHaveLength(10);
    expect(first.json().olderCards).toMatchObject({ count: 4, byGoal: { [goal.id]: 4 } });
    const second = await w.coach.get(url(first.json().olderCards.before, 10));
    expect(second.json().cards).toHaveLength(4);
    expect(second.json().olderCards).toEqual({ count: 0, byGoal: {}, before: null });

    const seen = [...doneColumn.cards, ...first.json().cards, ...second.json().cards].map((c: CardJson) => c.id);
    expect(new Set(seen).size).toBe(64);
    expect(new Set(seen)).toEqual(new Set([...finished, late.id]));
    // Pages go back in time: every card of a page entered Done no later than any card shown before it.
    const latest = (cards: CardJson[]) => cards.map((c) => c.columnEnteredAt).sort()[cards.length - 1];
    const earliest = (cards: CardJson[]) => cards.map((c) => c.columnEnteredAt).sort()[0];
    expect(latest(first.json().cards) <= earliest(doneColumn.cards)).toBe(true);
    expect(latest(second.json().cards) <= earliest(first.json().cards)).toBe(true);
  });

  it('keeps metrics and exports whole: they count every finished card, not the board’s', async () => {
    const w = await buildWorld(ctx().app);
    await longEngagement(w, 55);
    const b = await boardOf(w);
    expect(kindOf(b, 'done').cards).toHaveLength(50);
    const exported = (await w.coach.get(`/api/engagements/${w.engagementId}/export.json`)).json();
    expect(exported.board.cards.filter((c: { columnId: string }) => c.columnId === kindOf(b, 'done').id)).toHaveLength(55);
    const metrics = (await w.coach.get(`/api/engagements/${w.engagementId}/metrics`)).json();
    expect(metrics.throughput.total).toBe(55);
  });

  it('refuses a malformed page request with a sentence, and hides the cards from a sponsor', async () => {
    const w = await buildWorld(ctx().app);
    const b = await boardOf(w);
    const done = kindOf(b, 'done').id;
    const bad = await w.coach.get(`/api/columns/${done}/cards?before=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.before).toBe('Use the `before` value the board or the previous page gave for this column.');
    const tooMany = await w.coach.get(`/api/columns/${done}/cards?before=${encodeURIComponent('2026-01-01T00:00:00.000Z|x')}&limit=5000`);
    expect(errorOf(tooMany).fields?.limit).toBe('Ask for at most 500 cards at a time.');
    const empty = await w.coach.get(`/api/columns/${done}/cards?before=${encodeURIComponent('2999-01-01T00:00:00.000Z|x')}`);
    expect(empty.json()).toEqual({ cards: [], olderCards: { count: 0, byGoal: {}, before: null } });
    const sponsor = await w.sponsor.get(`/api/columns/${done}/cards?before=${encodeURIComponent('2999-01-01T00:00:00.000Z|x')}`);
    expect(sponsor.statusCode).toBe(403);
  });
});
