import type { SessionStage, SessionStatus } from './stages.js';

/** How long before its start a session can be joined and started. */
export const JOIN_LEAD_MINUTES = 15;

/** What a member can do with a session right now. */
export type JoinState =
  /** More than 15 minutes before the start: it can't be started yet (an unscheduled session can be held instead). */
  | 'upcoming'
  /** From 15 minutes before the start until its end, not started yet: "Join now" starts or opens it. */
  | 'joinable'
  /** Started and not closed: "Join now" opens the room. */
  | 'running'
  /** Past its end and never started, closed, cancelled or a no-show. */
  | 'over';

interface SessionTimes {
  startsAt: string;
  endsAt: string;
  status: SessionStatus | string;
  stage?: SessionStage | string | null;
}

/** Where a session stands against the clock: whether "Join now" is offered, and whether it may be started. */
export function joinState(s: SessionTimes, now: Date): JoinState {
  const stage = s.stage ?? null;
  if (stage === 'recap' || s.status === 'cancelled' || s.status === 'no_show') return 'over';
  if (stage !== null) return 'running';
  if (s.status !== 'scheduled') return 'over';
  const t = now.getTime();
  if (t < Date.parse(s.startsAt) - JOIN_LEAD_MINUTES * 60_000) return 'upcoming';
  if (t <= Date.parse(s.endsAt)) return 'joinable';
  return 'over';
}

/**
 * Why a session can't be started now, or null when it can. A session in the future can be started from
 * 15 minutes before it; one that is past can still be started late, to record it after the fact.
 */
export function startRefusal(s: Pick<SessionTimes, 'startsAt'>, now: Date): string | null {
  if (now.getTime() >= Date.parse(s.startsAt) - JOIN_LEAD_MINUTES * 60_000) return null;
  return `This session is planned for later; it can be started from ${JOIN_LEAD_MINUTES} minutes before it begins. To meet now, hold an unscheduled session instead.`;
}
