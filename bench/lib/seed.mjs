// Seeds engagements through the HTTP API, the same code paths people use: cards are created and moved
// one request at a time (many in parallel), so every row and event is what the product itself writes.
import { parallel } from './api.mjs';

const verbs = ['Draft', 'Agree', 'Review', 'Prepare', 'Practise', 'Share', 'Plan', 'Write', 'Schedule', 'Try out'];
const objects = [
  'the onboarding plan for the new team lead',
  'a delegation map for the quarter',
  'feedback for the product managers',
  'the one-to-one agenda with each report',
  'a hiring scorecard for the data role',
  'the stakeholder map for the migration',
  'a weekly reflection note',
  'the talk for the all-hands meeting',
  'a decision log for the leadership team',
  'the budget conversation with finance',
];
const labelPool = ['leadership', 'communication', 'delegation', 'feedback', 'hiring', 'strategy', 'wellbeing'];
const goalTitles = [
  'Build a leadership team that decides without me',
  'Run calmer, shorter meetings',
  'Give useful feedback every week',
  'Hire two senior engineers',
  'Protect focus time',
];

// Due dates spread over the coming four months, with about one card in six already overdue.
function dueOn(i) {
  return new Date(Date.now() + (((i * 7) % 140) - 20) * 86_400_000).toISOString().slice(0, 10);
}

/** A card as a coach and coachee would write it: owner, definition of done, due date, labels, Markdown. */
export function cardBody(i, { columnId, ownerId, parentId, type = 'task' }) {
  const title =
    type === 'goal'
      ? `${goalTitles[i % goalTitles.length]} (${i + 1})`
      : `${verbs[i % verbs.length]} ${objects[Math.floor(i / verbs.length) % objects.length]} #${i + 1}`;
  return {
    columnId,
    type,
    title,
    description: `Agreed in the session of week ${1 + (i % 12)}. **Why:** it makes the next step visible.\n\n- talk to the people involved\n- write down what was decided`,
    definitionOfDone: [{ text: 'Shared with the coach' }, { text: 'Discussed with the team' }, { text: 'Next step written down' }],
    ownerId,
    dueOn: dueOn(i),
    labels: [labelPool[i % labelPool.length], labelPool[(i + 3) % labelPool.length]],
    ...(parentId ? { parentId } : {}),
  };
}

/**
 * Creates `count` cards in To Do (about one goal per 25 cards, the rest tasks under them, all ready to start)
 * and returns them as { id, version, column }.
 */
export async function seedCards({ coach, coachee, engagement, count, concurrency = 16, prefix = 0 }) {
  const todo = engagement.columns.todo.id;
  const goalCount = Math.max(1, Math.round(count / 25));
  const owners = [coachee.user.id, coach.user.id];
  const goals = await parallel(
    Array.from({ length: goalCount }, (_, i) => i),
    concurrency,
    (i) => coach.post(`/api/engagements/${engagement.id}/cards`, cardBody(prefix + i, { columnId: todo, ownerId: owners[i % 2], type: 'goal' })),
  );
  const tasks = await parallel(
    Array.from({ length: count - goalCount }, (_, i) => i),
    concurrency,
    (i) =>
      coach.post(
        `/api/engagements/${engagement.id}/cards`,
        cardBody(prefix + goalCount + i, { columnId: todo, ownerId: owners[i % 3 === 0 ? 1 : 0], parentId: goals[i % goalCount].id }),
      ),
  );
  return [...goals, ...tasks].map((c) => ({ id: c.id, version: c.version, column: 'todo' }));
}

/** Moves a card to the end of a column of the given kind, keeping its version current. */
export async function moveTo(coach, engagement, card, kind) {
  const moved = await coach.post(`/api/cards/${card.id}/move`, { columnId: engagement.columns[kind].id, version: card.version });
  card.version = moved.version;
  card.column = kind;
  return card;
}

/**
 * Spreads a static board the way a running engagement looks: most cards waiting or finished,
 * a few in progress (within the WIP limit), some waiting for verification.
 */
export async function spreadBoard({ coach, engagement, cards, concurrency = 16 }) {
  const wip = engagement.columns.doing.wipLimit ?? 3;
  const plan = cards.map((_card, i) => {
    if (i < wip) return ['doing'];
    const r = i % 20;
    if (r < 9) return [];
    if (r < 12) return ['doing', 'verify'];
    return ['doing', 'verify', 'done'];
  });
  // Cards pass through In Progress one at a time per worker; lift the limit while seeding, then restore it.
  await coach.patch(`/api/columns/${engagement.columns.doing.id}`, { wipLimit: null });
  await parallel(cards, concurrency, async (card, i) => {
    for (const kind of plan[i]) await moveTo(coach, engagement, card, kind);
  });
  await coach.patch(`/api/columns/${engagement.columns.doing.id}`, { wipLimit: wip });
}

/**
 * The history of a long engagement: every card is reprioritized in To Do a few times, then most go through
 * In Progress and Verify (some sent back once) to Done. Nine moves per card, so 5,000 cards give 50,000 events.
 */
export async function seedFlow({ coach, engagement, cards, movesPerCard = 9, concurrency = 24, onProgress }) {
  const flows = [
    ['doing', 'verify', 'doing', 'verify', 'done'],
    ['doing', 'verify', 'doing', 'verify', 'done'],
    ['doing', 'verify', 'doing', 'verify', 'done'],
    ['doing', 'verify', 'done'],
    ['doing', 'verify', 'done'],
    ['doing', 'verify', 'done'],
    ['doing', 'verify'],
    ['doing', 'verify'],
    ['doing'],
    [],
  ];
  await coach.patch(`/api/columns/${engagement.columns.doing.id}`, { wipLimit: null });
  let done = 0;
  await parallel(cards, concurrency, async (card, i) => {
    const flow = flows[i % flows.length].slice(0, movesPerCard);
    const reorders = movesPerCard - flow.length;
    for (let r = 0; r < reorders; r += 1) await moveTo(coach, engagement, card, 'todo');
    for (const kind of flow) await moveTo(coach, engagement, card, kind);
    done += 1;
    if (onProgress && done % 500 === 0) onProgress(done);
  });
}
