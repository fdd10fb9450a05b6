import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/database.js';
import { updateCardInTransaction } from '../../services/board/update-card.js';
import { writeTransaction } from '../../services/events/record-event.js';
import { baseUrlOf, describeEachEngine, MemoryMailer, type TestClient } from '../../test/harness.js';
import { openStream, type StreamEvent } from '../../test/sse.js';
import { buildWorld, type World } from '../../test/world.js';

/**
 * The activity log is the spine the board, its ETag, the caches, the metrics and the live stream read.
 * These tests hit it the way a busy practice does: many writers at once, on one or two instances.
 */

interface Col {
  id: string;
  kind: string;
  cards: { id: string; title: string; version: number; wipOverrideReason: string | null }[];
}

async function columns(w: World): Promise<Record<string, Col>> {
  const cols = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns as Col[];
  return Object.fromEntries(cols.map((c) => [c.kind, c]));
}

/** A goal and `n` tasks under it in To Do, each ready to be pulled (owner, due date, definition of done). */
async function readyTasks(w: World, n: number, todoId: string) {
  const goal = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todoId, type: 'goal', title: 'Delegate more' })).json();
  const tasks: { id: string; version: number }[] = [];
  for (let i = 0; i < n; i++) {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: todoId,
      type: 'task',
      title: `Step ${i + 1}`,
      ownerId: w.coachee.user?.id,
      dueOn: '2030-03-01',
      definitionOfDone: [{ text: 'Done as agreed' }],
      parentId: goal.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    tasks.push(res.json());
  }
  return tasks;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachEngine('the write path under concurrency', (ctx) => {
  it('parallel pulls into a WIP-limited column never fill it past its limit without a recorded reason', async () => {
    const w = await buildWorld(ctx().app);
    const cols = await columns(w);
    expect((await w.coach.patch(`/api/columns/${cols.doing.id}`, { wipLimit: 3 })).statusCode).toBe(200);
    for (let round = 0; round < 3; round++) {
      const tasks = await readyTasks(w, 8, cols.todo.id);
      const pullers: TestClient[] = [w.coach, w.coachee];
      const answers = await Promise.all(tasks.map((t, i) => pullers[i % 2].post(`/api/cards/${t.id}/move`, { columnId: cols.doing.id, version: t.version })));
      const doing = (await columns(w)).doing.cards;
      const accepted = answers.filter((a) => a.statusCode === 200).length;
      // Round 1 fills the column; later rounds find it full.
      expect(accepted).toBe(round === 0 ? 3 : 0);
      expect(doing).toHaveLength(3);
      for (const a of answers.filter((x) => x.statusCode !== 200)) expect(a.json().error.code).toBe('wip_limit_exceeded');
    }
    // Going past the limit takes a reason, and the reason stays on the card and in its history.
    const extra = (await readyTasks(w, 1, cols.todo.id))[0];
    const over = await w.coachee.post(`/api/cards/${extra.id}/move`, {
      columnId: cols.doing.id,
      version: extra.version,
      overrideReason: 'Urgent for the board meeting',
    });
    expect(over.statusCode).toBe(200);
    const doing = (await columns(w)).doing.cards;
    expect(doing).toHaveLength(4);
    expect(doing.filter((c) => c.wipOverrideReason === 'Urgent for the board meeting')).toHaveLength(1);
  });

  it('a write that commits late while another member moves a card: the board, its ETag, the results and the stream show both', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const cols = await columns(w);
    const [slow, quick] = await readyTasks(w, 2, cols.todo.id);
    const stream = await openStream(app, w.coach, w.engagementId);
    await stream.waitFor((e) => e.event === 'ready');
    const before = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
    const etagBefore = before.headers.etag as string;
    const metricsBefore = (await w.coach.get(`/api/engagements/${w.engagementId}/metrics`)).json();

    // A long transaction edits one card and holds on before committing…
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const coachMembership = { userId: w.coach.user?.id as string, role: 'coach' as const };
    const late = writeTransaction(app.db, w.engagementId, async (trx) => {
      await updateCardInTransaction(
        trx,
        slow.id,
        { engagementId: w.engagementId, membership: coachMembership, settings: { coacheeMayAcceptToDone: false } },
        {
          version: slow.version,
          title: 'Edited in a slow transaction',
        },
      );
      await held;
    });
    // …while the coachee pulls another card.
    await sleep(50);
    const move = w.coachee.post(`/api/cards/${quick.id}/move`, { columnId: cols.doing.id, version: quick.version });
    await sleep(200);
    release();
    await late;
    expect((await move).statusCode).toBe(200);

    const after = await w.coach.get(`/api/engagements/${w.engagementId}/board`, { 'if-none-match': etagBefore });
    expect(after.statusCode).toBe(200);
    const cards = (after.json().columns as Col[]).flatMap((c) => c.cards.map((card) => ({ ...card, kind: c.kind })));
    expect(cards.find((c) => c.id === slow.id)?.title).toBe('Edited in a slow transaction');
    expect(cards.find((c) => c.id === quick.id)?.kind).toBe('doing');
    // An unchanged reload with the new ETag is a 304; the old one is not.
    expect((await w.coach.get(`/api/engagements/${w.engagementId}/board`, { 'if-none-match': after.headers.etag as string })).statusCode).toBe(304);

    const metricsAfter = (await w.coach.get(`/api/engagements/${w.engagementId}/metrics`)).json();
    expect(metricsAfter.wip.current).toBe(metricsBefore.wip.current + 1);

    const updated = await stream.waitFor((e) => e.data.type === 'card.updated' && e.data.entityId === slow.id);
    const moved = await stream.waitFor((e) => e.data.type === 'card.moved' && e.data.entityId === quick.id);
    expect(updated.id as number).toBeLessThan(moved.id as number);
    stream.close();
  });

  it('a rolled-back write publishes nothing and leaves the board as it was', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const cols = await columns(w);
    const [task] = await readyTasks(w, 1, cols.todo.id);
    const stream = await openStream(app, w.coach, w.engagementId);
    await stream.waitFor((e) => e.event === 'ready');
    const coachMembership = { userId: w.coach.user?.id as string, role: 'coach' as const };
    await expect(
      writeTransaction(app.db, w.engagementId, async (trx) => {
        await updateCardInTransaction(
          trx,
          task.id,
          { engagementId: w.engagementId, membership: coachMembership, settings: { coacheeMayAcceptToDone: false } },
          { version: task.version, title: 'Never committed' },
        );
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'A later change' });
    await stream.waitFor((e) => e.data.type === 'engagement.updated');
    expect(stream.events.some((e) => e.data.payload?.card?.title === 'Never committed')).toBe(false);
    const titles = (await columns(w)).todo.cards.map((c) => c.title);
    expect(titles).not.toContain('Never committed');
    stream.close();
  });
});

