import type { ColumnKind } from './columns.js';

export type CardType = 'goal' | 'task' | 'event';
export const cardTypes = ['goal', 'task', 'event'] as const;

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

/** What readiness looks at on a card. */
export interface ReadinessInput {
  type: CardType;
  ownerId: string | null;
  definitionOfDone: ChecklistItem[];
  dueOn: string | null;
  parentId: string | null;
}

export type ReadinessGap = 'owner' | 'definitionOfDone' | 'dueDate' | 'goal';

const gapLabels: Record<ReadinessGap, string> = {
  owner: 'an owner',
  definitionOfDone: 'a definition of done',
  dueDate: 'a due date',
  goal: 'a goal it serves',
};

/** What a card lacks to be ready: an owner, a definition of done, a due date, and for a task, a goal. */
export function readinessGaps(card: ReadinessInput): ReadinessGap[] {
  const gaps: ReadinessGap[] = [];
  if (!card.ownerId) gaps.push('owner');
  if (!card.definitionOfDone.some((i) => i.text.trim().length > 0)) gaps.push('definitionOfDone');
  if (!card.dueOn) gaps.push('dueDate');
  if (card.type === 'task' && !card.parentId) gaps.push('goal');
  return gaps;
}

export function isReady(card: ReadinessInput): boolean {
  return readinessGaps(card).length === 0;
}

/** Whether entering a column of this kind requires a ready card (work can only start when it can be delivered). */
export function columnRequiresReadiness(kind: ColumnKind): boolean {
  return kind === 'doing';
}

/** A sentence naming what a card lacks, e.g. "It needs an owner and a due date." */
export function readinessMessage(gaps: ReadinessGap[], columnName: string): string {
  const parts = gaps.map((g) => gapLabels[g]);
  const list = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `This card isn't ready to enter ${columnName}: it needs ${list}. Fill these in, then move it.`;
}

export const readinessGapLabels = gapLabels;
