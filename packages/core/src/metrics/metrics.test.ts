import { describe, expect, it } from 'vitest';
import { dayInZone, dayOfDate, isoWeekOf } from './calendar.js';
import { computeAllMetrics } from './compute-all.js';
import { fixtureEvents, metricsFixture } from './fixture.js';
import { columnHistories } from './history.js';
import { minimumSamples, nearestRank } from './percentiles.js';
import type { MetricColumn, MetricEvent } from './types.js';

const f = metricsFixture;
const fixture = () =>
  computeAllMetrics({
    events: fixtureEvents(),
    columns: f.columns,
    now: f.now,
    timeZone: f.timeZone,
    commitments: f.commitments,
    contract: f.contract,
  });

// Day-by-day tables are read off the chart in fixture.ts, one number per day from 5 to 21 January.
const days = Array.from({ length: 17 }, (_, i) => `2026-01-${String(5 + i).padStart(2, '0')}`);

describe('metrics of the fixture engagement (see the table in fixture.ts)', () => {
  const m = fixture();

  it('covers the days from the first card to today', () => {
    expect(m).toMatchObject({ asOf: '2026-01-21', from: '2026-01-05', to: '2026-01-21', timeZone: 'UTC' });
  });

  it('counts WIP (cards in In Progress or Verify) at the end of each day', () => {
    // 6: A · 7: A C L · 8: A(V) L · 9: L · 10–11: none (L archived) · 12: D E H · 13: E H F · 14: H F I ·
    // 15: H I K F(V) · 16: H I F(V) · 17–18: H I · 19: I J · 20–21: I J(V)
    expect(m.wip.days.map((d) => d.date)).toEqual(days);
    expect(m.wip.days.map((d) => d.count)).toEqual([0, 1, 3, 2, 1, 0, 0, 3, 3, 3, 4, 3, 2, 2, 2, 2, 2]);
    expect(m.wip.current).toBe(2);
  });

  it('measures cycle time in calendar days, both ends counted, in order of finishing', () => {
    expect(m.cycleTime.items.map((i) => [i.cardId, i.startedOn, i.finishedOn, i.days])).toEqual([
      ['B', '2026-01-06', '2026-01-06', 1],
      ['C', '2026-01-07', '2026-01-08', 2],
      ['A', '2026-01-06', '2026-01-09', 4],
      ['D', '2026-01-12', '2026-01-13', 2],
      ['E', '2026-01-12', '2026-01-14', 3],
      ['F', '2026-01-13', '2026-01-17', 5],
      ['H', '2026-01-12', '2026-01-19', 8],
    ]);
  });

  it('gives nearest-rank percentiles, and no 95th with only 7 samples', () => {
    // Sorted: 1 2 2 3 4 5 8. 50th: rank ceil(0.50 × 7) = 4 → 3 days. 85th: rank ceil(0.85 × 7) = 6 → 5 days.
    // The 95th needs 20 finished cards before it means more than "the slowest so far".
    expect(m.cycleTime.percentiles).toEqual({ p50: { value: 3, needs: 2 }, p85: { value: 5, needs: 7 }, p95: { value: null, needs: 20 } });
  });

  it('counts throughput per ISO week', () => {
    // Week 2: B (6), C (8), A (9). Week 3: D (13), E (14), F (17). Week 4: H (19).
    expect(m.throughput).toEqual({
      total: 7,
      weeks: [
        { week: '2026-W02', startsOn: '2026-01-05', finished: 3 },
        { week: '2026-W03', startsOn: '2026-01-12', finished: 3 },
        { week: '2026-W04', startsOn: '2026-01-19', finished: 1 },
      ],
    });
  });

  it('ages the cards in progress against the 85th percentile', () => {
    // I started on the 14th: 14…21 is 8 days, above 5. J started on the 19th: 19…21 is 3 days.
    // K is back in To Do, L was archived: neither is in progress.
    expect(m.aging).toEqual({
      p85: 5,
      items: [
        {
          cardId: 'I',
          title: 'Run the meeting without notes',
          columnId: 'col-doing',
          columnName: 'In Progress',
          kind: 'doing',
          startedOn: '2026-01-14',
          ageDays: 8,
          blocked: true,
          aboveP85: true,
        },
        {
          cardId: 'J',
          title: 'Review the deputy’s first report',
          columnId: 'col-verify',
          columnName: 'Verify',
          kind: 'verify',
          startedOn: '2026-01-19',
          ageDays: 3,
          blocked: false,
          aboveP85: false,
        },
      ],
    });
    expect(m.blockedCards).toBe(1);
  });

  it('draws the cumulative flow: task cards per column at the end of each day', () => {
    // Goal cards are not work items and stay out. 11 task cards until L is archived on the 10th, then 10.
    expect(m.cfd.dates).toEqual(days);
    const byName = Object.fromEntries(m.cfd.columns.map((c) => [c.name, c.counts]));
    expect(byName).toEqual({
      'To Do': [11, 9, 7, 7, 7, 7, 7, 4, 3, 2, 1, 2, 2, 2, 1, 1, 1],
      'In Progress': [0, 1, 3, 1, 1, 0, 0, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1],
      Verify: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1],
      Done: [0, 1, 1, 2, 3, 3, 3, 3, 4, 5, 5, 5, 6, 6, 7, 7, 7],
    });
    expect(m.cfd.kinds.map((k) => k.kind)).toEqual(['todo', 'doing', 'verify', 'done']);
    expect(m.cfd.kinds[3].counts).toEqual(byName.Done);
  });

  it('computes commitment reliability per session and overall, leaving unreviewed ones out', () => {
    expect(m.commitments.sessions).toEqual([
      { sessionId: 's1', sessionOn: '2026-01-08', made: 3, kept: 2, missed: 1, pending: 0, reliability: 2 / 3 },
      { sessionId: 's2', sessionOn: '2026-01-15', made: 4, kept: 3, missed: 1, pending: 0, reliability: 3 / 4 },
      { sessionId: 's3', sessionOn: '2026-01-20', made: 2, kept: 0, missed: 0, pending: 2, reliability: null },
    ]);
    // 5 kept of 7 reviewed.
    expect(m.commitments.overall).toEqual({ made: 9, kept: 5, missed: 2, pending: 2, reliability: 5 / 7 });
  });

  it('computes goal progress from the linked cards, not counting dropped ones', () => {
    // G1: A B C done, I in progress; L was archived unfinished → 3 of 4. G2: D E F H done, J K not → 4 of 6.
    expect(m.goals).toEqual([
      { cardId: 'G1', title: 'Lead the weekly team meeting', linked: 4, finished: 3, progress: 3 / 4, done: false },
      { cardId: 'G2', title: 'Hand over the monthly report', linked: 6, finished: 4, progress: 4 / 6, done: false },
    ]);
  });

  it('follows the contract journey: days elapsed beside deliverables done', () => {
    // 5 Jan – 1 Feb is 28 days; the 21st is day 17. d1 (A) done 9th, d2 (D) 13th, d3 (H) 19th; d4 (K) is in To Do.
    const c = m.contract;
    expect(c).toMatchObject({
      startsOn: '2026-01-05',
      endsOn: '2026-02-01',
      totalDays: 28,
      elapsedDays: 17,
      timeRatio: 17 / 28,
      deliverables: { done: 3, total: 4, ratio: 3 / 4 },
    });
    expect(c?.burnUp.map((p) => p.date)).toEqual(days);
    expect(c?.burnUp.map((p) => p.done)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
    // The straight line: 4 deliverables over 28 days is one every 7 days.
    expect(c?.burnUp.filter((p) => [1, 7, 14, 17].includes(p.elapsedDays)).map((p) => p.ideal)).toEqual([0.14, 1, 2, 2.43]);
  });

  it('lists the wins, most recent first', () => {
    expect(m.wins.map((w) => [w.cardId, w.finishedOn])).toEqual([
      ['H', '2026-01-19'],
      ['F', '2026-01-17'],
      ['E', '2026-01-14'],
      ['D', '2026-01-13'],
      ['A', '2026-01-09'],
      ['C', '2026-01-08'],
      ['B', '2026-01-06'],
    ]);
    expect(m.wins[0]).toEqual({
      cardId: 'H',
      title: 'Write the report checklist',
      type: 'task',
      finishedAt: '2026-01-19T09:00:00.000Z',
      finishedOn: '2026-01-19',
    });
  });

  it('computes the past as it was: as of 9 January, before most of the story', () => {
    const past = computeAllMetrics({ events: fixtureEvents(), columns: f.columns, now: f.now, asOf: '2026-01-09' });
    expect(past.wip.days.map((d) => d.count)).toEqual([0, 1, 3, 2, 1]);
    expect(past.cycleTime.items.map((i) => i.days)).toEqual([1, 2, 4]);
    // L has been in progress 7th…9th; A left Verify for Done that morning.
    expect(past.aging.items.map((i) => [i.cardId, i.ageDays, i.aboveP85])).toEqual([['L', 3, null]]);
  });

  it('gives the same answer when the log arrives out of order', () => {
    const shuffled = [...fixtureEvents()].reverse();
    const again = computeAllMetrics({ events: shuffled, columns: f.columns, now: f.now, commitments: f.commitments, contract: f.contract });
    expect(again).toEqual(fixture());
  });
});

