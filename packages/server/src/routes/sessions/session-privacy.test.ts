import { expect, it } from 'vitest';
import { describeEachEngine, drainJobs, errorOf } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { boardOf, readyCard, runToCommitments, schedule } from '../../test/session-helpers.js';
import { openStream } from '../../test/sse.js';
import { buildWorld } from '../../test/world.js';

const SECRET = 'PRIVATE-7f3a: worried the coachee is burning out';
const SHARED = 'SHARED-41c2: agreed to try weekly one-to-ones';

describeEachEngine('session notes privacy', (ctx) => {
  it('private notes reach the coach only: never the coachee or the sponsor, by any route', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const b = await boardOf(w);
    const card = await readyCard(w, b.doing.id, 'Practise the opening', b.todo.id);
    const [s] = await schedule(w, { startsAt: '2026-04-14T09:00:00+02:00' });

    const coachStream = await openStream(app, w.coach, w.engagementId);
    const coacheeStream = await openStream(app, w.coachee, w.engagementId);
    const sponsorStream = await openStream(app, w.sponsor, w.engagementId);
    try {
      await runToCommitments(w, s.id);
      await w.coach.post(`/api/sessions/${s.id}/commitments`, { cardId: card.id });
      const saved = await w.coach.put(`/api/sessions/${s.id}/notes`, { private: SECRET });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().private.body).toBe(SECRET);
      expect((await w.coachee.put(`/api/sessions/${s.id}/notes`, { shared: SHARED })).statusCode).toBe(200);

      // The coach reads both.
      const coachNotes = (await w.coach.get(`/api/sessions/${s.id}/notes`)).json();
      expect(coachNotes).toMatchObject({ shared: { body: SHARED, updatedBy: 'Cory Coachee' }, private: { body: SECRET, updatedBy: 'Casey Coach' } });

      // The coachee reads the shared notes only, and can't write private ones.
      const coacheeNotes = await w.coachee.get(`/api/sessions/${s.id}/notes`);
      expect(coacheeNotes.json()).toEqual({ shared: expect.objectContaining({ body: SHARED }) });
      expect(coacheeNotes.body).not.toContain('PRIVATE-7f3a');
      const write = await w.coachee.put(`/api/sessions/${s.id}/notes`, { private: 'mine' });
      expect(write.statusCode).toBe(403);
      expect(errorOf(write).message).toBe('Private notes are for the coach only.');

      // The sponsor reads no notes at all.
      const sponsorNotes = await w.sponsor.get(`/api/sessions/${s.id}/notes`);
      expect(sponsorNotes.statusCode).toBe(403);
      expect(sponsorNotes.body).not.toContain('7f3a');

      const closed = await w.coach.post(`/api/sessions/${s.id}/close`);
      expect(closed.statusCode).toBe(200);
      expect(closed.body).not.toContain('PRIVATE-7f3a');
      expect(closed.json().sharedNotes).toBe(SHARED);

      // Nothing the coachee or sponsor can fetch carries the private note.
      for (const who of ['coachee', 'sponsor'] as const) {
        const client = w[who];
        for (const url of [
          `/api/sessions/${s.id}`,
          `/api/engagements/${w.engagementId}/sessions`,
          `/api/sessions/${s.id}/recap`,
          `/api/sessions/${s.id}/recap.md`,
          `/api/sessions/${s.id}/recap?format=md`,
          `/api/sessions/${s.id}/calendar.ics`,
        ]) {
          const res = await client.get(url);
          expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
          expect(res.body, `${who} ${url}`).not.toContain('PRIVATE-7f3a');
        }
      }
      const coacheeMd = await w.coachee.get(`/api/sessions/${s.id}/recap.md`);
      expect(coacheeMd.body).toContain(SHARED);
      const pdf = await w.coachee.get(`/api/sessions/${s.id}/recap.pdf`);
      const text = await pdfText(pdf.rawPayload);
      expect(text).toContain('SHARED-41c2');
      expect(text).not.toContain('PRIVATE-7f3a');
      expect((await w.sponsor.get(`/api/sessions/${s.id}/recap`)).statusCode).toBe(403);

      // Nor do the emails (the recap went out to the coachee, with the shared notes).
      await drainJobs(ctx().app);
      expect(ctx().mailer.lastTo(w.coachee.user?.email as string)?.text).toContain('SHARED-41c2');
      for (const m of ctx().mailer.sent) expect(m.text).not.toContain('PRIVATE-7f3a');

      // Live events: the coach is told of the private change; the coachee and sponsor are not.
      await coachStream.waitFor((e) => e.data?.type === 'session.private_notes_updated');
      await coacheeStream.waitFor((e) => e.data?.type === 'session.closed');
      await sponsorStream.waitFor((e) => e.data?.type === 'session.closed');
      expect(coacheeStream.events.some((e) => e.data?.type === 'session.notes_updated')).toBe(true);
      for (const stream of [coacheeStream, sponsorStream]) {
        expect(stream.events.some((e) => e.data?.type === 'session.private_notes_updated')).toBe(false);
        expect(JSON.stringify(stream.events)).not.toContain('PRIVATE-7f3a');
      }
      // The sponsor's stream carries attendance, not the session's work.
      expect(sponsorStream.events.some((e) => e.data?.type === 'session.notes_updated' || e.data?.type === 'session.stage_changed')).toBe(false);
      expect(JSON.stringify(coachStream.events)).not.toContain('PRIVATE-7f3a');
    } finally {
      coachStream.close();
      coacheeStream.close();
      sponsorStream.close();
    }

    // Replaying the log from the start (Last-Event-ID 0) leaks nothing either.
    const replay = await openStream(app, w.coachee, w.engagementId, 0);
    try {
      await replay.waitFor((e) => e.event === 'ready');
      expect(replay.events.some((e) => e.data?.type === 'session.private_notes_updated')).toBe(false);
    } finally {
      replay.close();
    }
  });
});
