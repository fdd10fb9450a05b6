import { describe, expect, it } from 'vitest';
import { currentCheckIns } from './check-ins.js';
import { measureFixture as f } from './fixture.js';
import { measuredGoals } from './measured-goals.js';
import { measureProgress } from './progress.js';

/** The values that stand as of the end of a day: recorded by then, about a day up to then. */
const asOf = (day: string) =>
  currentCheckIns(f.checkIns.filter((c) => c.on <= day && c.recordedAt.slice(0, 10) <= day)).map((c) => ({ on: c.on, value: c.value }));

describe('check-ins and corrections', () => {
  it('a correction replaces the value it corrects, keeps it in its history, and takes its place in day order', () => {
    const current = currentCheckIns(f.checkIns);
    expect(current.map((c) => [c.id, c.on, c.value])).toEqual([
      ['c1', '2026-09-08', 2],
      ['c4', '2026-09-15', 2],
      ['c3', '2026-09-22', 3],
      ['c5', '2026-10-06', 3],
      ['c6', '2026-10-13', 2],
      ['c7', '2026-10-20', 1],
    ]);
    expect(current[1].replaced.map((r) => [r.id, r.value])).toEqual([['c2', 1]]);
    // A correction of a correction: the chain keeps both earlier values, oldest first.
    const chain = currentCheckIns([...f.checkIns, { ...f.checkIns[3], id: 'c8', value: 2.5, correctsId: 'c4', recordedAt: '2026-09-24T08:00:00.000Z' }]);
    expect(chain[1].id).toBe('c8');
    expect(chain[1].replaced.map((r) => r.id)).toEqual(['c2', 'c4']);
    // Before the correction was recorded, the first value stood.
    expect(asOf('2026-09-22')).toEqual([
      { on: '2026-09-08', value: 2 },
      { on: '2026-09-15', value: 1 },
      { on: '2026-09-22', value: 3 },
    ]);
  });
});

describe('where a measure stands', () => {
  it('on 6 October: two thirds of the way, heading for the target, nothing missed', () => {
    const p = measureProgress(f.measure, asOf('2026-10-06'), { today: '2026-10-06', agreedOn: f.agreedOn });
    expect(p.latest).toEqual({ on: '2026-10-06', value: 3 });
    // (3 − 1) ÷ (4 − 1)
    expect(p.share).toBeCloseTo(2 / 3, 12);
    // The middle of days 0 and 35 is 17.5: Sep 15 (day 14) and Sep 22 (day 21) are as near; the earlier wins.
    expect(p.midpoint).toEqual({ on: '2026-09-15', value: 2 });
    // The last four values (days 7, 14, 21, 35; values 2, 2, 3, 3): means 19.25 and 2.5,
    // Σdx·dy = 17.5, Σdx² = 428.75, slope 2/49 a day = 2/7 a week; over 28 days it rises 8/7, more than 5 % of 3.
    expect(p.trend?.heading).toBe('toward');
    expect(p.trend?.perWeek).toBeCloseTo(2 / 7, 12);
    expect(p.due).toEqual({ since: '2026-10-06', missed: 0, dueOn: '2026-10-13' });
    expect(p.reached).toBe(false);
    expect(p.checkIns).toBe(4);
  });

  it('on 20 October: the trend runs away from the target', () => {
    const p = measureProgress(f.measure, asOf('2026-10-20'), { today: '2026-10-20', agreedOn: f.agreedOn });
    expect(p.latest).toEqual({ on: '2026-10-20', value: 1 });
    expect(p.share).toBe(0);
    // Days 21, 35, 42, 49 with values 3, 3, 2, 1: means 36.75 and 2.25, Σdx·dy = −29.75, Σdx² = 428.75: −17/245 a day.
    expect(p.trend?.heading).toBe('away');
    expect(p.trend?.perWeek).toBeCloseTo(-17 / 35, 12);
    // Middle of days 0 and 49 is 24.5: Sep 22 (day 21, 3.5 away) is the nearest.
    expect(p.midpoint).toEqual({ on: '2026-09-22', value: 3 });
  });

  it('on 3 November: two weekly check-ins missed since 20 October', () => {
    const p = measureProgress(f.measure, asOf('2026-11-03'), { today: '2026-11-03', agreedOn: f.agreedOn });
    expect(p.due).toEqual({ since: '2026-10-20', missed: 2, dueOn: '2026-10-27' });
    expect(measureProgress(f.measure, asOf('2026-11-02'), { today: '2026-11-02', agreedOn: f.agreedOn }).due.missed).toBe(1);
  });

  it('before any check-in: no share or trend, and nothing is missed before the contract was signed', () => {
    const p = measureProgress(f.measure, [], { today: '2026-09-20', agreedOn: '2026-09-14' });
    expect(p).toMatchObject({ latest: null, midpoint: null, share: null, trend: null, checkIns: 0, reached: false });
    expect(p.due).toEqual({ since: '2026-09-14', missed: 0, dueOn: '2026-09-21' });
  });

  it('checked in at each session: a session held after the latest value is a check-in missed', () => {
    const m = { ...f.measure, cadence: 'session' as const, direction: 'down' as const, baseline: 10, target: 4 };
    const points = [{ on: '2026-09-10', value: 7 }];
    const held = ['2026-09-03', '2026-09-10', '2026-09-17', '2026-09-24'];
    expect(measureProgress(m, points, { today: '2026-09-20', heldSessionDays: held }).due).toEqual({ since: '2026-09-10', missed: 1, dueOn: '2026-09-17' });
    const p = measureProgress(m, points, { today: '2026-09-24', heldSessionDays: held });
    expect(p.due.missed).toBe(2);
    // Lower is better: (7 − 10) ÷ (4 − 10) = half the way; 3 reaches the target.
    expect(p.share).toBe(0.5);
    expect(measureProgress(m, [{ on: '2026-09-10', value: 3 }], { today: '2026-09-10' }).reached).toBe(true);
  });

  it('a flat trend moves less than 5 % of the way over its days', () => {
    const p = measureProgress(
      f.measure,
      [
        { on: '2026-09-01', value: 1 },
        { on: '2026-09-08', value: 1.1 },
        { on: '2026-09-15', value: 1 },
      ],
      { today: '2026-09-15' },
    );
    expect(p.trend?.heading).toBe('flat');
  });
});

describe('which measure a goal carries', () => {
  const contract = (id: string, status: string, signedAt: string | null, version: number, measure: object | null) => ({
    id,
    status,
    signedAt,
    version,
    content: { goals: [{ id: 'g', what: 'Leave at six', howMeasured: '', target: '', byWhen: null, measure: measure as never }] },
  });
  it('the most recently signed contract decides; drafts and superseded versions do not count, and a dropped measure is dropped', () => {
    const m1 = { ...f.measure, target: 4 };
    const m2 = { ...f.measure, target: 5 };
    expect(
      measuredGoals([contract('a', 'ended', '2026-01-01T00:00:00Z', 1, m1), contract('b', 'active', '2026-04-01T00:00:00Z', 1, m2)]).get('g')?.measure.target,
    ).toBe(5);
    expect(measuredGoals([contract('a', 'active', '2026-01-01T00:00:00Z', 1, m1), contract('b', 'draft', null, 2, m2)]).get('g')?.contractId).toBe('a');
    expect(measuredGoals([contract('a', 'superseded', '2026-01-01T00:00:00Z', 1, m1)]).size).toBe(0);
    expect(measuredGoals([contract('a', 'ended', '2026-01-01T00:00:00Z', 1, m1), contract('b', 'active', '2026-04-01T00:00:00Z', 2, null)]).size).toBe(0);
  });
});
