/**
 * Row shapes for coaching sessions: series, notes, WIFLE, addenda, commitments, calendars, reminders, goal sharing.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

/** A recurring series of coaching sessions: an RRULE anchored on its first start, in the coach's zone. */
export interface SessionSeriesTable {
  id: string;
  engagement_id: string;
  cadence: string;
  rule: string;
  time_zone: string;
  first_starts_at: string;
  duration_minutes: number;
  created_by: string;
  created_at: string;
  ended_at: string | null;
}

/** One coaching session (an occurrence of a series, or a one-off). status: scheduled | held | cancelled | no_show. */
export interface CoachingSessionsTable {
  id: string;
  engagement_id: string;
  series_id: string | null;
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  time_zone: string;
  video_url: string | null;
  place: string | null;
  status: string;
  /** wifle | verify | in_progress | pull | commitments | recap (closed); null before it starts. */
  stage: string | null;
  /** The card the coach is discussing at the current stage; null means the first card of the stage. */
  focus_card_id: string | null;
  started_at: string | null;
  closed_at: string | null;
  cancel_reason: string | null;
  /** JSON recap, written when the session is closed. */
  recap: string | null;
  ics_sequence: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Notes of a session: visibility 'shared' (coach and coachees) or 'private' (the coach alone). */
export interface SessionNotesTable {
  session_id: string;
  visibility: string;
  body: string;
  updated_by: string;
  updated_at: string;
}

/** What each participant expressed in WIFLE. */
export interface SessionParticipantsTable {
  session_id: string;
  user_id: string;
  wifle_note: string;
  wifle_done_at: string | null;
  /** When this person said "We agree" to the session's commitments (cleared when the commitments change). */
  agreed_at: string | null;
  updated_at: string;
}

/** Something added to a session's notes after it closed: shown as an addendum in the recap. */
export interface SessionAddendaTable {
  id: string;
  session_id: string;
  engagement_id: string;
  body: string;
  author_id: string;
  created_at: string;
}

/** A card committed to in a session; reviewed (kept | missed) when the next session starts. */
export interface CommitmentsTable {
  id: string;
  engagement_id: string;
  session_id: string;
  card_id: string;
  title: string;
  owner_id: string | null;
  due_on: string | null;
  created_by: string;
  created_at: string;
  review_session_id: string | null;
  review_result: string | null;
  review_column_kind: string | null;
  reviewed_at: string | null;
}

/** A user's private iCalendar feed: the token in its URL is a revocable read-only capability. */
export interface CalendarFeedsTable {
  user_id: string;
  /** SHA-256 of the secret in the feed's address; the address itself is shown once. */
  token_hash: string;
  created_at: string;
  last_fetched_at: string | null;
}

/** A reminder for a user (before a session, a commitment falling due, a check-in due); remind_key makes issuing idempotent. */
export interface RemindersTable {
  id: string;
  user_id: string;
  engagement_id: string;
  kind: string;
  subject_id: string;
  remind_key: string;
  title: string;
  due_at: string;
  created_at: string;
  emailed_at: string | null;
  dismissed_at: string | null;
}

/** A goal card the coachee (or coach) shares with the sponsor; no row means not shared. */
export interface GoalSharingTable {
  card_id: string;
  engagement_id: string;
  shared_by: string;
  shared_at: string;
}
