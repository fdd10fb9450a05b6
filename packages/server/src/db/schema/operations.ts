/**
 * Row shapes for jobs and shared rate limits.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** Work to do after a change commits (an outbox row), claimed by one worker at a time; see migration 009. */
export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. An email's body (which may carry a single-use link) is dropped once it is sent or has failed for good. */
  payload: string;
  engagement_id: string | null;
  /** Set on periodic jobs: one row per kind, run again and again. */
  unique_key: string | null;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A rate limit's counter for one key (hashed), shared by every instance. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** Milliseconds since the epoch. */
  window_ends_at: number;
}
