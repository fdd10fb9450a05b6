import { describe, expect, it } from 'vitest';
import { columnRequiresReadiness, isReady, readinessGaps, readinessMessage } from './readiness.js';

const ready = { type: 'task' as const, ownerId: 'u1', definitionOfDone: [{ id: 'a', text: 'Draft shared', done: false }], dueOn: '2026-03-01', parentId: 'g1' };

describe('readiness', () => {
  it('a task with owner, definition of done, due date and goal is ready', () => {
    expect(readinessGaps(ready)).toEqual([]);
    expect(isReady(ready)).toBe(true);
  });
  it('lists every gap in a stable order', () => {
    expect(readinessGaps({ type: 'task', ownerId: null, definitionOfDone: [], dueOn: null, parentId: null })).toEqual([
      'owner',
      'definitionOfDone',
      'dueDate',
      'goal',
    ]);
    expect(readinessGaps({ ...ready, definitionOfDone: [{ id: 'x', text: '   ', done: false }] })).toEqual(['definitionOfDone']);
  });
  it('goals and events need no parent goal', () => {
    expect(readinessGaps({ ...ready, type: 'goal', parentId: null })).toEqual([]);
    expect(readinessGaps({ ...ready, type: 'event', parentId: null })).toEqual([]);
  });
  it('only doing columns require readiness', () => {
    expect(columnRequiresReadiness('doing')).toBe(true);
    expect(columnRequiresReadiness('todo')).toBe(false);
    expect(columnRequiresReadiness('verify')).toBe(false);
  });
  it('names what is missing in a sentence', () => {
    expect(readinessMessage(['owner', 'dueDate'], 'In Progress')).toBe(
      "This card isn't ready to enter In Progress: it needs an owner and a due date. Fill these in, then move it.",
    );
    expect(readinessMessage(['owner', 'definitionOfDone', 'goal'], 'Doing')).toBe(
      "This card isn't ready to enter Doing: it needs an owner, a definition of done and a goal it serves. Fill these in, then move it.",
    );
  });
});
