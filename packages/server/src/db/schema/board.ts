import type { Generated } from 'kysely';

/**
 * Row shapes for the activity log and the board: columns, cards and comments.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

export interface EventsTable {
  id: Generated<number>;
  engagement_id: string;
  type: string;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  /** Who may see it: all members, the coach and coachees ('workers'), or the coach alone. */
  audience: string;
  payload: string;
  created_at: string;
  /** Where a card event put the card (`FlowFields` in the event catalog); null for every other event. */
  to_column_id: string | null;
  to_kind: string | null;
  from_column_id: string | null;
  from_kind: string | null;
}

export interface BoardColumnsTable {
  id: string;
  engagement_id: string;
  name: string;
  kind: string;
  wip_limit: number | null;
  policy: string | null;
  position: string;
  created_at: string;
  updated_at: string;
}

export interface CardsTable {
  id: string;
  engagement_id: string;
  column_id: string;
  type: string;
  title: string;
  description: string;
  /** JSON array of {id, text, done}. */
  definition_of_done: string;
  owner_id: string | null;
  due_on: string | null;
  event_at: string | null;
  event_place: string | null;
  /** JSON array of strings. */
  labels: string;
  blocked: number;
  blocked_reason: string | null;
  /** Why the card was last sent back from Verify; cleared when it reaches Verify or Done again. */
  sent_back_reason: string | null;
  parent_id: string | null;
  contract_id: string | null;
  deliverable_id: string | null;
  position: string;
  version: number;
  wip_override_reason: string | null;
  archived_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  column_entered_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface CardCommentsTable {
  id: string;
  card_id: string;
  engagement_id: string;
  author_id: string;
  body: string;
  created_at: string;
  /** An imported comment's author from the source (“Jane Doe (Trello)”), when they are not a member. */
  imported_author?: string | null;
}
