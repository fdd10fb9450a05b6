import type { ColumnKind } from '../board/columns.js';
import type { MetricColumn, MetricCommitment, MetricContract, MetricEvent } from './types.js';

/**
 * A small engagement whose every metric can be checked by hand (the expected numbers are worked
 * out in the tests that use it, on the core and through the API). It is a story in UTC, January
 * 2026: 1 January is a Thursday, so ISO week 2 runs Mon 5 – Sun 11, week 3 Mon 12 – Sun 18 and
 * week 4 Mon 19 – Sun 25. "Now" is Wednesday 21 January, noon.
 *
 * The board has the default columns: To Do (todo), In Progress (doing, WIP limit 3), Verify, Done.
 * Two goals; every task serves one of them (a task must have a goal to be ready to start):
 *   G1 "Lead the weekly team meeting": A, B, C, I, L
 *   G2 "Hand over the monthly report":  D, E, F, H, J, K
 * A, D, H and K are the contract's deliverables d1, d2, d3 and d4.
 *
 * Where each task card is at the end of each day (— = To Do, P = In Progress, V = Verify, ✓ = Done,
 * x = archived):
 *
 *   day  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21
 *   A    —  P  P  V  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓   started 6, done 9     → 4 days
 *   B    —  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓   started and done 6    → 1 day
 *   C    —  —  P  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓   started 7, done 8     → 2 days
 *   L    —  —  P  P  P  x  x  x  x  x  x  x  x  x  x  x  x   dropped on the 10th (archived)
 *   D    —  —  —  —  —  —  —  P  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓   started 12, through Verify to Done 13 → 2 days
 *   E    —  —  —  —  —  —  —  P  P  ✓  ✓  ✓  ✓  ✓  ✓  ✓  ✓   started 12, done 14   → 3 days
 *   H    —  —  —  —  —  —  —  P  P  P  P  P  P  P  ✓  ✓  ✓   started 12, done 19   → 8 days
 *   F    —  —  —  —  —  —  —  —  P  P  V  V  ✓  ✓  ✓  ✓  ✓   started 13, done 17   → 5 days
 *   I    —  —  —  —  —  —  —  —  —  P  P  P  P  P  P  P  P   started 14, blocked on the 20th
 *   K    —  —  —  —  —  —  —  —  —  —  P  —  —  —  —  —  —   started 15, put back in To Do on 16
 *   J    —  —  —  —  —  —  —  —  —  —  —  —  —  —  P  V  V   started 19
 *
 * Coaching sessions (their commitments come from the sessions, not from the board):
 *   8 Jan: 3 commitments, 2 kept, 1 missed · 15 Jan: 4 commitments, 3 kept, 1 missed ·
 *   20 Jan: 2 commitments, not reviewed yet.
 * The contract runs 5 Jan – 1 Feb 2026 (28 days, both ends counted).
 */
