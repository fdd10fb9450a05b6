import type { CheckInRecord } from './check-ins.js';
import type { GoalMeasure } from './measure.js';

/**
 * A goal's measure whose every figure can be worked out by hand (the tests that use it do, on the core
 * and through the API). "Leave the office at six, four days a week": evenings out by six, counted each
 * week, from 1 on Tuesday 1 September 2026 to 4 by 15 December; higher is better. The contract was
 * signed on 1 September.
 *
 *   check-in   about     value   recorded             note
 *   c1         Sep  8    2       Sep  8 18:00
 *   c2         Sep 15    1       Sep 15 18:00
 *   c3         Sep 22    3       Sep 22 18:00
 *   c4         Sep 15    2       Sep 23 08:00         corrects c2 ("I forgot Friday")
 *   c5         Oct  6    3       Oct  6 18:00         (no check-in about Sep 29)
 *   c6         Oct 13    2       Oct 13 18:00
 *   c7         Oct 20    1       Oct 20 18:00
 *
 * Days counted from the baseline (Sep 1 = day 0): Sep 8 = 7, Sep 15 = 14, Sep 22 = 21, Oct 6 = 35,
 * Oct 13 = 42, Oct 20 = 49. Values that stand: 2, 2, 3, 3, 2, 1 (c2 is replaced by c4).
 */
export const measureFixture = {
  measure: {
    name: 'Evenings out of the office by six',
    unit: 'a week',
    baseline: 1,
    baselineOn: '2026-09-01',
    target: 4,
    targetOn: '2026-12-15',
    direction: 'up',
    cadence: 'weekly',
  } satisfies GoalMeasure as GoalMeasure,
  agreedOn: '2026-09-01',
  checkIns: [
    { id: 'c1', on: '2026-09-08', value: 2, recordedAt: '2026-09-08T18:00:00.000Z', note: '', correctsId: null },
    { id: 'c2', on: '2026-09-15', value: 1, recordedAt: '2026-09-15T18:00:00.000Z', note: '', correctsId: null },
    { id: 'c3', on: '2026-09-22', value: 3, recordedAt: '2026-09-22T18:00:00.000Z', note: '', correctsId: null },
    { id: 'c4', on: '2026-09-15', value: 2, recordedAt: '2026-09-23T08:00:00.000Z', note: 'I forgot Friday', correctsId: 'c2' },
    { id: 'c5', on: '2026-10-06', value: 3, recordedAt: '2026-10-06T18:00:00.000Z', note: '', correctsId: null },
    { id: 'c6', on: '2026-10-13', value: 2, recordedAt: '2026-10-13T18:00:00.000Z', note: '', correctsId: null },
    { id: 'c7', on: '2026-10-20', value: 1, recordedAt: '2026-10-20T18:00:00.000Z', note: 'A launch week', correctsId: null },
  ].map((c) => ({ ...c, recordedBy: 'coachee', sessionId: null })) as CheckInRecord[],
};
