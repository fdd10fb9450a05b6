import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, errorOf, signUpClient, TestClient } from '../../test/harness.js';
import { accept, buildWorld, people } from '../../test/world.js';

describeEachEngine('engagements', (ctx) => {
  it('a coach creates an individual engagement; the emailed link lets the coachee join', async () => {
    const { app, mailer } = ctx();
    const coach = await signUpClient(app, 'Ivy Coach');
    const res = await coach.post('/api/engagements', {
      title: 'Career transition',
      clientType: 'individual',
      coachee: { name: 'Ian Individual', email: 'Ian.Individual@Example.com' },
      startsOn: '2026-02-01',
      endsOn: '2026-04-30',
    });
    expect(res.statusCode).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      title: 'Career transition',
      clientType: 'individual',
      status: 'proposed',
      myRole: 'coach',
      startsOn: '2026-02-01',
      endsOn: '2026-04-30',
    });
    expect(e.invitations).toHaveLength(1);
    expect(e.otherParty).toBe('Ian Individual (invited)');

    // The invitation email is queued with the engagement and sent by the worker, not by the request.
    expect(mailer.lastTo('ian.individual@example.com')).toBeUndefined();
    await drainJobs(app);
    const mail = mailer.lastTo('ian.individual@example.com');
    expect(mail?.subject).toBe('Ivy Coach invited you to “Career transition” on Carriage');
    const token = /invitation#token=([\w-]+)/.exec(mail?.text ?? '')?.[1] as string;
    expect(token).toBe(e.invitations[0].token);

    const peek = await new TestClient(app).get(`/api/invitations/${token}/preview`);
    expect(peek.json()).toMatchObject({ engagementTitle: 'Career transition', role: 'coachee', invitedBy: 'Ivy Coach' });

    const ian = await signUpClient(app, 'Ian Individual', 'ian.individual@example.com');
    await accept(ian, token);
    const mine = await ian.get('/api/engagements');
    expect(mine.json().engagements).toHaveLength(1);
    expect(mine.json().engagements[0]).toMatchObject({ id: e.id, myRole: 'coachee', otherParty: 'Ivy Coach' });

    const coachList = await coach.get('/api/engagements');
    expect(coachList.json().engagements[0].otherParty).toBe('Ian Individual');

    const members = await coach.get(`/api/engagements/${e.id}/members`);
    expect(members.json().members.map((m: { role: string }) => m.role)).toEqual(['coach', 'coachee']);
  });

  it('creates an organization engagement inviting several coachees and a sponsor', async () => {
    const { app } = ctx();
    const coach = await signUpClient(app, 'Org Coach');
    const res = await coach.post('/api/engagements', {
      title: 'Team lead programme',
      clientType: 'organization',
      organizationName: 'Globex',
      coachees: [
        { name: 'Ann', email: 'ann@globex.example' },
        { name: 'Bob', email: 'bob@globex.example' },
      ],
      sponsors: [{ name: 'Sue', email: 'sue@globex.example' }],
    });
    expect(res.statusCode).toBe(201);
    const invites = await coach.get(`/api/engagements/${res.json().id}/invitations`);
    expect(
      invites
        .json()
        .invitations.map((i: { email: string; role: string; status: string }) => `${i.email}:${i.role}:${i.status}`)
        .sort(),
    ).toEqual(['ann@globex.example:coachee:pending', 'bob@globex.example:coachee:pending', 'sue@globex.example:sponsor:pending']);
  });

  it('refuses incomplete engagements with a sentence per field', async () => {
    const coach = await signUpClient(ctx().app, 'Careless Coach');
    const res = await coach.post('/api/engagements', { title: '', clientType: 'organization', startsOn: '2026-05-01', endsOn: '2026-04-01' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toEqual({
      title: 'Give the engagement a title.',
      organizationName: 'Enter the company’s name for an organization engagement.',
      endsOn: 'The end date must be on or after the start date.',
    });
    const badType = await coach.post('/api/engagements', { title: 'x', clientType: 'robot' });
    expect(errorOf(badType).fields?.clientType).toBe('Choose whether the client is an individual or an organization.');
    const badDate = await coach.post('/api/engagements', { title: 'x', clientType: 'individual', startsOn: '2026-02-30' });
    expect(errorOf(badDate).fields?.startsOn).toBe('That date does not exist.');
  });

  it('an expired, used or revoked link says so plainly', async () => {
    const { app, database } = ctx();
    const w = await buildWorld(app);
    const stranger = await signUpClient(app, 'Late Person', 'late2@example.com');

    const revoked = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'late@example.com', role: 'coachee' });
    expect((await w.coach.delete(`/api/invitations/${revoked.json().id}`)).statusCode).toBe(200);
    const r1 = await stranger.post(`/api/invitations/${revoked.json().token}/accept`);
    expect(r1.statusCode).toBe(410);
    expect(errorOf(r1).message).toBe('This invitation was withdrawn by the coach. Ask them for a new one if you should have access.');

    const expired = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'late2@example.com', role: 'sponsor' });
    await database.db.updateTable('invitations').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', expired.json().id).execute();
    const r2 = await stranger.post(`/api/invitations/${expired.json().token}/accept`);
    expect(r2.statusCode).toBe(410);
    expect(errorOf(r2).message).toBe('This invitation has expired. Ask your coach to resend it.');
    const listed = await w.coach.get(`/api/engagements/${w.engagementId}/invitations`);
    expect(listed.json().invitations.find((i: { id: string }) => i.id === expired.json().id).status).toBe('expired');

    // Resending gives a fresh link that works; the old one stops working.
    const resent = await w.coach.post(`/api/invitations/${expired.json().id}/resend`);
    expect(resent.statusCode).toBe(200);
    expect((await stranger.post(`/api/invitations/${expired.json().token}/accept`)).statusCode).toBe(410);
    await accept(stranger, resent.json().token);

    const r3 = await (await signUpClient(app, 'Third')).post(`/api/invitations/${resent.json().token}/accept`);
    expect(r3.statusCode).toBe(410);
    expect(errorOf(r3).message).toBe('This invitation has already been used. Log in to see the engagement, or ask your coach for a new link.');

    const bogus = await stranger.post(`/api/invitations/${'z'.repeat(43)}/accept`);
    expect(errorOf(bogus).message).toBe('This invitation link is not valid. Ask your coach to send a new one.');
  });

  it('only the invited address joins; another account gets a 403 saying whose it is, and may ask the coach, who lets them in', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app);
    const inv = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'pat.work@example.com', role: 'coachee' });
    const token = inv.json().token as string;
    const pat = await signUpClient(app, 'Pat Personal', `pat.home.${w.engagementId.toLowerCase()}@example.com`);

    const refused = await pat.post(`/api/invitations/${token}/accept`);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({
      code: 'wrong_account',
      message: `This invitation is for pat.work@example.com, and you are logged in as ${pat.user?.email}. Log in as pat.work@example.com to join (or create an account with that address), or ask the coach to let ${pat.user?.email} join instead.`,
    });
    expect((await pat.get(`/api/engagements/${w.engagementId}`)).statusCode).toBe(404);
    // A member of the engagement holding someone else's link gets the same refusal, not a way in under another role.
    expect((await w.sponsor.post(`/api/invitations/${token}/accept`)).statusCode).toBe(403);

    // Asking grants nothing until the coach approves; the coach sees who asked and is told by email.
    expect((await pat.post(`/api/invitations/${token}/request`)).statusCode).toBe(202);
    expect((await pat.get(`/api/engagements/${w.engagementId}`)).statusCode).toBe(404);
    // The request only queued the email; the worker sends it.
    const askedToJoin = () => mailer.sent.filter((m) => m.to === w.coach.user?.email && m.subject.includes('asked to join'));
    expect(askedToJoin()).toEqual([]);
    await drainJobs(app);
    expect(askedToJoin()).toHaveLength(1);
    const mail = mailer.lastTo(w.coach.user?.email as string);
    expect(mail?.subject).toBe('Pat Personal asked to join “Leadership coaching” on Carriage');
    expect(mail?.text).toContain(`http://carriage.test/e/${w.engagementId}/people`);
    const listed = (await w.coach.get(`/api/engagements/${w.engagementId}/invitations`)).json().invitations;
    const row = listed.find((i: { id: string }) => i.id === inv.json().id);
    expect(row).toMatchObject({ status: 'pending', joinRequest: { userId: pat.user?.id, name: 'Pat Personal', email: pat.user?.email } });
    // Only the coach manages invitations: the coachee can't approve.
    expect((await w.coachee.post(`/api/invitations/${inv.json().id}/approve`)).statusCode).toBe(403);

    const approved = await w.coach.post(`/api/invitations/${inv.json().id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ userId: pat.user?.id, role: 'coachee' });
    expect((await pat.get(`/api/engagements/${w.engagementId}`)).json().myRole).toBe('coachee');
    const after = (await w.coach.get(`/api/engagements/${w.engagementId}/invitations`)).json().invitations;
    expect(after.find((i: { id: string }) => i.id === inv.json().id)).toMatchObject({ status: 'accepted', joinRequest: null });
    // The link is used up, for the invited address too.
    const invited = await signUpClient(app, 'Pat Work', 'pat.work@example.com');
    expect((await invited.post(`/api/invitations/${token}/accept`)).statusCode).toBe(410);
    expect((await w.coach.post(`/api/invitations/${inv.json().id}/approve`)).statusCode).toBe(409);
  });

  it('asking to join is refused when it makes no sense, and approving needs someone who asked', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const inv = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, {
      email: `own.${w.engagementId.toLowerCase()}@example.com`,
      role: 'sponsor',
    });
    const nobody = await w.coach.post(`/api/invitations/${inv.json().id}/approve`);
    expect(nobody.statusCode).toBe(409);
    expect(errorOf(nobody).message).toBe('Nobody has asked to join with this invitation under another address.');
    const owner = await signUpClient(app, 'Own Address', `own.${w.engagementId.toLowerCase()}@example.com`);
    const own = await owner.post(`/api/invitations/${inv.json().token}/request`);
    expect(own.statusCode).toBe(409);
    expect(errorOf(own).message).toBe('This invitation is for your address: join with it directly.');
    const member = await w.coachee.post(`/api/invitations/${inv.json().token}/request`);
    expect(member.statusCode).toBe(409);
    expect(errorOf(member).code).toBe('already_member');
    expect((await new TestClient(app).post(`/api/invitations/${inv.json().token}/request`)).statusCode).toBe(401);
    expect((await w.outsider.post(`/api/invitations/${'z'.repeat(43)}/request`)).statusCode).toBe(410);
  });

  it('gives the coach a fresh link to share when the server does not email, without emailing it', async () => {
    const { app, mailer } = ctx();
    const w = await buildWorld(app);
    const address = `link.person.${w.engagementId.toLowerCase()}@example.com`;
    const stranger = await signUpClient(app, 'Link Person', address);
    // This server has no SMTP_URL: the coach is told, on creation and in the list.
    const invited = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: address, role: 'coachee' });
    expect(invited.json()).toMatchObject({ emailed: false, url: expect.stringContaining('/invitation#token=') });
    const listed = await w.coach.get(`/api/engagements/${w.engagementId}/invitations`);
    expect(listed.json().emailConfigured).toBe(false);

    const before = mailer.sent.length;
    const link = await w.coach.post(`/api/invitations/${invited.json().id}/link`);
    expect(link.statusCode).toBe(200);
    expect(link.json()).toMatchObject({ id: invited.json().id, status: 'pending', url: `http://carriage.test/invitation#token=${link.json().token}` });
    expect(mailer.sent.length).toBe(before);
    // The fresh link works and the earlier one no longer does.
    expect((await stranger.post(`/api/invitations/${invited.json().token}/accept`)).statusCode).toBe(410);
    await accept(stranger, link.json().token);
    const used = await w.coach.post(`/api/invitations/${invited.json().id}/link`);
    expect(used.statusCode).toBe(409);
    expect(errorOf(used).message).toBe('This invitation has already been accepted; the person is a member.');

    // Only the coach manages invitations.
    const other = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'other.person@example.com', role: 'sponsor' });
    expect((await w.coachee.post(`/api/invitations/${other.json().id}/link`)).statusCode).toBe(403);
    expect((await w.outsider.post(`/api/invitations/${other.json().id}/link`)).statusCode).toBe(404);
  });

  it('moves status along its flow only, and edits and archives', async () => {
    const w = await buildWorld(ctx().app);
    const url = `/api/engagements/${w.engagementId}`;
    const bad = await w.coach.patch(url, { status: 'completed' });
    expect(bad.statusCode).toBe(409);
    expect(errorOf(bad)).toMatchObject({
      code: 'illegal_transition',
      message: 'An engagement that is proposed can become active or cancelled, not completed.',
    });
    expect((await w.coach.patch(url, { status: 'active', title: 'Renamed' })).json()).toMatchObject({ status: 'active', title: 'Renamed' });
    expect((await w.coach.patch(url, { status: 'completed' })).json().status).toBe('completed');
    expect(errorOf(await w.coach.patch(url, { status: 'active' })).message).toBe("A completed engagement is closed and can't change status any more.");

    expect((await w.coach.patch(url, { archived: true })).json().archivedAt).not.toBeNull();
    const list = await w.coachee.get('/api/engagements');
    expect(list.json().engagements.map((e: { id: string }) => e.id)).not.toContain(w.engagementId);
    const archived = await w.coachee.get('/api/engagements?archived=true');
    expect(archived.json().engagements.map((e: { id: string }) => e.id)).toContain(w.engagementId);
  });

  it('a removed member loses access at once', async () => {
    const w = await buildWorld(ctx().app);
    expect((await w.coachee.get(`/api/engagements/${w.engagementId}`)).statusCode).toBe(200);
    const res = await w.coach.delete(`/api/engagements/${w.engagementId}/members/${w.coachee.user?.id}`);
    expect(res.statusCode).toBe(200);
    expect((await w.coachee.get(`/api/engagements/${w.engagementId}`)).statusCode).toBe(404);
    const self = await w.coach.delete(`/api/engagements/${w.engagementId}/members/${w.coach.user?.id}`);
    expect(self.statusCode).toBe(409);
  });

  it('a non-member gets 404 for everything, even guessable ids and bad bodies; a member without the right gets 403', async () => {
    const w = await buildWorld(ctx().app);
    const res = await w.outsider.get(`/api/engagements/${w.engagementId}`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).message).toBe("That engagement was not found, or you don't have access to it.");
    expect((await w.outsider.get('/api/engagements/doesnotexist')).statusCode).toBe(404);
    expect((await w.outsider.patch(`/api/engagements/${w.engagementId}`, { status: 42 })).statusCode).toBe(404);
    const forbidden = await w.coachee.patch(`/api/engagements/${w.engagementId}`, { title: 'Mine now' });
    expect(forbidden.statusCode).toBe(403);
    expect(errorOf(forbidden).message).toBe("A coachee can't do that in this engagement (engagement update). Ask the coach.");
    const p = await people(ctx().app);
    expect((await p.outsider.get('/api/engagements')).json().engagements.map((e: { id: string }) => e.id)).not.toContain(w.engagementId);
  });

  it('shows the next session, sessions held and deliverables done at a glance', async () => {
    const w = await buildWorld(ctx().app);
    const empty = (await w.coachee.get(`/api/engagements/${w.engagementId}`)).json();
    expect(empty.pulse).toEqual({
      nextSession: null,
      sessions: { contractId: null, held: 0, included: null, used: 0, left: null },
      deliverables: { done: 0, total: 0 },
      invoice: null,
    });
    const startsAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, { startsAt, durationMinutes: 60, timeZone: 'Europe/Paris' });
    expect(scheduled.statusCode).toBe(201);
    const list = (await w.sponsor.get('/api/engagements')).json().engagements.find((e: { id: string }) => e.id === w.engagementId);
    expect(Date.parse(list.pulse.nextSession.startsAt)).toBe(Date.parse(startsAt));
    expect(list.pulse.nextSession.timeZone).toBe('Europe/Paris');
  });

  it('keeps a started session as the next one until it closes, past its end, with its stage for those in the room only', async () => {
    const w = await buildWorld(ctx().app);
    const schedule = async (startsAt: string) =>
      (await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, { startsAt, durationMinutes: 60, timeZone: 'Europe/Paris' })).json().sessions[0];
    const late = await schedule(new Date(Date.now() - 2 * 3_600_000).toISOString());
    const later = await schedule(new Date(Date.now() + 3 * 86_400_000).toISOString());
    const pulseOf = async (who: typeof w.coach) => (await who.get(`/api/engagements/${w.engagementId}`)).json().pulse;
    const listedPulseOf = async (who: typeof w.coach) =>
      (await who.get('/api/engagements')).json().engagements.find((e: { id: string }) => e.id === w.engagementId).pulse;

    // The session two hours ago is over unstarted: the next is in three days, with what "Join now" needs.
    expect((await pulseOf(w.coachee)).nextSession).toEqual({
      id: later.id,
      startsAt: later.startsAt,
      endsAt: later.endsAt,
      timeZone: 'Europe/Paris',
      status: 'scheduled',
      stage: null,
    });

    // Started late, it runs past its end: it is the session to join for both people in the room.
    expect((await w.coach.post(`/api/sessions/${late.id}/stage`, { stage: 'wifle' })).statusCode).toBe(200);
    for (const who of [w.coach, w.coachee]) {
      for (const pulse of [await pulseOf(who), await listedPulseOf(who)]) {
        expect(pulse.nextSession).toMatchObject({ id: late.id, endsAt: late.endsAt, status: 'scheduled', stage: 'wifle' });
        expect(pulse.sessions.held).toBe(0);
      }
    }
    // The sponsor sees that it happens, never where the checkpoint stands.
    for (const pulse of [await pulseOf(w.sponsor), await listedPulseOf(w.sponsor)]) {
      expect(pulse.nextSession).toMatchObject({ id: late.id, status: 'scheduled', stage: null });
    }

    for (const stage of ['verify', 'in_progress', 'pull', 'commitments']) {
      expect((await w.coach.post(`/api/sessions/${late.id}/stage`, { stage })).statusCode).toBe(200);
    }
    expect((await pulseOf(w.coachee)).nextSession.stage).toBe('commitments');
    // Closed, it counts as held and the next one comes up again, for everyone.
    expect((await w.coach.post(`/api/sessions/${late.id}/close`)).statusCode).toBe(200);
    for (const who of [w.coach, w.coachee, w.sponsor]) {
      const pulse = await pulseOf(who);
      expect(pulse.nextSession).toMatchObject({ id: later.id, stage: null });
      expect(pulse.sessions.held).toBe(1);
    }
  });

  it('tells each role what they may do', async () => {
    const w = await buildWorld(ctx().app);
    const coach = (await w.coach.get(`/api/engagements/${w.engagementId}`)).json();
    const sponsor = (await w.sponsor.get(`/api/engagements/${w.engagementId}`)).json();
    expect(coach.abilities).toContain('engagement.update');
    expect(sponsor.myRole).toBe('sponsor');
    expect(sponsor.abilities).not.toContain('engagement.update');
    expect(sponsor.abilities).not.toContain('board.read');
    expect(sponsor.abilities).toContain('metrics.read');
  });
});