describe('an empty board', () => {
  const m = computeAllMetrics({ events: [], columns: f.columns, now: '2026-01-21T12:00:00Z', contract: f.contract });

  it('has no series and says there is not enough data', () => {
    expect(m.from).toBeNull();
    expect(m.wip).toEqual({ current: 0, days: [] });
    expect(m.cycleTime).toEqual({
      items: [],
      percentiles: { p50: { value: null, needs: 2 }, p85: { value: null, needs: 7 }, p95: { value: null, needs: 20 } },
    });
    expect(m.throughput).toEqual({ total: 0, weeks: [] });
    expect(m.aging).toEqual({ p85: null, items: [] });
    expect(m.cfd.dates).toEqual([]);
    expect(m.cfd.columns.map((c) => [c.name, c.counts])).toEqual([
      ['To Do', []],
      ['In Progress', []],
      ['Verify', []],
      ['Done', []],
    ]);
    expect(m.commitments.overall).toEqual({ made: 0, kept: 0, missed: 0, pending: 0, reliability: null });
    expect(m.goals).toEqual([]);
    expect(m.wins).toEqual([]);
  });

  it('still shows how far the contract has come', () => {
    expect(m.contract).toMatchObject({ elapsedDays: 17, totalDays: 28, deliverables: { done: 0, total: 4, ratio: 0 } });
  });
});

