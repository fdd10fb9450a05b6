// Every PDF Carriage hands out prints people's names and words exactly as they were typed, in any of the
// scripts the embedded fonts cover; emoji print as monochrome glyphs, never as "?" or garbage.
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { draft, signedBy } from '../test/contracts.js';
import { describeEachEngine, signUpClient } from '../test/harness.js';
import { pdfLines, pdfText, pdfTitle } from '../test/pdf.js';
import { boardOf, makeCard, runToCommitments, schedule } from '../test/session-helpers.js';
import { accept, type World } from '../test/world.js';

const COACH = 'Łukasz Wójcik 李明';
const COACHEE = 'Ελένη';
const SPONSOR = 'Дмитрий';
const TITLE = 'Leadership 🚀 리더십';

/** An engagement whose coach, coachee and sponsor write their names in four scripts. */
async function unicodeWorld(app: FastifyInstance): Promise<World> {
  const stamp = Math.random().toString(36).slice(2, 8);
  const coach = await signUpClient(app, COACH, `lukasz.${stamp}@example.com`);
  const coachee = await signUpClient(app, COACHEE, `eleni.${stamp}@example.com`);
  const sponsor = await signUpClient(app, SPONSOR, `dmitry.${stamp}@example.com`);
  const outsider = await signUpClient(app, 'Olly Outsider', `olly.${stamp}@example.com`);
  const res = await coach.post('/api/engagements', {
    title: TITLE,
    clientType: 'organization',
    organizationName: 'Société Générale d’Études',
    startsOn: '2026-01-05',
    endsOn: '2026-04-05',
  });
  expect(res.statusCode, res.body).toBe(201);
  const engagementId = res.json().id as string;
  for (const [client, role] of [
    [coachee, 'coachee'],
    [sponsor, 'sponsor'],
  ] as const) {
    const inv = await coach.post(`/api/engagements/${engagementId}/invitations`, { email: client.user?.email, role });
    expect(inv.statusCode, inv.body).toBe(201);
    await accept(client, inv.json().token);
  }
  return { coach, coachee, sponsor, outsider, engagementId };
}

describeEachEngine('PDFs print every name', (ctx) => {
  it('prints the signed contract with Latin Extended, Greek, Cyrillic, CJK names and emoji exactly', async () => {
    const w = await unicodeWorld(ctx().app);
    const c = await draft(w, {
      title: 'Contrat 🤝 合同',
      goals: [{ id: 'goal-a', what: 'Говорить уверенно 💬', howMeasured: 'Έρευνα ομάδας', target: '4 / 5', byWhen: '2030-03-15' }],
      deliverables: [
        { id: 'del-1', description: 'Plan für Übergabe — 移交计划', acceptanceCriteria: 'Zatwierdzony przez zespół', dueOn: '2030-01-31', goalId: 'goal-a' },
      ],
    });
    await signedBy(w, c.id);
    const res = await w.coach.get(`/api/contracts/${c.id}/pdf`);
    expect(res.statusCode).toBe(200);
    const lines = await pdfLines(res.rawPayload);
    expect(lines).toContain('Contrat 🤝 合同');
    expect(lines).toContain(`Coach: ${COACH}`);
    expect(lines).toContain('Client (organization): Société Générale d’Études');
    expect(lines).toContain('1. Говорить уверенно 💬');
    expect(lines).toContain('Measured by: Έρευνα ομάδας · Target: 4 / 5 · By: 2030-03-15');
    expect(lines).toContain('1. Plan für Übergabe — 移交计划');
    expect(lines).toContain('Accepted when: Zatwierdzony przez zespół');
    for (const [name, role] of [
      [COACH, 'coach'],
      [SPONSOR, 'sponsor'],
      [COACHEE, 'coachee'],
    ]) {
      expect(lines).toContain(`${name} (${role})`);
      expect(lines).toContain(`Typed name: ${name}. Consent to sign electronically: given.`);
    }
    expect(lines.some((l) => l.includes('?'))).toBe(false);
    expect(await pdfTitle(res.rawPayload)).toBe('Contrat 🤝 合同');
    // The same signed contract still prints to the same bytes.
    expect((await w.coachee.get(`/api/contracts/${c.id}/pdf`)).rawPayload.equals(res.rawPayload)).toBe(true);
  });

  it('prints the session recap with the names of owners and cards exactly', async () => {
    const w = await unicodeWorld(ctx().app);
    const b = await boardOf(w);
    const [session] = await schedule(w, { startsAt: '2026-03-17T09:00:00+01:00' });
    await runToCommitments(w, session.id);
    await makeCard(w, { columnId: b.todo.id, type: 'task', title: 'Написать план 📝', ownerId: w.coachee.user?.id, dueOn: '2026-03-24' });
    await makeCard(w, { columnId: b.todo.id, type: 'task', title: '准备议程', ownerId: w.coach.user?.id, dueOn: '2026-03-25' });
    expect((await w.coach.put(`/api/sessions/${session.id}/notes`, { shared: 'Ελένη 👍🏽 leads — 김민준 joins' })).statusCode).toBe(200);
    const closed = await w.coach.post(`/api/sessions/${session.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await w.coachee.post(`/api/sessions/${session.id}/addenda`, { body: 'Łukasz Wójcik 李明 will join' })).statusCode).toBe(201);

    const res = await w.coachee.get(`/api/sessions/${session.id}/recap.pdf`);
    expect(res.statusCode).toBe(200);
    const lines = await pdfLines(res.rawPayload);
    expect(lines).toContain(TITLE);
    expect(lines).toContain(`Написать план 📝 (owner: ${COACHEE}, due 2026-03-24)`);
    expect(lines).toContain(`准备议程 (owner: ${COACH}, due 2026-03-25)`);
    // A monochrome emoji cannot show a skin tone: the modifier is left out, the hand is not.
    expect(lines).toContain('Ελένη 👍 leads — 김민준 joins');
    expect(lines.some((l) => l.endsWith(`by ${COACHEE}: Łukasz Wójcik 李明 will join`))).toBe(true);
    expect(await pdfTitle(res.rawPayload)).toBe(`Session recap — ${TITLE}`);
  });

  it('prints the sponsor report with the coach, the client and the shared goals exactly', async () => {
    const w = await unicodeWorld(ctx().app);
    const b = await boardOf(w);
    const goal = await makeCard(w, { columnId: b.todo.id, type: 'goal', title: 'Équipe autonome 🎯 自主团队' });
    expect((await w.coachee.put(`/api/cards/${goal.id}/sharing`, { shared: true })).statusCode).toBe(200);

    const res = await w.sponsor.get(`/api/engagements/${w.engagementId}/sponsor-report.pdf`);
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    const lines = text.split('\n');
    expect(lines).toContain(TITLE);
    expect(lines).toContain(`Société Générale d’Études · coached by ${COACH}`);
    expect(lines).toContain('Équipe autonome 🎯 自主团队 · no cards yet');
    expect(text).not.toContain('?');
  });
});
