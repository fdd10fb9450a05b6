import { metricsFixture } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { World } from './world.js';

export interface SeededFixture {
  /** Fixture card key (A, B, G1…) → the card's id. */
  ids: Map<string, string>;
  columns: Map<string, string>;
}

/**
 * The fixture's contract, signed by everyone and put on the board: its goals become the goal cards G1
 * and G2 and its deliverables the task cards A, D, H and K. A contract whose end date has passed is
 * ended as soon as it is signed and can no longer go on the board, so it is signed running to 2099,
 * put on the board, then amended to end on 1 February 2026 and signed again (as a coach would).
 */
async function signedFixtureContract(w: World): Promise<Map<string, string>> {
  const f = metricsFixture;
  const title = (key: string) => f.cards.find((c) => c.key === key)?.title as string;
  const ok = (res: { statusCode: number; body: string }, what: string) => {
    if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body);
  };
  const signAll = async (id: string) => {
    ok(await w.coach.post(`/api/contracts/${id}/send`), 'send');
    for (const who of [w.coachee, w.sponsor, w.coach]) ok(await who.post(`/api/contracts/${id}/sign`, { typedName: who.user?.name, consent: true }), 'sign');
  };
  const draft = ok(
    await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'organization',
      startsOn: f.contract.startsOn,
      endsOn: '2099-12-31',
      rate: { amountMinor: 600000, currency: 'EUR', unit: 'fixed', sessionsIncluded: 6 },
      goals: [
        { id: 'g1', what: title('G1') },
        { id: 'g2', what: title('G2') },
      ],
      deliverables: f.cards
        .filter((c) => c.deliverable)
        .map((c) => ({
          id: c.deliverable,
          description: c.title,
          acceptanceCriteria: 'Agreed in a session',
          dueOn: '2026-02-01',
          goalId: c.parent === 'G1' ? 'g1' : 'g2',
        })),
      signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }, { userId: w.coachee.user?.id }],
    }),
    'draft contract',
  );
  await signAll(draft.id);
  const onBoard = ok(await w.coach.post(`/api/contracts/${draft.id}/cards`), 'put on board') as { cards: { id: string; title: string }[] };
  const amended = ok(await w.coach.post(`/api/contracts/${draft.id}/versions`), 'amend');
  ok(await w.coach.patch(`/api/contracts/${amended.id}`, { endsOn: f.contract.endsOn }), 'edit amendment');
  await signAll(amended.id);
  const ids = new Map<string, string>();
  for (const c of onBoard.cards) ids.set(f.cards.find((x) => x.title === c.title)?.key as string, c.id);
  return ids;
}

/**
 * Plays the story of core's metrics fixture through the API, as the coach: creates the cards, moves,
 * archives and blocks them (with `contract`, the goals and deliverables come from a signed contract).
 * The API stamps every event with the current time and can't be told otherwise, so after each step
 * the test rewrites the new events' created_at to the step's time in the fixture (and only that):
 * the database then holds the same activity log the core tests replay.
 */
/**
 * The coaching sessions of the fixture, held on the board of the moment so that each start reviews the
 * commitments before it as the core fixture says: on 15 Jan, A and C are done and H is still in
 * progress (2 kept, 1 missed); on 20 Jan at noon, F and H are done, J is in Verify and I is still in
 * progress (3 kept, 1 missed); the 20 Jan commitments (I, K) are not reviewed yet.
 */
export const fixtureSessions = [
  { at: '2026-01-08T08:00:00.000Z', commit: ['A', 'C', 'H'] },
  { at: '2026-01-15T08:00:00.000Z', commit: ['F', 'H', 'J', 'I'] },
  { at: '2026-01-20T12:00:00.000Z', commit: ['I', 'K'] },
];

