/**
 * Row shapes for webhooks, goal check-ins and import references.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

/** An endpoint a coach registered; see migration 013. */
export interface WebhooksTable {
  id: string;
  owner_id: string;
  /** null: every engagement the owner coaches. */
  engagement_id: string | null;
  url: string;
  description: string | null;
  /** JSON array of event types. */
  event_types: string;
  /** The signing secret, sealed (see lib/secret-box.ts). */
  secret: string;
  created_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to send to one webhook; the `webhook` job `job_id` sends it (see migration 013). */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: number;
  engagement_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  job_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

/** A value of a goal's measure, recorded against the goal's card; a correction names the row it corrects. */
export interface CheckInsTable {
  id: string;
  engagement_id: string;
  card_id: string;
  /** The contract goal the card stands for (its measure's source). */
  goal_id: string;
  value: number;
  /** The day the value is about (YYYY-MM-DD). */
  observed_on: string;
  note: string;
  session_id: string | null;
  corrects_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

/** What an imported source item became (see migration 014). */
export interface ImportRefsTable {
  engagement_id: string;
  source: string;
  external_id: string;
  kind: 'card' | 'comment' | 'column';
  local_id: string;
  imported_at: string;
}