export const metricsFixture = {
  timeZone: 'UTC',
  now: '2026-01-21T12:00:00.000Z',
  columns: [
    { id: 'col-todo', name: 'To Do', kind: 'todo' },
    { id: 'col-doing', name: 'In Progress', kind: 'doing' },
    { id: 'col-verify', name: 'Verify', kind: 'verify' },
    { id: 'col-done', name: 'Done', kind: 'done' },
  ] as MetricColumn[],
  cards: [
    { key: 'G1', type: 'goal', title: 'Lead the weekly team meeting', parent: null, deliverable: null },
    { key: 'G2', type: 'goal', title: 'Hand over the monthly report', parent: null, deliverable: null },
    { key: 'A', type: 'task', title: 'Draft a meeting agenda template', parent: 'G1', deliverable: 'd1' },
    { key: 'B', type: 'task', title: 'Book the meeting room', parent: 'G1', deliverable: null },
    { key: 'C', type: 'task', title: 'Ask the team what to change', parent: 'G1', deliverable: null },
    { key: 'D', type: 'task', title: 'List the report’s sources', parent: 'G2', deliverable: 'd2' },
    { key: 'E', type: 'task', title: 'Pick a deputy', parent: 'G2', deliverable: null },
    { key: 'F', type: 'task', title: 'Walk the deputy through one report', parent: 'G2', deliverable: null },
    { key: 'H', type: 'task', title: 'Write the report checklist', parent: 'G2', deliverable: 'd3' },
    { key: 'I', type: 'task', title: 'Run the meeting without notes', parent: 'G1', deliverable: null },
    { key: 'J', type: 'task', title: 'Review the deputy’s first report', parent: 'G2', deliverable: null },
    { key: 'K', type: 'task', title: 'Automate the data export', parent: 'G2', deliverable: 'd4' },
    { key: 'L', type: 'task', title: 'Rotate the chair role', parent: 'G1', deliverable: null },
  ] as { key: string; type: 'goal' | 'task'; title: string; parent: string | null; deliverable: string | null }[],
  /** In time order; every card is created in To Do on 5 January. */
  steps: [
    ...['G1', 'G2', 'A', 'B', 'C', 'D', 'E', 'F', 'H', 'I', 'J', 'K', 'L'].map((key, i) => ({
      at: `2026-01-05T08:${String(i).padStart(2, '0')}:00.000Z`,
      action: 'create' as const,
      card: key,
    })),
    { at: '2026-01-06T09:00:00.000Z', action: 'move', card: 'A', to: 'doing' },
    { at: '2026-01-06T10:00:00.000Z', action: 'move', card: 'B', to: 'doing' },
    { at: '2026-01-06T15:00:00.000Z', action: 'move', card: 'B', to: 'done' },
    { at: '2026-01-07T09:00:00.000Z', action: 'move', card: 'C', to: 'doing' },
    { at: '2026-01-07T10:00:00.000Z', action: 'move', card: 'L', to: 'doing' },
    { at: '2026-01-08T09:00:00.000Z', action: 'move', card: 'A', to: 'verify' },
    { at: '2026-01-08T10:00:00.000Z', action: 'move', card: 'C', to: 'done' },
    { at: '2026-01-09T09:00:00.000Z', action: 'move', card: 'A', to: 'done' },
    { at: '2026-01-10T09:00:00.000Z', action: 'archive', card: 'L' },
    { at: '2026-01-12T09:00:00.000Z', action: 'move', card: 'D', to: 'doing' },
    { at: '2026-01-12T09:10:00.000Z', action: 'move', card: 'E', to: 'doing' },
    { at: '2026-01-12T09:20:00.000Z', action: 'move', card: 'H', to: 'doing' },
    { at: '2026-01-13T09:00:00.000Z', action: 'move', card: 'D', to: 'verify' },
    { at: '2026-01-13T10:00:00.000Z', action: 'move', card: 'D', to: 'done' },
    { at: '2026-01-13T11:00:00.000Z', action: 'move', card: 'F', to: 'doing' },
    { at: '2026-01-14T09:00:00.000Z', action: 'move', card: 'E', to: 'done' },
    { at: '2026-01-14T10:00:00.000Z', action: 'move', card: 'I', to: 'doing' },
    { at: '2026-01-15T09:00:00.000Z', action: 'move', card: 'F', to: 'verify' },
    { at: '2026-01-15T10:00:00.000Z', action: 'move', card: 'K', to: 'doing' },
    { at: '2026-01-16T09:00:00.000Z', action: 'move', card: 'K', to: 'todo' },
    { at: '2026-01-17T09:00:00.000Z', action: 'move', card: 'F', to: 'done' },
    { at: '2026-01-19T09:00:00.000Z', action: 'move', card: 'H', to: 'done' },
    { at: '2026-01-19T10:00:00.000Z', action: 'move', card: 'J', to: 'doing' },
    { at: '2026-01-20T09:00:00.000Z', action: 'move', card: 'J', to: 'verify' },
    { at: '2026-01-20T10:00:00.000Z', action: 'block', card: 'I' },
  ] as FixtureStep[],
  commitments: [
    { sessionId: 's1', sessionOn: '2026-01-08', kept: true },
    { sessionId: 's1', sessionOn: '2026-01-08', kept: true },
    { sessionId: 's1', sessionOn: '2026-01-08', kept: false },
    { sessionId: 's2', sessionOn: '2026-01-15', kept: true },
    { sessionId: 's2', sessionOn: '2026-01-15', kept: false },
    { sessionId: 's2', sessionOn: '2026-01-15', kept: true },
    { sessionId: 's2', sessionOn: '2026-01-15', kept: true },
    { sessionId: 's3', sessionOn: '2026-01-20', kept: null },
    { sessionId: 's3', sessionOn: '2026-01-20', kept: null },
  ] as MetricCommitment[],
  contract: { startsOn: '2026-01-05', endsOn: '2026-02-01', deliverableIds: ['d1', 'd2', 'd3', 'd4'] } as MetricContract,
};

export type FixtureStep =
  | { at: string; action: 'create'; card: string }
  | { at: string; action: 'move'; card: string; to: ColumnKind }
  | { at: string; action: 'archive'; card: string }
  | { at: string; action: 'block'; card: string };

/** The activity log the fixture's story writes, in the payload shapes of ARCHITECTURE.md. */
export function fixtureEvents(): MetricEvent[] {
  const f = metricsFixture;
  const columnOf = (kind: ColumnKind) => f.columns.find((c) => c.kind === kind) as MetricColumn;
  const where = new Map<string, MetricColumn>();
  const blocked = new Set<string>();
  const snapshot = (key: string) => {
    const c = f.cards.find((x) => x.key === key);
    if (!c) throw new Error(`No fixture card ${key}`);
    return {
      id: c.key,
      type: c.type,
      title: c.title,
      parentId: c.parent,
      deliverableId: c.deliverable,
      columnId: where.get(key)?.id ?? columnOf('todo').id,
      blocked: blocked.has(key),
    };
  };
  return f.steps.map((s): MetricEvent => {
    if (s.action === 'create') {
      where.set(s.card, columnOf('todo'));
      return { type: 'card.created', createdAt: s.at, payload: { card: snapshot(s.card), columnKind: 'todo' } };
    }
    if (s.action === 'move') {
      const from = where.get(s.card) as MetricColumn;
      const to = columnOf(s.to);
      where.set(s.card, to);
      return {
        type: 'card.moved',
        createdAt: s.at,
        payload: { card: snapshot(s.card), fromColumnId: from.id, toColumnId: to.id, fromKind: from.kind, toKind: to.kind, overrideReason: null },
      };
    }
    if (s.action === 'archive') return { type: 'card.archived', createdAt: s.at, payload: { card: snapshot(s.card) } };
    blocked.add(s.card);
    return { type: 'card.updated', createdAt: s.at, payload: { card: snapshot(s.card), changes: ['blocked'] } };
  });
}
