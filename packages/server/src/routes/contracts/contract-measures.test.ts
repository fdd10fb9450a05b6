import { contractContentHash } from '@carriage/core';
import { expect, it } from 'vitest';
import { draft, type Json, signedBy } from '../../test/contracts.js';
import { describeEachEngine, errorOf } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { buildWorld } from '../../test/world.js';

const measure = {
  name: 'Evenings out of the office by six',
  unit: ' a week ',
  baseline: 1,
  baselineOn: '2030-01-01',
  target: 4,
  targetOn: '2030-03-15',
  direction: 'up',
  cadence: 'weekly',
};
const goal = { id: 'goal-a', what: 'Delegate with confidence', howMeasured: 'Evenings I leave by six', target: '4 a week', byWhen: '2030-03-15', measure };

describeEachEngine('a goal’s measure in the contract', (ctx) => {
  it('is stored with the goal, shown in the PDF and on the goal card, and signed as part of the content', async () => {
    const w = await buildWorld(ctx().app, 'Measured contract');
    const c = await draft(w, { goals: [goal] });
    expect(c.content.goals[0].measure).toEqual({ ...measure, unit: 'a week' });
    const before = c.contentSha256;
    expect(before).toBe(contractContentHash(c.content));
    // The same contract without the measure is a different document.
    expect(contractContentHash({ ...c.content, goals: [{ ...c.content.goals[0], measure: null }] })).not.toBe(before);

    const edited = await w.coach.patch(`/api/contracts/${c.id}`, { goals: [{ ...goal, measure: { ...measure, target: 5 } }] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().contentSha256).not.toBe(before);
    expect(edited.json().changes).toEqual([]);

    const signed = await signedBy(w, c.id);
    expect(signed.status).toBe('signed');
    const read = (await w.sponsor.get(`/api/contracts/${c.id}`)).json() as Json;
    expect(read.content.goals[0].measure.target).toBe(5);
    expect(read.signatures.every((s: Json) => s.contentSha256 === read.contentSha256)).toBe(true);
    expect((await w.sponsor.post('/api/contracts/verify', { sha256: read.contentSha256 })).json().match).toBe(true);

    const pdf = await w.coach.get(`/api/contracts/${c.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Measure: Evenings out of the office by six: from 1 a week on 2030-01-01');

    const amended = (await w.coach.post(`/api/contracts/${c.id}/versions`)).json() as Json;
    const changed = await w.coach.patch(`/api/contracts/${amended.id}`, { goals: [{ ...goal, measure: { ...measure, target: 3 } }] });
    expect(changed.json().changes).toEqual([
      expect.objectContaining({
        label: 'Goal changed',
        before: expect.stringContaining('to 5 a week by 2030-03-15'),
        after: expect.stringContaining('to 3 a week by 2030-03-15'),
      }),
    ]);
  });

  it('refuses a measure that is incomplete or points the wrong way, field by field', async () => {
    const w = await buildWorld(ctx().app, 'Measure input');
    const c = await draft(w);
    const bad = async (m: Json) => errorOf(await w.coach.patch(`/api/contracts/${c.id}`, { goals: [{ ...goal, measure: { ...measure, ...m } }] }));
    expect((await bad({ target: 0 })).fields).toEqual({ 'goals.0.measure.target': 'When higher is better, the target must be above the baseline.' });
    expect((await bad({ direction: 'down' })).fields).toEqual({ 'goals.0.measure.target': 'When lower is better, the target must be below the baseline.' });
    expect((await bad({ name: ' ' })).fields).toEqual({ 'goals.0.measure.name': 'Name what is counted, e.g. “evenings out of the office by six”.' });
    expect((await bad({ baseline: 1.23456 })).fields).toEqual({ 'goals.0.measure.baseline': 'Use at most four decimals.' });
    expect((await bad({ targetOn: '2029-12-31' })).fields).toEqual({ 'goals.0.measure.targetOn': 'The target date must be on or after the baseline date.' });
    expect((await bad({ cadence: 'daily' })).fields).toEqual({ 'goals.0.measure.cadence': 'Check in weekly or at each session.' });
    const res = await w.coach.patch(`/api/contracts/${c.id}`, { goals: [{ ...goal, measure: { ...measure, baseline: 'one' } }] });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toEqual({ 'goals.0.measure.baseline': 'Give the value as a number.' });
  });

  it('goes onto the goal card when the signed contract is put on the board', async () => {
    const w = await buildWorld(ctx().app, 'Measured board');
    const c = await draft(w, { goals: [goal] });
    await signedBy(w, c.id);
    const put = await w.coach.post(`/api/contracts/${c.id}/cards`);
    expect(put.statusCode, put.body).toBe(201);
    const goalCard = (put.json().cards as Json[]).find((x) => x.type === 'goal') as Json;
    const card = (await w.coachee.get(`/api/cards/${goalCard.id}`)).json() as Json;
    expect(card.description).toContain('**Measure:** Evenings out of the office by six: from 1 a week on 2030-01-01 to 4 a week by 2030-03-15');
  });
});
