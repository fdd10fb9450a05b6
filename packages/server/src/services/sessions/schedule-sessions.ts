import { addMinutes, type CreateSessionBody, expandOccurrences, recurrenceRule } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertSeries, insertSessions } from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database, EngagementsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

const YEAR_MS = 365 * 86_400_000;

/**
 * How far a series without an end is laid out: to the engagement's end date when it has one after the
 * first session, otherwise a year. A series with COUNT or UNTIL stops by itself (at most two years).
 */
export function seriesHorizon(engagement: Pick<EngagementsTable, 'ends_on'>, startsAt: string, rule: string): string {
  const start = Date.parse(startsAt);
  if (/(^|;)(COUNT|UNTIL)=/.test(rule)) return new Date(start + 2 * YEAR_MS).toISOString();
  if (engagement.ends_on) {
    const end = Date.parse(`${engagement.ends_on}T23:59:59Z`) + 14 * 3_600_000;
    if (end > start) return new Date(end).toISOString();
  }
  return new Date(start + YEAR_MS).toISOString();
}

/** A scheduled session not started yet: the one row shape scheduling and "hold a session now" both write. */
export function newSessionRow(s: {
  engagementId: string;
  seriesId: string | null;
  startsAt: string;
  durationMinutes: number;
  timeZone: string;
  videoUrl: string | null;
  place: string | null;
  actorId: string;
  now: string;
}): CoachingSessionsTable {
  return {
    id: newId(),
    engagement_id: s.engagementId,
    series_id: s.seriesId,
    starts_at: s.startsAt,
    ends_at: addMinutes(s.startsAt, s.durationMinutes),
    duration_minutes: s.durationMinutes,
    time_zone: s.timeZone,
    video_url: s.videoUrl,
    place: s.place,
    status: 'scheduled',
    stage: null,
    focus_card_id: null,
    started_at: null,
    closed_at: null,
    cancel_reason: null,
    recap: null,
    ics_sequence: 0,
    created_by: s.actorId,
    created_at: s.now,
    updated_at: s.now,
  };
}

/** Schedules a one-off session or a recurring series (its sessions laid out in the coach's zone). */
export async function scheduleSessions(
  db: Kysely<Database>,
  engagement: EngagementsTable,
  actorId: string,
  body: CreateSessionBody,
): Promise<{ seriesId: string | null; rule: string | null; sessions: CoachingSessionsTable[] }> {
  const cadence = body.recurrence?.cadence ?? 'once';
  const rule = recurrenceRule(
    { cadence, rule: body.recurrence?.rule, count: body.recurrence?.count, until: body.recurrence?.until },
    body.startsAt,
    body.timeZone,
  );
  const starts = expandOccurrences({
    startsAt: body.startsAt,
    timeZone: body.timeZone,
    rule,
    horizon: rule ? seriesHorizon(engagement, body.startsAt, rule) : body.startsAt,
  });
  return writeTransaction(db, engagement.id, async (trx) => {
    const now = nowIso();
    const seriesId = rule ? newId() : null;
    if (seriesId && rule) {
      await insertSeries(trx, {
        id: seriesId,
        engagement_id: engagement.id,
        cadence,
        rule,
        time_zone: body.timeZone,
        first_starts_at: starts[0],
        duration_minutes: body.durationMinutes,
        created_by: actorId,
        created_at: now,
        ended_at: null,
      });
    }
    const rows = starts.map((startsAt) =>
      newSessionRow({
        engagementId: engagement.id,
        seriesId,
        startsAt,
        durationMinutes: body.durationMinutes,
        timeZone: body.timeZone,
        videoUrl: body.videoUrl ?? null,
        place: body.place ?? null,
        actorId,
        now,
      }),
    );
    await insertSessions(trx, rows);
    await recordEvent(trx, {
      engagementId: engagement.id,
      type: 'session.scheduled',
      actorId,
      entityId: rows[0].id,
      payload: { seriesId, sessionIds: rows.map((r) => r.id), count: rows.length, firstStartsAt: rows[0].starts_at },
      createdAt: now,
    });
    return { seriesId, rule, sessions: rows };
  });
}
