/**
 * Row shapes for engagements, their members and invitations.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

export interface EngagementsTable {
  id: string;
  title: string;
  client_type: string;
  organization_name: string | null;
  status: string;
  coach_id: string;
  starts_on: string | null;
  ends_on: string | null;
  settings: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1 for a sample engagement ("Try a sample engagement"): no invoices, no webhooks, deleted in one step. */
  sample?: number;
}

export interface EngagementMembersTable {
  engagement_id: string;
  user_id: string;
  role: string;
  joined_at: string;
}

export interface InvitationsTable {
  id: string;
  engagement_id: string;
  email: string;
  name: string | null;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  last_sent_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  /** Someone logged in under another address who asked the coach to join with this invitation. */
  requested_by: string | null;
  requested_at: string | null;
}
