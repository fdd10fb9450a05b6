import { wallClock } from '@carriage/core';
import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, errorOf } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { boardOf, makeCard, readyCard, runToCommitments, schedule } from '../../test/session-helpers.js';
import { buildWorld } from '../../test/world.js';

interface SessionOut {
  id: string;
  startsAt: string;
  status: string;
  seriesId: string | null;
  stage?: string | null;
  videoUrl?: string | null;
  recurrenceText?: string | null;
  commitments?: { made: number; kept: number; missed: number; reliability: number | null };
}

describeEachEngine('sessions', (ctx) => {
  it('a weekly series in Paris stays at 09:00 local across the DST change; each member sees what their role allows', async () => {
    const w = await buildWorld(ctx().app);
    const created = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
      recurrence: { cadence: 'weekly', count: 4 },
      videoUrl: 'https://meet.example.com/abc',
    });
    expect(created.statusCode).toBe(201);
    const sessions = created.json().sessions as SessionOut[];
    expect(sessions.map((s) => s.startsAt)).toEqual([
      '2026-03-17T08:00:00.000Z',
      '2026-03-24T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-07T07:00:00.000Z',
    ]);
    expect(sessions.map((s) => wallClock(s.startsAt, 'Europe/Paris').time)).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect(sessions[0].recurrenceText).toBe('every week on Tuesday for 4 times');

    const list = await w.coachee.get(`/api/engagements/${w.engagementId}/sessions`);
    expect(list.statusCode).toBe(200);
    expect(list.json().sessions).toHaveLength(4);
    expect(list.json().sessions[0]).toMatchObject({ videoUrl: 'https://meet.example.com/abc', stage: null, status: 'scheduled' });
    expect(list.json().package).toEqual({ contractId: null, held: 0, included: null, used: 0, left: null });

    // A sponsor sees attendance only: when, and whether it happened.
    const sponsorView = await w.sponsor.get(`/api/sessions/${sessions[0].id}`);
    expect(sponsorView.statusCode).toBe(200);
    expect(Object.keys(sponsorView.json()).sort()).toEqual(
      ['durationMinutes', 'endsAt', 'engagementId', 'id', 'recurrence', 'recurrenceText', 'seriesId', 'startsAt', 'status', 'timeZone'].sort(),
    );
    expect(sponsorView.json().recurrence).toBeNull();

    const refused = await w.coachee.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
    });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).message).toMatch(/A coachee can't do that in this engagement/);
  });

  it('refuses an unknown time zone or an unreadable rule with a sentence per field', async () => {
    const w = await buildWorld(ctx().app);
    const zone = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Paris',
    });
    expect(zone.statusCode).toBe(400);
    expect(errorOf(zone).fields?.timeZone).toBe('Use an IANA time zone name such as Europe/Paris or America/New_York.');
    const rule = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
      recurrence: { cadence: 'custom', rule: 'FREQ=MINUTELY' },
    });
    expect(rule.statusCode).toBe(400);
    expect(errorOf(rule).fields?.recurrence).toBe('Sessions repeat at most daily: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.');
    const short = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 5,
      timeZone: 'Europe/Paris',
    });
    expect(errorOf(short).fields?.durationMinutes).toBe('A session lasts at least 15 minutes.');
  });

  it('a monthly series from the 31st lands on the last day of shorter months', async () => {
    const w = await buildWorld(ctx().app);
    const sessions = await schedule(w, { startsAt: '2026-01-31T10:00:00+01:00', recurrence: { cadence: 'monthly', count: 4 } });
    expect(sessions.map((s) => wallClock(s.startsAt, 'Europe/Paris').date)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('reschedules one occurrence, or this and the following; cancels the rest of a series; records attendance', async () => {
    const w = await buildWorld(ctx().app);
    const s = await schedule(w, { startsAt: '2026-03-03T09:00:00+01:00', recurrence: { cadence: 'weekly', count: 5 } });

    // One occurrence moves to Wednesday 14:00; the others stay.
    const one = await w.coach.patch(`/api/sessions/${s[1].id}`, { scope: 'one', startsAt: '2026-03-11T14:00:00+01:00' });
    expect(one.statusCode).toBe(200);
    expect(one.json().sessions).toHaveLength(1);

    // From the third session on, the series moves to Thursdays at 10:30 — across the DST change.
    const following = await w.coach.patch(`/api/sessions/${s[2].id}`, { scope: 'following', startsAt: '2026-03-19T10:30:00+01:00' });
    expect(following.statusCode).toBe(200);
    const moved = following.json().sessions as SessionOut[];
    expect(moved.map((m) => `${wallClock(m.startsAt, 'Europe/Paris').date} ${wallClock(m.startsAt, 'Europe/Paris').time}`)).toEqual([
      '2026-03-19 10:30',
      '2026-03-26 10:30',
      '2026-04-02 10:30',
    ]);
    expect(moved[0].seriesId).not.toBe(s[0].seriesId);

    const list = async () => (await w.coach.get(`/api/engagements/${w.engagementId}/sessions`)).json().sessions as SessionOut[];
    const local = (x: SessionOut) => `${wallClock(x.startsAt, 'Europe/Paris').date} ${wallClock(x.startsAt, 'Europe/Paris').time}`;
    expect((await list()).map(local)).toEqual(['2026-03-03 09:00', '2026-03-11 14:00', '2026-03-19 10:30', '2026-03-26 10:30', '2026-04-02 10:30']);

    // Cancel the last two; mark the first as a no-show, the second as held.
    const cancel = await w.coach.patch(`/api/sessions/${moved[1].id}`, { scope: 'following', status: 'cancelled', cancelReason: 'Holidays' });
    expect(cancel.json().sessions.map((x: SessionOut) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect((await w.coach.patch(`/api/sessions/${s[0].id}`, { status: 'no_show' })).statusCode).toBe(200);
    expect((await w.coach.patch(`/api/sessions/${s[1].id}`, { status: 'held' })).statusCode).toBe(200);
    expect((await list()).map((x) => x.status)).toEqual(['no_show', 'held', 'scheduled', 'cancelled', 'cancelled']);

    const pkg = (await w.sponsor.get(`/api/engagements/${w.engagementId}/sessions`)).json();
    expect(pkg.package.used).toBe(1);
    expect(pkg.sessions.map((x: SessionOut) => x.status)).toEqual(['no_show', 'held', 'scheduled', 'cancelled', 'cancelled']);

    const back = await w.coach.patch(`/api/sessions/${s[1].id}`, { status: 'scheduled' });
    expect(back.statusCode).toBe(409);
    expect(errorOf(back).message).toBe('A held session can’t go back to scheduled.');
    expect((await w.coachee.patch(`/api/sessions/${s[2].id}`, { status: 'cancelled' })).statusCode).toBe(403);
  });

  it('runs a session: WIFLE, Verify, In Progress, Pull, Commitments, then the recap; the next session opens with the review', async () => {
    const w = await buildWorld(ctx().app);
    const b = await boardOf(w);
    const toVerify = await readyCard(w, b.verify.id, 'Draft the team charter', b.todo.id);
    const inProgress = await readyCard(w, b.doing.id, 'Interview three peers', b.todo.id);
    const goal = await makeCard(w, { columnId: b.todo.id, type: 'goal', title: 'Lead with clarity' });
    const toPull = await makeCard(w, { columnId: b.todo.id, type: 'task', title: 'Write my first one-to-one agenda' }, 'coachee');
    const [first, second] = await schedule(w, { startsAt: '2026-03-17T09:00:00+01:00', recurrence: { cadence: 'weekly', count: 2 } });

    // Only one step at a time, starting with WIFLE.
    const skip = await w.coachee.post(`/api/sessions/${first.id}/stage`, { stage: 'pull' });
    expect(skip.statusCode).toBe(409);
    expect(errorOf(skip).message).toBe('A session starts with WIFLE: everyone clears the air before the board is read.');
    const started = await w.coachee.post(`/api/sessions/${first.id}/stage`, { stage: 'wifle' });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ stage: 'wifle', review: { kept: 0, missed: 0, items: [] } });
    expect((await w.coachee.put(`/api/sessions/${first.id}/wifle`, { note: 'Tired but keen', done: true })).statusCode).toBe(200);
    expect((await w.coach.put(`/api/sessions/${first.id}/wifle`, { done: true })).statusCode).toBe(200);
    const afterWifle = (await w.coach.get(`/api/sessions/${first.id}`)).json();
    expect(afterWifle.participants.map((p: { name: string; wifleNote: string; wifleDone: boolean }) => `${p.name}:${p.wifleNote}:${p.wifleDone}`)).toEqual([
      'Casey Coach::true',
      'Cory Coachee:Tired but keen:true',
    ]);
    const jump = await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'pull' });
    expect(errorOf(jump).message).toBe('One stage at a time: after WIFLE comes Verify.');

    // Verify: the coach accepts a card into Done through the board's own move.
    expect((await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'verify' })).statusCode).toBe(200);
    const coacheeAccept = await w.coachee.post(`/api/cards/${toVerify.id}/move`, { columnId: b.done.id, version: toVerify.version });
    expect(coacheeAccept.statusCode).toBe(403);
    expect((await w.coach.post(`/api/cards/${toVerify.id}/move`, { columnId: b.done.id, version: toVerify.version })).statusCode).toBe(200);

    // In Progress: a roadblock is raised on the card.
    expect((await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'in_progress' })).statusCode).toBe(200);
    const blocked = await w.coachee.patch(`/api/cards/${inProgress.id}`, { version: inProgress.version, blocked: true, blockedReason: 'Waiting for HR' });
    expect(blocked.statusCode).toBe(200);

    // Pull: the card lacks what it needs, so the move is refused until its gaps are filled.
    expect((await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'pull' })).statusCode).toBe(200);
    const early = await w.coachee.post(`/api/cards/${toPull.id}/move`, { columnId: b.doing.id, version: toPull.version });
    expect(errorOf(early).code).toBe('not_ready');
    const filled = await w.coachee.patch(`/api/cards/${toPull.id}`, {
      version: toPull.version,
      ownerId: w.coachee.user?.id,
      dueOn: '2026-03-23',
      definitionOfDone: [{ text: 'Agenda sent before the meeting' }],
      parentId: goal.id,
    });
    expect(filled.statusCode).toBe(200);
    expect((await w.coachee.post(`/api/cards/${toPull.id}/move`, { columnId: b.doing.id, version: filled.json().version })).statusCode).toBe(200);

    const tooEarly = await w.coach.post(`/api/sessions/${first.id}/close`);
    expect(errorOf(tooEarly).message).toBe('Agree the commitments before closing: the session is at Pull. Go on to Commitments, then close.');

    // Commitments: a card created in the session without a due date holds the close back.
    expect((await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'commitments' })).statusCode).toBe(200);
    const extra = await makeCard(w, { columnId: b.todo.id, type: 'task', title: 'Book the offsite', ownerId: w.coach.user?.id });
    const lacking = await w.coach.post(`/api/sessions/${first.id}/close`);
    expect(lacking.statusCode).toBe(409);
    expect(errorOf(lacking).message).toBe('Each commitment needs an owner and a due date: complete “Book the offsite”, then close the session.');
    expect((await w.coach.patch(`/api/cards/${extra.id}`, { version: extra.version, dueOn: '2026-03-20' })).statusCode).toBe(200);

    const closed = await w.coachee.post(`/api/sessions/${first.id}/close`);
    expect(closed.statusCode).toBe(200);
    const recap = closed.json();
    expect(recap.completed.map((c: { title: string }) => c.title)).toEqual(['Draft the team charter']);
    expect(recap.moved).toEqual([{ cardId: toPull.id, title: 'Write my first one-to-one agenda', from: 'To Do', to: 'In Progress' }]);
    expect(recap.blocked).toEqual([{ cardId: inProgress.id, title: 'Interview three peers', reason: 'Waiting for HR' }]);
    expect(recap.commitments.map((c: { title: string; ownerName: string; dueOn: string }) => `${c.title} · ${c.ownerName} · ${c.dueOn}`).sort()).toEqual([
      'Book the offsite · Casey Coach · 2026-03-20',
      'Write my first one-to-one agenda · Cory Coachee · 2026-03-23',
    ]);
    expect(recap.nextSession).toEqual({ id: second.id, startsAt: second.startsAt, timeZone: 'Europe/Paris' });

    // Both see the same recap; it was emailed to both.
    const coachRecap = (await w.coach.get(`/api/sessions/${first.id}/recap`)).json();
    expect(coachRecap).toEqual((await w.coachee.get(`/api/sessions/${first.id}/recap`)).json());
    await drainJobs(ctx().app);
    expect(ctx().mailer.lastTo(w.coachee.user?.email as string)?.subject).toBe('Session recap · Leadership coaching');

    const mdRes = await w.coachee.get(`/api/sessions/${first.id}/recap.md`);
    expect(mdRes.headers['content-type']).toMatch(/text\/markdown/);
    expect(mdRes.body).toContain('## New commitments');
    expect(mdRes.body).toContain('- Write my first one\\-to\\-one agenda (owner: Cory Coachee, due 2026-03-23)');
    expect(mdRes.body).toContain('Tue 24 Mar 2026, 09:00 (Europe/Paris)');
    const pdfRes = await w.coach.get(`/api/sessions/${first.id}/recap.pdf`);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdfRes.rawPayload)).toContain('Draft the team charter');
    expect((await w.coach.get(`/api/sessions/${first.id}/recap?format=md`)).body).toBe(mdRes.body);

    // The session counts as held; it is final.
    const list = (await w.coach.get(`/api/engagements/${w.engagementId}/sessions`)).json();
    expect(list.sessions[0]).toMatchObject({ status: 'held', stage: 'recap' });
    expect(list.package.used).toBe(1);
    expect(errorOf(await w.coach.post(`/api/sessions/${first.id}/stage`, { stage: 'wifle' })).message).toBe('This session is closed; its recap is final.');

    // By the next session one commitment is in Verify (kept) and the other still in To Do (missed).
    const pulled = (await w.coach.get(`/api/cards/${toPull.id}`)).json();
    expect((await w.coachee.post(`/api/cards/${toPull.id}/move`, { columnId: b.verify.id, version: pulled.version })).statusCode).toBe(200);
    const opened = await w.coach.post(`/api/sessions/${second.id}/stage`, { stage: 'wifle' });
    expect(opened.json().review).toMatchObject({ kept: 1, missed: 1 });
    expect(
      opened
        .json()
        .review.items.map((i: { title: string; result: string }) => `${i.title}:${i.result}`)
        .sort(),
    ).toEqual(['Book the offsite:missed', 'Write my first one-to-one agenda:kept']);
    const after = (await w.coach.get(`/api/engagements/${w.engagementId}/sessions`)).json().sessions as SessionOut[];
    expect(after[0].commitments).toEqual({ made: 2, kept: 1, missed: 1, reliability: 0.5 });
    // Reviewing happens once: stepping back to WIFLE doesn't review again.
    await w.coach.post(`/api/sessions/${second.id}/stage`, { stage: 'verify' });
    await w.coach.post(`/api/sessions/${second.id}/stage`, { stage: 'wifle' });
    expect((await w.coach.get(`/api/sessions/${second.id}`)).json().review).toMatchObject({ kept: 1, missed: 1 });
  });

  it('explicit commitments: added and taken back while the session runs, refused before and after', async () => {
    const w = await buildWorld(ctx().app);
    const b = await boardOf(w);
    const card = await readyCard(w, b.doing.id, 'Keep a decision journal', b.todo.id);
    const [s] = await schedule(w, { startsAt: '2026-05-05T09:00:00+02:00' });
    const before = await w.coach.post(`/api/sessions/${s.id}/commitments`, { cardId: card.id });
    expect(errorOf(before).message).toBe('Commitments are made during a session. Start the session first.');
    await runToCommitments(w, s.id);
    expect((await w.coachee.post(`/api/sessions/${s.id}/commitments`, { cardId: card.id })).statusCode).toBe(200);
    const detail = (await w.coachee.get(`/api/sessions/${s.id}`)).json();
    expect(detail.commitmentList.map((c: { title: string; ownerName: string }) => `${c.title}:${c.ownerName}`)).toEqual([
      'Keep a decision journal:Cory Coachee',
    ]);
    expect((await w.coachee.delete(`/api/commitments/${detail.commitmentList[0].id}`)).statusCode).toBe(200);
    expect((await w.coachee.get(`/api/sessions/${s.id}`)).json().commitmentList).toEqual([]);
    expect((await w.coachee.post(`/api/sessions/${s.id}/commitments`, { cardId: card.id })).statusCode).toBe(200);
    expect((await w.coach.post(`/api/sessions/${s.id}/close`)).json().commitments).toHaveLength(1);
    const after = await w.coach.post(`/api/sessions/${s.id}/commitments`, { cardId: card.id });
    expect(errorOf(after).message).toBe('This session is closed; its commitments are final. Add new ones in the next session.');
  });

  it('sessions held count against the package of the signed contract', async () => {
    const w = await buildWorld(ctx().app);
    const contract = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'organization',
      startsOn: '2026-01-01',
      endsOn: '2030-03-31',
      rate: { amountMinor: 900000, currency: 'eur', unit: 'fixed', sessionsIncluded: 12 },
      goals: [{ id: 'goal-a', what: 'Delegate with confidence', howMeasured: 'Team survey', target: '4 of 5', byWhen: '2030-03-15' }],
      deliverables: [{ id: 'del-1', description: 'Delegation plan', acceptanceCriteria: 'Agreed with the team', dueOn: '2030-01-31', goalId: 'goal-a' }],
      signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }],
    });
    expect(contract.statusCode, contract.body).toBe(201);
    const id = contract.json().id;
    expect((await w.coach.post(`/api/contracts/${id}/send`)).statusCode).toBe(200);
    for (const who of ['sponsor', 'coach'] as const) {
      const signed = await w[who].post(`/api/contracts/${id}/sign`, { typedName: w[who].user?.name, consent: true });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    const before = await schedule(w, { startsAt: '2025-12-18T09:00:00+01:00' });
    await w.coach.patch(`/api/sessions/${before[0].id}`, { status: 'held' });
    const s = await schedule(w, { startsAt: '2026-01-08T09:00:00+01:00', recurrence: { cadence: 'weekly', count: 3 } });
    await w.coach.patch(`/api/sessions/${s[0].id}`, { status: 'held' });
    await w.coach.patch(`/api/sessions/${s[1].id}`, { status: 'held' });
    await w.coach.patch(`/api/sessions/${s[2].id}`, { status: 'no_show' });
    // Three held; the one before the contract started does not use the package.
    const pkg = (await w.sponsor.get(`/api/engagements/${w.engagementId}/sessions`)).json().package;
    expect(pkg).toEqual({ contractId: id, held: 3, included: 12, used: 2, left: 10 });
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}`)).json().pulse.sessions).toEqual(pkg);
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/metrics`)).json().sessions).toMatchObject({ held: 3, included: 12, left: 10 });
  });

  it('a cancelled session cannot be run', async () => {
    const w = await buildWorld(ctx().app);
    const [s] = await schedule(w, { startsAt: '2026-05-05T09:00:00+02:00' });
    await w.coach.patch(`/api/sessions/${s.id}`, { status: 'cancelled' });
    const res = await w.coachee.post(`/api/sessions/${s.id}/stage`, { stage: 'wifle' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).message).toBe('This session was cancelled, so it can’t be run. Schedule a new one instead.');
  });

  it('schedules and moves sessions only within five years of today, and refuses rules that never occur at once', async () => {
    const w = await buildWorld(ctx().app, 'Far-off sessions');
    const url = `/api/engagements/${w.engagementId}/sessions`;
    const inYears = (years: number) => new Date(Date.now() + years * 365.25 * 86_400_000).toISOString().slice(0, 10);
    const at = (date: string) => ({ startsAt: `${date}T09:00:00+01:00`, durationMinutes: 60, timeZone: 'Europe/Paris' });
    for (const date of ['0000-01-01', '9999-12-31', inYears(6), inYears(-6)]) {
      const res = await w.coach.post(url, at(date));
      expect(res.statusCode, date).toBe(400);
      expect(errorOf(res).fields?.startsAt ?? errorOf(res).message).toMatch(
        /^(Schedule sessions within 5 years of today, between \d{4}-\d{2}-\d{2} and \d{4}-\d{2}-\d{2}|Pick a date between 2000-01-01 and 2099-12-31)\.$/,
      );
    }
    const near = await w.coach.post(url, at(inYears(4.5)));
    expect(near.statusCode, near.body).toBe(201);
    const moved = await w.coach.patch(`/api/sessions/${near.json().sessions[0].id}`, { startsAt: '9999-02-02T09:00:00+01:00' });
    expect(moved.statusCode).toBe(400);

    const started = performance.now();
    const never = await w.coach.post(url, { ...at(inYears(0.1)), recurrence: { cadence: 'custom', rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;BYDAY=MO' } });
    expect(never.statusCode).toBe(400);
    expect(errorOf(never).message).toMatch(/^This rule gives no session between the first date and \d{4}-\d{2}-\d{2}\./);
    expect(performance.now() - started).toBeLessThan(1000);
    for (const rule of ['FREQ=WEEKLY;BYDAY=XX', 'FREQ=MONTHLY;BYSETPOS=400;BYDAY=MO']) {
      const res = await w.coach.post(url, { ...at(inYears(0.1)), recurrence: { cadence: 'custom', rule } });
      expect(res.statusCode, rule).toBe(400);
      expect(errorOf(res).fields?.recurrence).toMatch(/^(Give BYDAY as two-letter weekdays|With FREQ=MONTHLY, give BYSETPOS from 1 to 31)/);
    }
    expect((await w.coach.get(url)).json().sessions).toHaveLength(1);
  });
});