describe('a single card', () => {
  const columns: MetricColumn[] = f.columns;
  const card = { id: 'X', type: 'task', title: 'Say no to one meeting', parentId: null, columnId: 'col-todo' };
  const events: MetricEvent[] = [
    { type: 'card.created', createdAt: '2026-03-02T10:00:00Z', payload: { card, columnKind: 'todo' } },
    {
      type: 'card.moved',
      createdAt: '2026-03-03T09:00:00Z',
      payload: { card, fromColumnId: 'col-todo', toColumnId: 'col-doing', fromKind: 'todo', toKind: 'doing' },
    },
    {
      type: 'card.moved',
      createdAt: '2026-03-05T16:00:00Z',
      payload: { card, fromColumnId: 'col-doing', toColumnId: 'col-done', fromKind: 'doing', toKind: 'done' },
    },
  ];
  const m = computeAllMetrics({ events, columns, now: '2026-03-06T08:00:00Z' });

  it('has one finished card of 3 days (3rd, 4th, 5th) and too little data for any percentile', () => {
    expect(m.wip.days.map((d) => [d.date, d.count])).toEqual([
      ['2026-03-02', 0],
      ['2026-03-03', 1],
      ['2026-03-04', 1],
      ['2026-03-05', 0],
      ['2026-03-06', 0],
    ]);
    expect(m.cycleTime.items.map((i) => i.days)).toEqual([3]);
    expect(m.cycleTime.percentiles.p50.value).toBeNull();
    expect(m.throughput.weeks).toEqual([{ week: '2026-W10', startsOn: '2026-03-02', finished: 1 }]);
    expect(m.aging.items).toEqual([]);
    expect(m.cfd.columns.map((c) => c.counts)).toEqual([
      [1, 0, 0, 0, 0],
      [0, 1, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 1],
    ]);
    expect(m.wins).toEqual([{ cardId: 'X', title: 'Say no to one meeting', type: 'task', finishedAt: '2026-03-05T16:00:00Z', finishedOn: '2026-03-05' }]);
  });

  it('counts the days in the coach’s time zone', () => {
    // 16:00 UTC on the 5th is 01:00 on the 6th in Tokyo (UTC+9); the 3rd, 09:00 UTC is 18:00 there.
    const tokyo = computeAllMetrics({ events, columns, now: '2026-03-06T08:00:00Z', timeZone: 'Asia/Tokyo' });
    expect(tokyo.cycleTime.items.map((i) => [i.startedOn, i.finishedOn, i.days])).toEqual([['2026-03-03', '2026-03-06', 4]]);
  });

  it('restarts the clock of a card put back in To Do, and keeps an archived finished card delivered', () => {
    const more: MetricEvent[] = [
      events[0],
      events[1],
      {
        type: 'card.moved',
        createdAt: '2026-03-04T09:00:00Z',
        payload: { card, fromColumnId: 'col-doing', toColumnId: 'col-todo', fromKind: 'doing', toKind: 'todo' },
      },
      {
        type: 'card.moved',
        createdAt: '2026-03-05T09:00:00Z',
        payload: { card, fromColumnId: 'col-todo', toColumnId: 'col-done', fromKind: 'todo', toKind: 'done' },
      },
      { type: 'card.archived', createdAt: '2026-03-05T18:00:00Z', payload: { card } },
    ];
    const r = computeAllMetrics({ events: more, columns, now: '2026-03-06T08:00:00Z' });
    // Straight from To Do to Done on the 5th: started and finished the same day.
    expect(r.cycleTime.items.map((i) => [i.startedOn, i.days])).toEqual([['2026-03-05', 1]]);
    expect(r.cfd.columns[3].counts).toEqual([0, 0, 0, 1, 1]);
    expect(r.wins).toHaveLength(1);
  });
});

