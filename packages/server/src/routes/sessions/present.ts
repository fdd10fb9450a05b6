import { type Membership, wallClock } from '@carriage/core';
import type { Kysely } from 'kysely';
import { listMembers } from '../../db/queries/engagements.js';
import {
  commitmentStats,
  findSeries,
  listCommitmentsOfSession,
  listParticipants,
  listReviewedIn,
  listSessions,
  nextScheduledSession,
} from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';
import { presentSession } from '../../services/sessions/present-session.js';

/** The sessions of an engagement as this member sees them, numbered in time order. */
export async function presentSessionList(db: Kysely<Database>, engagementId: string, viewer: Membership) {
  const rows = await listSessions(db, engagementId);
  const stats = await commitmentStats(db, engagementId);
  const rules = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.series_id).filter((x): x is string => !!x))) {
    const series = await findSeries(db, id);
    if (series) rules.set(id, series.rule);
  }
  let n = 0;
  return rows.map((r) => {
    if (r.status !== 'cancelled') n += 1;
    return presentSession(r, viewer, {
      rule: r.series_id ? (rules.get(r.series_id) ?? null) : null,
      number: r.status === 'cancelled' ? undefined : n,
      commitments: stats.get(r.id) ?? { made: 0, kept: 0, missed: 0 },
    });
  });
}

/**
 * One session for the session room: the coach and coachees also get the WIFLE of each participant,
 * the commitment review it opened with, and the commitments made in it. A sponsor gets attendance.
 */
export async function presentSessionDetail(db: Kysely<Database>, s: CoachingSessionsTable, viewer: Membership) {
  const series = s.series_id ? await findSeries(db, s.series_id) : undefined;
  const stats = (await commitmentStats(db, s.engagement_id)).get(s.id) ?? { made: 0, kept: 0, missed: 0 };
  const base = presentSession(s, viewer, { rule: series?.rule ?? null, commitments: stats });
  if (viewer.role === 'sponsor') return base;
  const members = (await listMembers(db, s.engagement_id)).filter((m) => m.role !== 'sponsor');
  const wifle = new Map((await listParticipants(db, s.id)).map((p) => [p.user_id, p]));
  const reviewed = await listReviewedIn(db, s.id);
  const commitments = await listCommitmentsOfSession(db, s.id);
  const next = await nextScheduledSession(db, s.engagement_id, s.starts_at, s.id);
  return {
    ...base,
    focusCardId: s.focus_card_id,
    nextSession: next ? { id: next.id, startsAt: next.starts_at, timeZone: next.time_zone, on: wallClock(next.starts_at, next.time_zone).date } : null,
    participants: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      role: m.role as 'coach' | 'coachee',
      wifleNote: wifle.get(m.userId)?.wifle_note ?? '',
      wifleDone: !!wifle.get(m.userId)?.wifle_done_at,
      agreedAt: wifle.get(m.userId)?.agreed_at ?? null,
    })),
    review: {
      kept: reviewed.filter((r) => r.review_result === 'kept').length,
      missed: reviewed.filter((r) => r.review_result === 'missed').length,
      items: reviewed.map((r) => ({
        id: r.id,
        cardId: r.card_id,
        title: r.title,
        ownerName: r.owner_name,
        dueOn: r.due_on,
        result: r.review_result as 'kept' | 'missed',
        columnKind: r.review_column_kind,
      })),
    },
    commitmentList: commitments.map((c) => ({
      id: c.id,
      cardId: c.card_id,
      title: c.card_title,
      ownerId: c.card_owner_id,
      ownerName: c.owner_name,
      dueOn: c.card_due_on,
      columnKind: c.column_kind,
      columnName: c.column_name,
      cardVersion: c.card_version,
      result: c.review_result,
    })),
  };
}
