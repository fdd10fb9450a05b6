import {
  AppError,
  addMinutes,
  type Cadence,
  checkStatusChange,
  recurrenceRule,
  type SessionStage,
  type SessionStatus,
  shiftOccurrence,
  type UpdateSessionBody,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import { findSeries, findSession, insertSeries, listSeriesFrom, updateSeries, updateSessionRow } from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';
import { presentAttendance } from './present-session.js';
import { sessionTransaction } from './session-transaction.js';

const notYetRun = (s: CoachingSessionsTable) => s.status === 'scheduled' && s.stage === null;

/** The sessions a change applies to: this one, or this one and the following not-yet-run sessions of its series. */
async function targetsOf(trx: WriteTrx, s: CoachingSessionsTable, scope: 'one' | 'following'): Promise<CoachingSessionsTable[]> {
  if (scope === 'one' || !s.series_id) return [s];
  const rest = await listSeriesFrom(trx, s.series_id, s.starts_at);
  return [s, ...rest.filter((r) => r.id !== s.id && notYetRun(r))];
}

/** Moves this and the following sessions into a series of their own (the earlier ones keep the old one). */
async function splitSeries(
  trx: WriteTrx,
  s: CoachingSessionsTable,
  targets: CoachingSessionsTable[],
  startsAt: string,
  timeZone: string,
  duration: number,
  now: string,
) {
  if (!s.series_id) return;
  const series = await findSeries(trx, s.series_id);
  if (!series) return;
  const cadence = series.cadence as Cadence;
  const rule = cadence === 'custom' ? series.rule.replace(/;?(COUNT|UNTIL)=[^;]*/g, '') : (recurrenceRule({ cadence }, startsAt, timeZone) ?? series.rule);
  if (series.first_starts_at >= s.starts_at) {
    await updateSeries(trx, series.id, { rule, time_zone: timeZone, first_starts_at: startsAt, duration_minutes: duration });
    return;
  }
  const id = newId();
  await insertSeries(trx, { ...series, id, rule, time_zone: timeZone, first_starts_at: startsAt, duration_minutes: duration, created_at: now, ended_at: null });
  await updateSeries(trx, series.id, { ended_at: now });
  for (const t of targets) t.series_id = id;
}

/**
 * Reschedules, cancels or records attendance for one session, or for it and the following sessions of
 * its series. Moving "this and the following" keeps each session's place in the week or month: they
 * shift by the same days and take the new local time.
 */
export async function updateSession(db: Kysely<Database>, sessionId: string, actorId: string, body: UpdateSessionBody): Promise<CoachingSessionsTable[]> {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    const scope = body.scope ?? 'one';
    const targets = await targetsOf(trx, s, scope);
    const now = nowIso();
    const changes: string[] = [];
    const patches = new Map<string, Partial<CoachingSessionsTable>>(targets.map((t) => [t.id, {}]));

    const moving = body.startsAt !== undefined || body.durationMinutes !== undefined || (body.timeZone !== undefined && body.timeZone !== s.time_zone);
    if (moving) {
      if (!notYetRun(s)) {
        throw new AppError('conflict', 'Only a scheduled session that hasn’t started can be moved. Schedule a new session instead.');
      }
      const timeZone = body.timeZone ?? s.time_zone;
      const startsAt = new Date(body.startsAt ?? s.starts_at).toISOString();
      const duration = body.durationMinutes ?? s.duration_minutes;
      if (scope === 'following' && s.series_id) await splitSeries(trx, s, targets, startsAt, timeZone, duration, now);
      for (const t of targets) {
        const start = t.id === s.id ? startsAt : shiftOccurrence(t.starts_at, t.time_zone, s.starts_at, startsAt, timeZone);
        Object.assign(patches.get(t.id) as object, {
          starts_at: start,
          ends_at: addMinutes(start, duration),
          duration_minutes: duration,
          time_zone: timeZone,
          series_id: t.series_id,
        });
      }
      changes.push('startsAt');
    }

    if (body.status !== undefined && body.status !== s.status) {
      if (body.status === 'held' && scope === 'following') {
        throw new AppError('validation_failed', 'Mark sessions as held one at a time.', { fields: { scope: 'Use this session only.' } });
      }
      for (const t of targets) {
        const check = checkStatusChange(t.status as SessionStatus, body.status, t.stage as SessionStage | null);
        if (!check.ok) throw new AppError('illegal_transition', check.message);
        Object.assign(patches.get(t.id) as object, {
          status: body.status,
          cancel_reason: body.status === 'cancelled' ? (body.cancelReason ?? null) : null,
        });
      }
      if (body.status === 'cancelled' && scope === 'following' && s.series_id) await updateSeries(trx, s.series_id, { ended_at: now });
      changes.push('status');
    }

    if (body.videoUrl !== undefined || body.place !== undefined) {
      for (const t of targets) {
        const p = patches.get(t.id) as Partial<CoachingSessionsTable>;
        if (body.videoUrl !== undefined) p.video_url = body.videoUrl;
        if (body.place !== undefined) p.place = body.place;
      }
      changes.push('place');
    }

    if (changes.length === 0) return [s];
    const updated: CoachingSessionsTable[] = [];
    for (const t of targets) {
      const patch = { ...(patches.get(t.id) as Partial<CoachingSessionsTable>), ics_sequence: t.ics_sequence + 1, updated_at: now };
      await updateSessionRow(trx, t.id, patch);
      updated.push({ ...t, ...patch });
    }
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.updated',
      actorId,
      entityId: s.id,
      payload: { scope, changes, sessions: updated.map(presentAttendance) },
      createdAt: now,
    });
    return updated;
  });
}