describe('percentiles and calendar', () => {
  it('uses the nearest rank and documented minimum sample sizes', () => {
    expect([50, 85, 95].map(minimumSamples)).toEqual([2, 7, 20]);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(twenty, 50)).toBe(10);
    expect(nearestRank(twenty, 85)).toBe(17);
    expect(nearestRank(twenty, 95)).toBe(19);
    expect(nearestRank(twenty.slice(0, 19), 95)).toBeNull();
  });

  it('names ISO weeks across a year boundary', () => {
    expect(isoWeekOf(dayOfDate('2026-01-01'))).toBe('2026-W01');
    expect(isoWeekOf(dayOfDate('2025-12-29'))).toBe('2026-W01');
    expect(isoWeekOf(dayOfDate('2027-01-01'))).toBe('2026-W53');
  });

  it('finds the calendar day across a daylight-saving change', () => {
    const berlin = dayInZone('Europe/Berlin');
    expect(berlin(Date.parse('2026-03-28T23:30:00Z'))).toBe(dayOfDate('2026-03-29'));
    expect(berlin(Date.parse('2026-10-24T22:30:00Z'))).toBe(dayOfDate('2026-10-25'));
    expect(berlin(Date.parse('2026-10-25T22:30:00Z'))).toBe(dayOfDate('2026-10-25'));
  });
});

describe('column histories', () => {
  it('lists each stay of a card in a column, closed by a move or by archiving', () => {
    const h = columnHistories(fixtureEvents(), f.columns);
    expect(h.get('A')?.map((s) => [s.columnName, s.enteredAt.slice(0, 10), s.leftAt?.slice(0, 10) ?? null, s.ended])).toEqual([
      ['To Do', '2026-01-05', '2026-01-06', 'moved'],
      ['In Progress', '2026-01-06', '2026-01-08', 'moved'],
      ['Verify', '2026-01-08', '2026-01-09', 'moved'],
      ['Done', '2026-01-09', null, null],
    ]);
    expect(h.get('L')?.map((s) => [s.columnName, s.ended])).toEqual([
      ['To Do', 'moved'],
      ['In Progress', 'archived'],
    ]);
  });
});
