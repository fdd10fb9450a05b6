import crypto from 'node:crypto';
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { runDueJobs } from '../../plugins/job-worker.js';
import { describeEachEngine, drainJobs, TestClient } from '../../test/harness.js';
import { boardOf, makeCard, readyCard, schedule, sessionNowAtCommitments } from '../../test/session-helpers.js';
import { buildWorld } from '../../test/world.js';

/** Parses an iCalendar text with an independent parser (ical.js) and returns its events. */
function parse(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const events = root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { root, events };
}

const feedPath = (url: string) => new URL(url).pathname;
const feedToken = (url: string) => feedPath(url).replace('/api/calendar/', '').replace('.ics', '');
// Feeds and reminders look forward from today, so the dates are next year's.
const Y = new Date().getUTCFullYear() + 1;

describeEachEngine('calendar feed and reminders', (ctx) => {
  it('each user has a private feed: valid iCalendar with VTIMEZONE, sessions at local time across DST, event cards; revocable', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const b = await boardOf(w);
    await schedule(w, { startsAt: `${Y}-03-18T09:00:00+01:00`, recurrence: { cadence: 'weekly', count: 3 }, videoUrl: 'https://meet.example.com/xyz' });
    await makeCard(w, { columnId: b.todo.id, type: 'event', title: 'Team offsite', eventAt: `${Y}-04-10T08:00:00Z`, eventPlace: 'Lyon' });

    // Reading makes nothing; asking for an address (POST) makes one and shows it once.
    expect((await w.coachee.get('/api/calendar')).json()).toEqual({ active: false, createdAt: null, lastFetchedAt: null });
    expect(await app.db.selectFrom('calendar_feeds').selectAll().execute()).toEqual([]);
    const first = await w.coachee.post('/api/calendar');
    expect(first.statusCode).toBe(201);
    const url = first.json().url as string;
    expect(url).toMatch(/^http:\/\/carriage\.test\/api\/calendar\/[\w-]{40,}\.ics$/);
    // The address is shown once: afterwards only that there is one.
    const status = (await w.coachee.get('/api/calendar')).json();
    expect(status).toMatchObject({ active: true, createdAt: first.json().createdAt, lastFetchedAt: null });
    expect(JSON.stringify(status)).not.toContain(feedToken(url));

    // The feed needs no login: its secret address is the key.
    const res = await new TestClient(app).get(feedPath(url));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const { root, events } = parse(res.body);
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toMatch(/Carriage/);
    expect(root.getAllSubcomponents('vtimezone').map((t) => t.getFirstPropertyValue('tzid'))).toEqual(['Europe/Paris']);

    const sessions = events.filter((e) => e.uid.startsWith('session-'));
    expect(sessions).toHaveLength(3);
    for (const e of sessions) {
      expect(e.startDate.zone.tzid).toBe('Europe/Paris');
      expect(`${e.startDate.hour}:${e.startDate.minute}`).toBe('9:0');
      expect(e.summary).toBe('Coaching session · Leadership coaching');
      expect(e.location).toBe('https://meet.example.com/xyz');
    }
    // Paris changes to summer time on the last Sunday of March, between the first and the last session:
    // the same 09:00 in Paris is 08:00 UTC before and 07:00 UTC after.
    const utc = sessions.map((e) => e.startDate.toJSDate().toISOString());
    expect(utc[0]).toBe(`${Y}-03-18T08:00:00.000Z`);
    expect(utc[2]).toBe(`${Y}-04-01T07:00:00.000Z`);
    expect(sessions[2].endDate.toJSDate().toISOString()).toBe(`${Y}-04-01T08:00:00.000Z`);

    const card = events.find((e) => e.uid.startsWith('card-'));
    expect(card?.summary).toBe('Team offsite · Leadership coaching');
    expect(card?.location).toBe('Lyon');
    expect(card?.startDate.toJSDate().toISOString()).toBe(`${Y}-04-10T08:00:00.000Z`);

    // The sponsor's feed has the sessions' dates only, and no event cards from the board.
    const sponsorFeed = await new TestClient(app).get(feedPath((await w.sponsor.post('/api/calendar')).json().url));
    const sponsorEvents = parse(sponsorFeed.body).events;
    expect(sponsorEvents.map((e) => e.uid.split('-')[0])).toEqual(['session', 'session', 'session']);
    expect(sponsorEvents.every((e) => !e.location && !e.description)).toBe(true);

    expect((await w.coachee.get('/api/calendar')).json().lastFetchedAt).not.toBeNull();

    // A new address replaces the old one, which stops working.
    const fresh = (await w.coachee.post('/api/calendar')).json().url;
    expect(fresh).not.toBe(url);
    const gone = await new TestClient(app).get(feedPath(url));
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toBe('This calendar address is not valid any more. Make a new one in Carriage (Settings, Calendar feed).');
    expect((await new TestClient(app).get(feedPath(fresh))).statusCode).toBe(200);
    // Revoking kills the address.
    expect((await w.coachee.delete('/api/calendar')).statusCode).toBe(200);
    expect((await new TestClient(app).get(feedPath(fresh))).statusCode).toBe(404);
    expect((await w.coachee.get('/api/calendar')).json().active).toBe(false);
    expect((await new TestClient(app).get('/api/calendar')).statusCode).toBe(401);
    expect((await new TestClient(app).post('/api/calendar')).statusCode).toBe(401);
  });

  it('stores only the hash of a feed address: the database holds nothing that opens a feed', async () => {
    const { app, database } = ctx();
    const w = await buildWorld(app);
    const url = (await w.coach.post('/api/calendar')).json().url as string;
    const rows = await database.db
      .selectFrom('calendar_feeds')
      .selectAll()
      .where('user_id', '=', w.coach.user?.id as string)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(feedToken(url));
    expect(rows[0].token_hash).toBe(crypto.createHash('sha256').update(feedToken(url)).digest('hex'));
    // The stored hash itself, put in the address, opens nothing.
    expect((await new TestClient(app).get(`/api/calendar/${rows[0].token_hash}.ics`)).statusCode).toBe(404);
  });

  it('a single session downloads as .ics; a cancelled session is marked cancelled with a new sequence', async () => {
    const w = await buildWorld(ctx().app);
    const [s] = await schedule(w, { startsAt: '2026-11-03T18:30:00-05:00', timeZone: 'America/New_York', place: 'Room 4' });
    const res = await w.coachee.get(`/api/sessions/${s.id}/calendar.ics`);
    expect(res.headers['content-disposition']).toBe('attachment; filename="session-2026-11-03.ics"');
    const [event] = parse(res.body).events;
    expect(event.startDate.zone.tzid).toBe('America/New_York');
    expect(`${event.startDate.hour}:${event.startDate.minute}`).toBe('18:30');
    expect(event.location).toBe('Room 4');
    expect(event.sequence).toBe(0);
    await w.coach.patch(`/api/sessions/${s.id}`, { status: 'cancelled' });
    const [cancelled] = parse((await w.coachee.get(`/api/sessions/${s.id}/calendar.ics`)).body).events;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.sequence).toBe(1);
  });

  it('reminds coach and coachee before a session and the owner when a commitment falls due, in the app and by email, once', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app);
    const b = await boardOf(w);
    const [s] = await schedule(w, { startsAt: `${Y}-06-02T09:00:00+02:00` });
    // The periodic `reminders` job runs on the worker's clock, then the emails it queued are sent.
    const passAt = async (at: string) => {
      await runDueJobs(app, { kinds: ['reminders'], now: new Date(at) });
      await drainJobs(app, new Date(at));
    };
    const reminderMails = () => mailer.sent.filter((m) => m.subject.startsWith('Reminder'));

    // Two days before: nothing yet.
    await passAt(`${Y}-05-31T07:00:00Z`);
    expect(reminderMails()).toEqual([]);
    await passAt(`${Y}-06-01T09:00:00Z`);
    expect(
      reminderMails()
        .map((m) => m.to)
        .sort(),
    ).toEqual([w.coach.user?.email, w.coachee.user?.email].sort());
    await passAt(`${Y}-06-01T09:01:00Z`);
    expect(reminderMails()).toHaveLength(2);
    const mail = mailer.lastTo(w.coachee.user?.email as string);
    // Each person reads the time in their own zone (these test accounts use UTC).
    expect(mail?.subject).toMatch(new RegExp(`^Reminder: Coaching session · Leadership coaching · \\w{3} 2 Jun ${Y}, 07:00 \\(UTC\\)$`));
    expect(mail?.text).toContain(`http://carriage.test/e/${w.engagementId}/sessions/${s.id}`);

    const list = (await w.coachee.get(`/api/reminders?engagementId=${w.engagementId}`)).json().reminders;
    expect(list).toEqual([
      expect.objectContaining({ kind: 'session', subjectId: s.id, link: `/e/${w.engagementId}/sessions/${s.id}`, dueAt: `${Y}-06-02T07:00:00.000Z` }),
    ]);
    expect((await w.coachee.post(`/api/reminders/${list[0].id}/dismiss`)).statusCode).toBe(200);
    expect((await w.coachee.get('/api/reminders')).json().reminders.filter((r: { subjectId: string }) => r.subjectId === s.id)).toEqual([]);
    expect((await w.coach.post(`/api/reminders/${list[0].id}/dismiss`)).statusCode).toBe(404);

    // A commitment due on 4 June reminds its owner the day before, once.
    const card = await readyCard(w, b.doing.id, 'Send the survey', b.todo.id);
    await w.coach.patch(`/api/cards/${card.id}`, { version: card.version, dueOn: `${Y}-06-04` });
    // The session of 2 June lies ahead, so the commitment is made in one held now.
    const now = await sessionNowAtCommitments(w);
    await w.coach.post(`/api/sessions/${now}/commitments`, { cardId: card.id });
    expect((await w.coach.post(`/api/sessions/${now}/close`)).statusCode).toBe(200);
    await passAt(`${Y}-06-02T12:00:00Z`);
    expect(reminderMails()).toHaveLength(2);
    await passAt(`${Y}-06-03T08:00:00Z`);
    await passAt(`${Y}-06-03T09:00:00Z`);
    expect(reminderMails()).toHaveLength(3);
    expect(mailer.lastTo(w.coachee.user?.email as string)?.subject).toBe(`Reminder: “Send the survey” is due ${Y}-06-04`);
    const due = (await w.coachee.get('/api/reminders')).json().reminders;
    expect(due.map((r: { kind: string; title: string }) => `${r.kind}:${r.title}`)).toContain(`commitment:“Send the survey” is due ${Y}-06-04`);
  });
});