// Two instances share a database only on PostgreSQL; SQLite is embedded in one process.
describeEachEngine(
  'the activity log across two instances',
  (ctx) => {
    it('20 concurrent writers through two instances: one subscriber gets every committed event once, in order, and a replay from 0 equals it', async () => {
      const { app, config } = ctx();
      const second = await buildApp(config, { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false });
      try {
        const w = await buildWorld(app);
        const cols = await columns(w);
        const base2 = await second.listen({ port: 0, host: '127.0.0.1' });
        const live = await openStream(base2, w.coach, w.engagementId);
        const ready = await live.waitFor((e) => e.event === 'ready');
        const startedAfter = ready.data.lastEventId as number;

        // Each writer alternates instances and makes cards then moves them, as fast as it can.
        const base1 = await baseUrlOf(app);
        const bases = [base1, base2];
        const clients = [w.coach, w.coachee];
        let committed = 0;
        const writer = async (n: number) => {
          for (let i = 0; i < 4; i++) {
            const base = bases[(n + i) % 2];
            const who = clients[n % 2];
            const created = await fetch(`${base}/api/engagements/${w.engagementId}/cards`, {
              method: 'POST',
              headers: { ...who.authHeaders(), 'x-csrf-token': who.csrf ?? '', 'content-type': 'application/json' },
              body: JSON.stringify({ columnId: cols.todo.id, title: `Writer ${n} card ${i}` }),
            });
            expect(created.status).toBe(201);
            committed += 1;
            const card = (await created.json()) as { id: string; version: number };
            const moved = await fetch(`${bases[(n + i + 1) % 2]}/api/cards/${card.id}/move`, {
              method: 'POST',
              headers: { ...who.authHeaders(), 'x-csrf-token': who.csrf ?? '', 'content-type': 'application/json' },
              body: JSON.stringify({ columnId: cols.verify.id, version: card.version }),
            });
            expect(moved.status).toBe(200);
            committed += 1;
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, n) => writer(n)));
        expect(committed).toBe(160);

        const inDb = await app.db
          .selectFrom('events')
          .select(['id', 'type'])
          .where('engagement_id', '=', w.engagementId)
          .where('id', '>', startedAfter)
          .orderBy('id')
          .execute();
        expect(inDb).toHaveLength(160);
        const lastId = Number(inDb.at(-1)?.id);
        await live.waitFor((e) => e.id === lastId, 15_000);
        const delivered = live.events.filter((e): e is StreamEvent & { id: number } => e.id !== null && e.id > startedAfter).map((e) => e.id);
        expect(delivered).toEqual(inDb.map((r) => Number(r.id)));
        live.close();

        const replay = await openStream(base1, w.coach, w.engagementId, 0);
        await replay.waitFor((e) => e.event === 'ready');
        const replayed = replay.events.filter((e) => e.id !== null && e.id > startedAfter).map((e) => e.id);
        expect(replayed).toEqual(delivered);
        replay.close();
      } finally {
        second.server.closeAllConnections();
        await second.close();
        await second.database.close();
      }
    }, 60_000);
  },
  ['postgres'],
);
