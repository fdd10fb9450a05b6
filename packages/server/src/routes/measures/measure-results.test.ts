import { expect, it } from 'vitest';
import { csvCell } from '../../services/metrics/export-engagement.js';
import type { Json } from '../../test/contracts.js';
import { describeEachEngine } from '../../test/harness.js';
import { seedMeasureFixture } from '../../test/measure-fixture.js';
import { checkIn, measuredGoal } from '../../test/measures.js';
import { pdfText } from '../../test/pdf.js';
import { runToCommitments, schedule } from '../../test/session-helpers.js';
import { buildWorld } from '../../test/world.js';

/** The figures of core's measure fixture (worked out in measures.test.ts), read through the API. */
describeEachEngine('measures in the results', (ctx) => {
  it('the results show each measured goal’s values, share of the way, trend and lateness as of any day, and its cards', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Measured results');
    const g = await seedMeasureFixture(app.db, w);
    const goalOf = async (asOf: string, who = w.coachee) =>
      ((await who.get(`/api/engagements/${w.engagementId}/metrics?asOf=${asOf}`)).json().goals as Json[]).find((x) => x.cardId === g.cardId);

    // Before the correction was recorded (23 Sep), the first value for 15 Sep stood.
    const early = await goalOf('2026-09-22');
    expect(early?.measure.points.map((p: Json) => [p.on, p.value])).toEqual([
      ['2026-09-08', 2],
      ['2026-09-15', 1],
      ['2026-09-22', 3],
    ]);

    const oct6 = (await goalOf('2026-10-06')) as Json;
    expect(oct6.measure.points.map((p: Json) => [p.on, p.value, p.corrected])).toEqual([
      ['2026-09-08', 2, false],
      ['2026-09-15', 2, true],
      ['2026-09-22', 3, false],
      ['2026-10-06', 3, false],
    ]);
    expect(oct6.measure.progress.share).toBeCloseTo(2 / 3, 12);
    expect(oct6.measure.progress.midpoint).toEqual({ on: '2026-09-15', value: 2 });
    expect(oct6.measure.progress.trend.heading).toBe('toward');
    expect(oct6.measure.progress.trend.perWeek).toBeCloseTo(2 / 7, 12);
    expect(oct6.measure.progress.due).toEqual({ since: '2026-10-06', missed: 0, dueOn: '2026-10-13' });
    // The goal's progress shows its cards too: the contract's one deliverable, not done.
    expect(oct6).toMatchObject({ linked: 1, finished: 0, progress: 0 });

    const oct20 = (await goalOf('2026-10-20')) as Json;
    expect(oct20.measure.progress.trend.heading).toBe('away');
    expect(oct20.measure.progress.trend.perWeek).toBeCloseTo(-17 / 35, 12);
    expect((await goalOf('2026-11-03'))?.measure.progress.due).toEqual({ since: '2026-10-20', missed: 2, dueOn: '2026-10-27' });

    // The sponsor sees the goal, its measure and its values only once it is shared.
    expect(await goalOf('2026-10-06', w.sponsor)).toBeUndefined();
    await w.coachee.put(`/api/cards/${g.cardId}/sharing`, { shared: true });
    const shared = (await goalOf('2026-10-06', w.sponsor)) as Json;
    expect(shared.measure.progress.share).toBeCloseTo(2 / 3, 12);
    expect(JSON.stringify(shared)).not.toContain('I forgot Friday');
  });

  it('the exports hold each measure with every value recorded, corrected ones marked', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Measured export');
    const g = await seedMeasureFixture(app.db, w);
    const csv = await w.coachee.get(`/api/engagements/${w.engagementId}/check-ins.csv`);
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body.trim().split('\r\n');
    expect(header).toBe(
      'goal_card_id,goal,measure,unit,direction,cadence,baseline,baseline_on,target,target_on,check_in_id,on,value,note,recorded_by,recorded_at,corrects_id,corrected_by_id,stands',
    );
    // Cells split on the commas outside quotes (the goal's title holds one).
    const cell = (r: string, i: number) => (r.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g) ?? []).map((c) => c.replace(/,$/, ''))[i];
    expect(rows.map((r) => [cell(r, 11), cell(r, 12), cell(r, 18)])).toEqual([
      ['2026-09-08', '2', 'yes'],
      ['2026-09-15', '1', 'no'],
      ['2026-09-22', '3', 'yes'],
      ['2026-09-15', '2', 'yes'],
      ['2026-10-06', '3', 'yes'],
      ['2026-10-13', '2', 'yes'],
      ['2026-10-20', '1', 'yes'],
    ]);
    expect(
      rows[0].startsWith(
        `${csvCell(g.cardId)},"Leave the office at six, four days a week",Evenings out of the office by six,a week,up,weekly,1,2026-09-01,4,2026-12-15,`,
      ),
    ).toBe(true);
    // Ids are random and may begin with "-": the export guards such cells against spreadsheet formulas.
    expect(cell(rows[1], 17)).toBe(csvCell(g.ids.get('c4')));
    expect(cell(rows[3], 16)).toBe(csvCell(g.ids.get('c2')));
    expect((await w.sponsor.get(`/api/engagements/${w.engagementId}/check-ins.csv`)).statusCode).toBe(403);

    const json = (await w.coach.get(`/api/engagements/${w.engagementId}/export.json`)).json();
    expect(json.measures).toHaveLength(1);
    expect(json.measures[0]).toMatchObject({ cardId: g.cardId, goalId: 'goal-evenings', measure: { name: 'Evenings out of the office by six', target: 4 } });
    expect(json.measures[0].checkIns.map((c: Json) => [c.on, c.value, c.correctsId === g.ids.get('c2')])).toEqual([
      ['2026-09-08', 2, false],
      ['2026-09-15', 1, false],
      ['2026-09-22', 3, false],
      ['2026-09-15', 2, true],
      ['2026-10-06', 3, false],
      ['2026-10-13', 2, false],
      ['2026-10-20', 1, false],
    ]);
    expect(json.measures[0].checkIns[6].note).toBe('A launch week');
  });

  it('the portfolio flags a goal two check-ins late and one whose trend runs away from its target', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Measured portfolio');
    await seedMeasureFixture(app.db, w);
    const entry = ((await w.coach.get('/api/portfolio')).json().engagements as Json[]).find((e) => e.id === w.engagementId) as Json;
    // The latest value is about 20 October; a week later one was due, and every week since another.
    const weeks = Math.floor((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse('2026-10-20')) / (7 * 86_400_000));
    expect(weeks).toBeGreaterThanOrEqual(2);
    expect(entry.health).toMatchObject({ lateCheckIns: 1, measuresAwayFromTarget: 1 });
    expect(entry.attention.reasons).toEqual(
      expect.arrayContaining([
        `“Leave the office at six, four days a week”: no check-in for ${weeks} weeks`,
        '“Leave the office at six, four days a week” is moving away from its target',
      ]),
    );

    // A value recorded today, on the way up again: neither late nor running away.
    await checkIn(w.coachee, (await w.coachee.get(`/api/engagements/${w.engagementId}/measures`)).json().goals[0].cardId, {
      value: 4,
      on: new Date().toISOString().slice(0, 10),
    });
    const after = ((await w.coach.get('/api/portfolio')).json().engagements as Json[]).find((e) => e.id === w.engagementId) as Json;
    expect(after.health).toMatchObject({ lateCheckIns: 0, measuresAwayFromTarget: 0 });
  });

  it('the sponsor report gives each shared goal’s measure as baseline, midpoint and latest with their dates, and nothing of an unshared one', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Measured sponsor report');
    const g = await seedMeasureFixture(app.db, w);
    const report = async (who = w.sponsor) => (await who.get(`/api/engagements/${w.engagementId}/sponsor-report?asOf=2026-10-06`)).json();
    expect((await report()).goals).toEqual([]);
    expect(JSON.stringify(await report(w.coachee))).not.toContain('Evenings out of the office');
    await w.coachee.put(`/api/cards/${g.cardId}/sharing`, { shared: true });
    const [goal] = (await report()).goals;
    expect(goal.measure).toEqual({
      name: 'Evenings out of the office by six',
      unit: 'a week',
      direction: 'up',
      target: 4,
      targetOn: '2026-12-15',
      baseline: { on: '2026-09-01', value: 1 },
      midpoint: { on: '2026-09-15', value: 2 },
      latest: { on: '2026-10-06', value: 3 },
      share: expect.closeTo(2 / 3, 12),
      reached: false,
      trend: 'toward',
    });
    const pdf = await w.sponsor.get(`/api/engagements/${w.engagementId}/sponsor-report.pdf?asOf=2026-10-06`);
    const words = (await pdfText(pdf.rawPayload)).replace(/\s+/g, '');
    expect(words).toContain(
      'Evenings out of the office by six: baseline 1 a week on 1 September 2026 → midpoint 2 a week on 15 September 2026 → latest 3 a week on 6 October 2026.'.replace(
        /\s+/g,
        '',
      ),
    );
    expect(words).toContain('Target4aweekby15December2026;67%oftheway.');
  });

  it('the session recap lists the values recorded since the previous session', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Recap check-ins');
    const g = await measuredGoal(w);
    const today = new Date().toISOString().slice(0, 10);
    const [first, second] = await schedule(w, { startsAt: '2026-09-14T09:00:00+02:00', recurrence: { cadence: 'weekly', count: 2 } });
    const before = await checkIn(w.coachee, g.cardId, { value: 2, on: '2026-09-08', note: 'Two evenings' });
    await runToCommitments(w, first.id);
    await checkIn(w.coach, g.cardId, { value: 3, on: '2026-09-14', sessionId: first.id });
    const closed = await w.coach.post(`/api/sessions/${first.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().checkIns.map((c: Json) => [c.on, c.value, c.note, c.recordedBy])).toEqual([
      ['2026-09-08', 2, 'Two evenings', 'Cory Coachee'],
      ['2026-09-14', 3, '', 'Casey Coach'],
    ]);

    await w.coachee.post(`/api/check-ins/${before.id}/corrections`, { value: 1, note: 'Only Monday counted' });
    await checkIn(w.coachee, g.cardId, { value: 4, on: today });
    await runToCommitments(w, second.id);
    const recap = (await w.coach.post(`/api/sessions/${second.id}/close`)).json();
    expect(recap.checkIns.map((c: Json) => [c.on, c.value, c.corrects])).toEqual([
      ['2026-09-08', 1, 2],
      [today, 4, null],
    ]);
    const md = (await w.coachee.get(`/api/sessions/${second.id}/recap.md`)).body;
    expect(md).toContain('## Check-ins since the previous session');
    expect(md.split('\n').find((l) => l.includes('Only Monday counted'))).toBe(
      '- Leave the office at six, four days a week · Evenings out of the office by six: 1 a week for 2026\\-09\\-08 \\(corrects 2 a week\\) — Only Monday counted, by Cory Coachee',
    );
  });
});
