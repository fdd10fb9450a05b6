/** An engagement's life: proposed → active → completed, or cancelled before it completes. */
export const engagementStatuses = ['proposed', 'active', 'completed', 'cancelled'] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

const next: Record<EngagementStatus, readonly EngagementStatus[]> = {
  proposed: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** Whether an engagement may move from one status to another. */
export function canChangeEngagementStatus(from: EngagementStatus, to: EngagementStatus): boolean {
  return next[from].includes(to);
}

/** A sentence explaining why a status change is refused. */
export function engagementStatusRefusal(from: EngagementStatus, to: EngagementStatus): string {
  if (from === to) return `The engagement is already ${from}.`;
  const allowed = next[from];
  return allowed.length
    ? `An engagement that is ${from} can become ${allowed.join(' or ')}, not ${to}.`
    : `A ${from} engagement is closed and can't change status any more.`;
}
