import { calendarShowsSessionDetails, type Role, roles } from '@carriage/core';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { type ICalCalendar, ICalEventStatus } from 'ical-generator';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';

const PRODUCT = { company: 'Carriage', product: 'Carriage', language: 'EN' };
const FEED_PAST_DAYS = 120;

function newCalendar(name: string): ICalCalendar {
  // Every zone an event uses gets its VTIMEZONE, so calendar apps place sessions at the coach's local time.
  return ical({ name, prodId: PRODUCT, timezone: { name: null, generator: getVtimezoneComponent } });
}

/** Whether a VTIMEZONE can be written for the zone (UTC needs none: times are written with Z). */
function zoneFor(timeZone: string): string | null {
  if (/^(UTC|Etc\/UTC|GMT|Etc\/GMT)$/i.test(timeZone)) return null;
  return getVtimezoneComponent(timeZone) ? timeZone : null;
}

type SessionForCalendar = Pick<
  CoachingSessionsTable,
  'id' | 'engagement_id' | 'starts_at' | 'ends_at' | 'time_zone' | 'status' | 'video_url' | 'place' | 'ics_sequence' | 'updated_at'
>;

/** Adds a session as an event; a sponsor's calendar gets the date only (no place or link). */
function addSession(cal: ICalCalendar, s: SessionForCalendar, engagementTitle: string, attendanceOnly: boolean, publicUrl: string): void {
  const zone = zoneFor(s.time_zone);
  const start = DateTime.fromISO(s.starts_at, { zone: 'utc' });
  const end = DateTime.fromISO(s.ends_at, { zone: 'utc' });
  const event = cal.createEvent({
    id: `session-${s.id}@carriage`,
    sequence: s.ics_sequence,
    stamp: new Date(s.updated_at),
    start: zone ? start.setZone(zone) : start.toJSDate(),
    end: zone ? end.setZone(zone) : end.toJSDate(),
    timezone: zone,
    summary: `Coaching session · ${engagementTitle}`,
    status: s.status === 'cancelled' || s.status === 'no_show' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (attendanceOnly) return;
  const link = `${publicUrl}/e/${s.engagement_id}/sessions/${s.id}`;
  const where = s.place ?? s.video_url;
  if (where) event.location(where);
  if (s.video_url) event.url(s.video_url);
  event.description(`${s.video_url ? `Join: ${s.video_url}\n` : ''}Open the session in Carriage: ${link}`);
}

/** One session as an .ics file. */
export function sessionCalendar(s: SessionForCalendar, engagementTitle: string, attendanceOnly: boolean, publicUrl: string): string {
  const cal = newCalendar(`Coaching session · ${engagementTitle}`);
  addSession(cal, s, engagementTitle, attendanceOnly, publicUrl);
  return cal.toString();
}

/**
 * A user's private feed: the sessions of every engagement they belong to (from a few months back),
 * and the event cards of the boards they work on.
 */
export async function userCalendar(db: Kysely<Database>, userId: string, publicUrl: string, now = new Date()): Promise<string> {
  const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000).toISOString();
  const sessions = await db
    .selectFrom('coaching_sessions as s')
    .innerJoin('engagement_members as m', (j) => j.onRef('m.engagement_id', '=', 's.engagement_id').on('m.user_id', '=', userId))
    .innerJoin('engagements as e', 'e.id', 's.engagement_id')
    .select([
      's.id',
      's.engagement_id',
      's.starts_at',
      's.ends_at',
      's.time_zone',
      's.status',
      's.video_url',
      's.place',
      's.ics_sequence',
      's.updated_at',
      'e.title as engagement_title',
      'm.role',
    ])
    .where('s.starts_at', '>=', since)
    .orderBy('s.starts_at')
    .execute();
  const cards = await db
    .selectFrom('cards as c')
    .innerJoin('engagement_members as m', (j) => j.onRef('m.engagement_id', '=', 'c.engagement_id').on('m.user_id', '=', userId))
    .innerJoin('engagements as e', 'e.id', 'c.engagement_id')
    .select(['c.id', 'c.title', 'c.event_at', 'c.event_place', 'c.version', 'c.updated_at', 'c.engagement_id', 'e.title as engagement_title'])
    .where('c.type', '=', 'event')
    .where('c.event_at', 'is not', null)
    .where('c.archived_at', 'is', null)
    .where('m.role', 'in', roles.filter(calendarShowsSessionDetails))
    .where('c.event_at', '>=', since)
    .execute();
  const cal = newCalendar('Carriage');
  for (const s of sessions) addSession(cal, s, s.engagement_title, !calendarShowsSessionDetails(s.role as Role), publicUrl);
  for (const c of cards) {
    const start = new Date(c.event_at as string);
    const event = cal.createEvent({
      id: `card-${c.id}@carriage`,
      sequence: c.version,
      stamp: new Date(c.updated_at),
      start,
      end: new Date(start.getTime() + 3_600_000),
      summary: `${c.title} · ${c.engagement_title}`,
      description: `On the board in Carriage: ${publicUrl}/e/${c.engagement_id}/board`,
    });
    if (c.event_place) event.location(c.event_place);
  }
  return cal.toString();
}