export async function seedMetricsFixture(db: Kysely<Database>, w: World, opts: { contract?: boolean; sessions?: boolean } = {}): Promise<SeededFixture> {
  const f = metricsFixture;
  const board = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json() as { columns: { id: string; kind: string }[] };
  const columns = new Map(board.columns.map((c) => [c.kind, c.id]));
  const ids = new Map<string, string>();
  const versions = new Map<string, number>();
  const lastEvent = async () =>
    Number((await db.selectFrom('events').select(db.fn.max('id').as('id')).where('engagement_id', '=', w.engagementId).executeTakeFirst())?.id ?? 0);
  let seen = await lastEvent();
  const fromContract = opts.contract ? await signedFixtureContract(w) : new Map<string, string>();
  const stamp = async (at: string) => {
    await db.updateTable('events').set({ created_at: at }).where('engagement_id', '=', w.engagementId).where('id', '>', seen).execute();
    seen = await lastEvent();
  };
  await stamp(f.steps[0].at);
  const expectOk = (res: { statusCode: number; body: string }, what: string) => {
    if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as { id: string; version: number };
  };

  const sessions = opts.sessions ? [...fixtureSessions] : [];
  const hold = async (session: (typeof fixtureSessions)[number]) => {
    const made = expectOk(
      await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, { startsAt: session.at, durationMinutes: 60, timeZone: 'UTC' }),
      'schedule',
    ) as unknown as { sessions: { id: string }[] };
    const id = made.sessions[0].id;
    for (const stage of ['wifle', 'verify', 'in_progress', 'pull', 'commitments']) expectOk(await w.coach.post(`/api/sessions/${id}/stage`, { stage }), stage);
    for (const key of session.commit) expectOk(await w.coach.post(`/api/sessions/${id}/commitments`, { cardId: ids.get(key) }), `commit ${key}`);
    expectOk(await w.coach.post(`/api/sessions/${id}/close`), 'close');
    await stamp(session.at);
  };

  for (const step of f.steps) {
    while (sessions.length > 0 && sessions[0].at <= step.at) await hold(sessions.shift() as (typeof fixtureSessions)[number]);
    const card = f.cards.find((c) => c.key === step.card);
    if (!card) throw new Error(`No fixture card ${step.card}`);
    if (step.action === 'create' && fromContract.has(card.key)) {
      // Already on the board from the contract: give it the owner it needs to be started, and its creation time.
      const id = fromContract.get(card.key) as string;
      const current = expectOk(await w.coach.get(`/api/cards/${id}`), `read ${card.key}`);
      const ready =
        card.type === 'goal'
          ? current
          : expectOk(await w.coach.patch(`/api/cards/${id}`, { version: current.version, ownerId: w.coachee.user?.id }), `ready ${card.key}`);
      ids.set(card.key, id);
      versions.set(card.key, ready.version);
      await db.updateTable('events').set({ created_at: step.at }).where('entity_id', '=', id).where('type', '=', 'card.created').execute();
    } else if (step.action === 'create') {
      const created = expectOk(
        await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
          columnId: columns.get('todo'),
          type: card.type,
          title: card.title,
          parentId: card.parent ? ids.get(card.parent) : null,
          ownerId: w.coachee.user?.id,
          dueOn: '2026-02-01',
          definitionOfDone: [{ text: 'Agreed in a session' }],
        }),
        `create ${card.key}`,
      );
      ids.set(card.key, created.id);
      versions.set(card.key, created.version);
    } else {
      const id = ids.get(card.key) as string;
      const version = versions.get(card.key) as number;
      const res =
        step.action === 'move'
          ? await w.coach.post(`/api/cards/${id}/move`, { columnId: columns.get(step.to), version })
          : step.action === 'archive'
            ? await w.coach.patch(`/api/cards/${id}`, { version, archived: true })
            : await w.coach.patch(`/api/cards/${id}`, { version, blocked: true, blockedReason: 'Waiting for the team to agree' });
      versions.set(card.key, expectOk(res, `${step.action} ${card.key}`).version);
    }
    // Only the time of the events this step wrote: the story's time instead of now.
    await stamp(step.at);
  }
  for (const session of sessions) await hold(session);
  return { ids, columns };
}
