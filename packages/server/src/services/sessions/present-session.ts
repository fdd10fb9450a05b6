import { can, describeRule, type Membership, type SessionStage, type SessionStatus } from '@carriage/core';
import type { CoachingSessionsTable } from '../../db/schema.js';

export interface SessionExtras {
  rule?: string | null;
  number?: number;
  commitments?: { made: number; kept: number; missed: number };
}

/** What anyone in the engagement may see of a session: when it is and whether it happened. */
export function presentAttendance(s: CoachingSessionsTable) {
  return {
    id: s.id,
    engagementId: s.engagement_id,
    seriesId: s.series_id,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    durationMinutes: s.duration_minutes,
    timeZone: s.time_zone,
    status: s.status as SessionStatus,
  };
}

/**
 * A session as a member sees it: a sponsor gets attendance only (date, status); the coach and
 * coachees also get the place, stage and commitment counts. Notes are never part of it.
 */
export function presentSession(s: CoachingSessionsTable, viewer: Membership, extras: SessionExtras = {}) {
  const attendance = presentAttendance(s);
  if (!can(viewer, 'session.run')) return { ...attendance, recurrence: null, recurrenceText: null };
  const c = extras.commitments;
  const reviewed = c ? c.kept + c.missed : 0;
  return {
    ...attendance,
    recurrence: extras.rule ?? null,
    recurrenceText: extras.rule ? describeRule(extras.rule) : null,
    videoUrl: s.video_url,
    place: s.place,
    stage: (s.stage as SessionStage | null) ?? null,
    startedAt: s.started_at,
    closedAt: s.closed_at,
    cancelReason: s.cancel_reason,
    number: extras.number,
    commitments: c ? { ...c, reliability: reviewed > 0 ? c.kept / c.made : null } : undefined,
  };
}
