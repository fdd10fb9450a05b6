import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/database.js';
import { describeEachEngine, MemoryMailer } from '../../test/harness.js';
import { openStream } from '../../test/sse.js';
import { buildWorld } from '../../test/world.js';

describeEachEngine('live updates', (ctx) => {
  it('streams a move to the other member, and a reconnect with Last-Event-ID misses nothing, in order', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const cols = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
    const stream = await openStream(app, w.coachee, w.engagementId);
    await stream.waitFor((e) => e.event === 'ready');
    const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, title: 'Live card' })).json();
    const created = await stream.waitFor((e) => e.data.type === 'card.created');
    expect(created.data.payload.card.title).toBe('Live card');
    await w.coach.post(`/api/cards/${card.id}/move`, { columnId: cols[2].id, version: card.version });
    const moved = await stream.waitFor((e) => e.data.type === 'card.moved');
    expect(moved.data.payload).toMatchObject({ toColumnId: cols[2].id, fromKind: 'todo', toKind: 'verify' });
    stream.close();

    // While disconnected, three more changes happen.
    const lastSeen = moved.id as number;
    for (const t of ['A', 'B', 'C']) await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, title: t });
    const resumed = await openStream(app, w.coachee, w.engagementId, lastSeen);
    await resumed.waitFor((e) => e.event === 'ready');
    const replayed = resumed.events.filter((e) => e.data.type === 'card.created').map((e) => e.data.payload.card.title);
    expect(replayed).toEqual(['A', 'B', 'C']);
    const ids = resumed.events.filter((e) => e.id !== null).map((e) => e.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(lastSeen);
    resumed.close();
  });

  it('a sponsor does not receive card events; a removed member stops receiving at once', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const cols = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
    const sponsor = await openStream(app, w.sponsor, w.engagementId);
    const coachee = await openStream(app, w.coachee, w.engagementId);
    await Promise.all([sponsor.waitFor((e) => e.event === 'ready'), coachee.waitFor((e) => e.event === 'ready')]);
    await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, title: 'Not for the sponsor' });
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'Renamed engagement' });
    await sponsor.waitFor((e) => e.data.type === 'engagement.updated');
    expect(sponsor.events.some((e) => e.data.type?.startsWith('card.'))).toBe(false);

    await w.coach.delete(`/api/engagements/${w.engagementId}/members/${w.coachee.user?.id}`);
    await coachee.waitFor((e) => e.data.type === 'member.removed');
    await coachee.ended;
    await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, title: 'After removal' });
    expect(coachee.events.some((e) => e.data.payload?.card?.title === 'After removal')).toBe(false);
    sponsor.close();
  });

  it('a goal the coachee stopped sharing does not reach the sponsor through a replay, while a shared one does', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const cols = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
    const goal = async (title: string) =>
      (await w.coachee.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, type: 'goal', title })).json();
    const kept = await goal('Shared and still shared');
    const withdrawn = await goal('Shared, then withdrawn');
    for (const g of [kept, withdrawn]) expect((await w.coachee.put(`/api/cards/${g.id}/sharing`, { shared: true })).statusCode).toBe(200);
    expect((await w.coachee.put(`/api/cards/${withdrawn.id}/sharing`, { shared: false })).statusCode).toBe(200);

    const replay = await openStream(app, w.sponsor, w.engagementId, 0);
    await replay.waitFor((e) => e.event === 'ready');
    const shared = replay.events.filter((e) => e.data.type === 'goal.shared').map((e) => e.data.payload.cardId);
    expect(shared).toEqual([kept.id]);
    expect(JSON.stringify(replay.events)).not.toContain('Shared, then withdrawn');
    // The coachee, who works the board, replays both.
    const coachee = await openStream(app, w.coachee, w.engagementId, 0);
    await coachee.waitFor((e) => e.event === 'ready');
    expect(coachee.events.filter((e) => e.data.type === 'goal.shared').map((e) => e.data.payload.cardId)).toEqual([kept.id, withdrawn.id]);

    // Live: sharing again reaches the sponsor at once.
    expect((await w.coachee.put(`/api/cards/${withdrawn.id}/sharing`, { shared: true })).statusCode).toBe(200);
    const again = await replay.waitFor((e) => e.data.type === 'goal.shared' && e.data.payload.cardId === withdrawn.id);
    expect(again.data.payload).toEqual({ cardId: withdrawn.id });
    replay.close();
    coachee.close();
  });

  it('a Last-Event-ID beyond any real id starts the stream from now', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const stream = await openStream(app, w.coach, w.engagementId, '99999999999999999999' as unknown as number);
    await stream.waitFor((e) => e.event === 'ready');
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'Seen after a bogus id' });
    const updated = await stream.waitFor((e) => e.data.type === 'engagement.updated');
    expect(updated.data.payload).toMatchObject({ title: 'Seen after a bogus id' });
    stream.close();
  });

  it('a revoked invitation reaches the coach live, and only the coach', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const inv = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'second.thoughts@example.com', role: 'coachee' });
    const coach = await openStream(app, w.coach, w.engagementId);
    const coachee = await openStream(app, w.coachee, w.engagementId);
    await Promise.all([coach.waitFor((e) => e.event === 'ready'), coachee.waitFor((e) => e.event === 'ready')]);
    expect((await w.coach.delete(`/api/invitations/${inv.json().id}`)).statusCode).toBe(200);
    const revoked = await coach.waitFor((e) => e.data.type === 'invitation.revoked');
    expect(revoked.data.payload).toEqual({ email: 'second.thoughts@example.com' });
    await w.coach.patch(`/api/engagements/${w.engagementId}`, { title: 'After the revocation' });
    await coachee.waitFor((e) => e.data.type === 'engagement.updated');
    expect(coachee.events.some((e) => e.data.type === 'invitation.revoked')).toBe(false);
    coach.close();
    coachee.close();
  });
});

// Cross-instance fan-out is a PostgreSQL feature (LISTEN/NOTIFY); the embedded SQLite engine runs one instance.
describeEachEngine(
  'live updates across instances',
  (ctx) => {
    it('with PostgreSQL, a move made through one instance reaches a subscriber of another', async () => {
      const { config, app } = ctx();
      const second = await buildApp(config, { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false });
      try {
        const w = await buildWorld(app);
        const cols = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
        const base2 = await second.listen({ port: 0, host: '127.0.0.1' });
        const stream = await openStream(base2, w.coachee, w.engagementId);
        await stream.waitFor((e) => e.event === 'ready');
        const card = (await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, title: 'Across instances' })).json();
        await w.coach.post(`/api/cards/${card.id}/move`, { columnId: cols[2].id, version: card.version });
        const moved = await stream.waitFor((e) => e.data.type === 'card.moved');
        expect(moved.data.payload.card.title).toBe('Across instances');
        stream.close();
      } finally {
        second.server.closeAllConnections();
        await second.close();
        await second.database.close();
      }
    });
  },
  ['postgres'],
);
