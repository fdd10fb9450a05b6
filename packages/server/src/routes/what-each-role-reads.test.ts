import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, type TestClient } from '../test/harness.js';
import { checkIn, measuredGoal } from '../test/measures.js';
import { boardOf, runToCommitments, schedule } from '../test/session-helpers.js';
import { openStream } from '../test/sse.js';
import { buildWorld, type World } from '../test/world.js';

/**
 * Marked text is planted where only some roles may read it, then every read in the route table
 * (with this engagement's resources), the live stream replayed from the start, the calendar feed
 * and the emails are searched for it. New routes are searched automatically.
 */
const CARD = 'CANARY-CARD-9d1e';
const COMMENT = 'CANARY-COMMENT-5b7f';
const SHARED = 'CANARY-SHARED-2c4a';
const PRIVATE = 'CANARY-PRIVATE-8e3b';
const WIFLE = 'CANARY-WIFLE-6f0d';
const CHECKIN_NOTE = 'CANARY-CHECKIN-3a9c';
/** A value recorded for a goal the coachee does not share. */
const CHECKIN_VALUE = '8765.4321';

/** Every GET in the route table that this world's resources can fill, as URLs. */
function readsOf(app: FastifyInstance, ids: Record<string, string>): string[] {
  const urls: string[] = [];
  for (const route of app.routeTable) {
    if (route.method !== 'GET' || route.url.endsWith('/events') || route.url.includes(':token')) continue;
    const access = route.access;
    if (access?.kind === 'user' && !route.url.includes(':')) urls.push(route.url);
    if (access?.kind === 'engagement' && ids[access.resource] && (route.url.match(/:/g) ?? []).length === 1) {
      urls.push(route.url.replace(`:${access.param ?? 'id'}`, ids[access.resource]));
    }
  }
  return urls;
}

async function everythingReadableBy(app: FastifyInstance, w: World, who: TestClient, urls: string[]): Promise<string> {
  const parts: string[] = [];
  // The calendar feed is made on request; reading it then covers what it lists.
  await who.post('/api/calendar');
  for (const url of urls) {
    const res = await who.get(url);
    parts.push(`${url} → ${res.statusCode}\n${res.body}`);
    // The feed's address is shown only when it is made: make one and read the feed itself too.
    if (url === '/api/calendar' && res.statusCode === 200) parts.push((await who.get(new URL((await who.post('/api/calendar')).json().url).pathname)).body);
  }
  const stream = await openStream(app, who, w.engagementId, 0);
  try {
    await stream.waitFor((e) => e.event === 'ready');
  } finally {
    stream.close();
  }
  parts.push(JSON.stringify(stream.events));
  return parts.join('\n');
}

describeEachEngine('what each role reads', (ctx) => {
  it('a sponsor never reads board cards, comments, notes or an unshared goal’s check-ins; a coachee never reads private notes; by any route', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app, 'Canary engagement');
    const b = await boardOf(w);
    const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: b.todo.id,
      type: 'task',
      title: CARD,
      description: `${CARD} description`,
      ownerId: w.coachee.user?.id,
      dueOn: '2030-04-30',
    });
    expect(card.statusCode).toBe(201);
    const cardId = card.json().id as string;
    expect((await w.coachee.post(`/api/cards/${cardId}/comments`, { body: COMMENT })).statusCode).toBe(201);
    expect((await w.coach.patch(`/api/cards/${cardId}`, { version: card.json().version, blocked: true, blockedReason: `${CARD} blocked` })).statusCode).toBe(
      200,
    );

    const measured = await measuredGoal(w);
    await checkIn(w.coachee, measured.cardId, { value: Number(CHECKIN_VALUE), on: '2026-09-08', note: CHECKIN_NOTE });

    const [s] = await schedule(w, { startsAt: '2026-04-14T09:00:00+02:00' });
    await runToCommitments(w, s.id);
    expect((await w.coachee.put(`/api/sessions/${s.id}/wifle`, { note: WIFLE, done: true })).statusCode).toBe(200);
    expect((await w.coach.put(`/api/sessions/${s.id}/notes`, { shared: SHARED, private: PRIVATE })).statusCode).toBe(200);
    expect((await w.coach.post(`/api/sessions/${s.id}/commitments`, { cardId })).statusCode).toBe(200);
    const closed = await w.coach.post(`/api/sessions/${s.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const [next] = await schedule(w, { startsAt: '2026-04-21T09:00:00+02:00' });

    const ids = { engagement: w.engagementId, card: cardId, session: s.id };
    const urls = readsOf(app, ids);
    expect(urls.length).toBeGreaterThan(15);

    const sponsorSees = await everythingReadableBy(app, w, w.sponsor, urls);
    const sponsorLeaks = [CARD, COMMENT, SHARED, PRIVATE, WIFLE, CHECKIN_NOTE, CHECKIN_VALUE].filter((c) => sponsorSees.includes(c));
    expect(sponsorLeaks, 'what the sponsor could read').toEqual([]);

    const coacheeSees = await everythingReadableBy(app, w, w.coachee, urls);
    expect(coacheeSees.includes(PRIVATE), 'the coachee read the private note').toBe(false);
    // The coachee does read the board and the shared notes: the search above is not vacuous.
    expect(coacheeSees).toContain(CARD);
    expect(coacheeSees).toContain(SHARED);
    expect(coacheeSees).toContain(CHECKIN_VALUE);
    expect(coacheeSees).toContain(CHECKIN_NOTE);

    await drainJobs(app);
    const mails = (who: TestClient) =>
      mailer.sent
        .filter((m) => m.to === who.user?.email)
        .map((m) => m.text)
        .join('\n');
    expect([CARD, COMMENT, SHARED, PRIVATE, WIFLE, CHECKIN_NOTE, CHECKIN_VALUE].filter((c) => mails(w.sponsor).includes(c))).toEqual([]);
    expect(mails(w.coachee).includes(PRIVATE)).toBe(false);
    // The recap did reach the coachee with the shared notes: the search above is not vacuous.
    expect(mails(w.coachee)).toContain(SHARED);
    expect(next.id).toBeTruthy();
  }, 60_000);
});
