import { type ReadinessGap, readinessGapLabels } from '@carriage/core';
import { formatDate, formatDateTime } from '../../lib/dates';
import type { BoardMember, Card } from './board-data';

export const typeLabel: Record<Card['type'], string> = { goal: 'Goal', task: 'Task', event: 'Event' };

/** Short names of readiness gaps, for the "Needs: …" line on a card. */
export const gapShort: Record<ReadinessGap, string> = {
  owner: 'owner',
  definitionOfDone: 'definition of done',
  dueDate: 'due date',
  goal: 'goal',
};

export function gapSentence(gaps: string[]): string {
  return gaps.map((g) => readinessGapLabels[g as ReadinessGap] ?? g).join(', ');
}

/** "Clara Coach" → "CC". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function memberName(members: BoardMember[], userId: string | null): string | null {
  if (!userId) return null;
  return members.find((m) => m.userId === userId)?.name ?? 'Former member';
}

/** Today's date as YYYY-MM-DD in the viewer's time zone. */
export function todayIso(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Whether a card is past its due date and not finished. */
export function isOverdue(card: Pick<Card, 'dueOn'>, columnKind: string, today = todayIso()): boolean {
  return !!card.dueOn && card.dueOn < today && columnKind !== 'done';
}

/** A card's date, in the one date format (lib/dates). */
export function shortDate(iso: string): string {
  return formatDate(iso);
}

/** A card's date and time, in the one format (lib/dates). */
export function shortDateTime(iso: string): string {
  return formatDateTime(iso);
}

/** An ISO instant as the value of a datetime-local input, in the viewer's time zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value back to an ISO instant (null when empty). */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
