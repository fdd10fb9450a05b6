/**
 * Row shapes for logins, accounts and two-factor.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  time_zone: string;
  created_at: string;
  updated_at: string;
  /** The sample engagement this fictional member belongs to (it cannot log in and gets no mail); null for people. */
  sample_engagement_id?: string | null;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Set when the link stops working unused: a newer link was used, or the password changed. */
  revoked_at: string | null;
}

export interface UserTwoFactorTable {
  user_id: string;
  secret: string;
  created_at: string;
  enabled_at: string | null;
  last_used_step: number | null;
}

export interface TwoFactorRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface PendingLoginsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
