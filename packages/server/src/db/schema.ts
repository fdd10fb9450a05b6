import type { Generated } from 'kysely';

/** Row shapes of every table. Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same. */
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

export interface VisionDocumentsTable {
  engagement_id: string;
  current_situation: string;
  desired_future: string;
  /** JSON array of goals {id, what, howMeasured, target, byWhen}. */
  goals: string;
  /** JSON {amount, currency, unit, sessionsIncluded, covers}, or null before a quote is given. */
  quote: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface VisionCommentsTable {
  id: string;
  engagement_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface ContractsTable {
  id: string;
  engagement_id: string;
  /** original | amendment | renewal */
  kind: string;
  version: number;
  template: string;
  previous_id: string | null;
  status: string;
  title: string;
  starts_on: string | null;
  ends_on: string | null;
  /** JSON ContractContent: what the signers read and sign. */
  content: string;
  content_sha256: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  signed_at: string | null;
  declined_by: string | null;
  declined_at: string | null;
  declined_reason: string | null;
  withdrawn_at: string | null;
}

export interface ContractSignaturesTable {
  id: string;
  contract_id: string;
  engagement_id: string;
  user_id: string;
  typed_name: string;
  consent: number;
  signed_at: string;
  ip: string | null;
  user_agent: string | null;
  content_sha256: string;
}

export interface ContractAuditTable {
  id: Generated<number>;
  contract_id: string;
  engagement_id: string;
  type: string;
  actor_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object. */
  detail: string;
  created_at: string;
}

export interface ContractPdfsTable {
  sha256: string;
  contract_id: string;
  engagement_id: string;
  content_sha256: string;
  issued_at: string;
}

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

/** The coach's business as printed on their invoices (Settings). */
export interface BusinessProfilesTable {
  user_id: string;
  name: string;
  address: string;
  tax_id: string;
  payment_instructions: string;
  /** A link where clients pay; {number}, {amount} and {currency} are filled in per invoice. */
  payment_link: string;
  days_to_pay: number;
  number_prefix: string;
  tax_rate_bp: number;
  updated_at: string;
}

/** The last number a coach issued in a series (a year); its row lock makes numbering gapless. */
export interface InvoiceCountersTable {
  coach_id: string;
  series: string;
  last_number: number;
}

/** Who a contract bills; outside the signed content, so it can change without a new signature. */
export interface ContractBillingTable {
  contract_id: string;
  engagement_id: string;
  legal_name: string;
  address: string;
  tax_id: string;
  email: string;
  updated_by: string | null;
  updated_at: string;
}

/** An invoice or a credit note. kind: invoice | credit_note; status: draft | issued | paid | void. Amounts in minor units. */
export interface InvoicesTable {
  id: string;
  engagement_id: string;
  contract_id: string | null;
  coach_id: string;
  kind: string;
  status: string;
  currency: string;
  number: string | null;
  series: string | null;
  sequence: number | null;
  issued_on: string | null;
  due_on: string | null;
  days_to_pay: number;
  notes: string;
  reverse_charge: number;
  credit_for_id: string | null;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
  paid_minor: number;
  /** JSON snapshots of the coach's business and of who is billed, taken when issued. */
  seller: string | null;
  buyer: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
}

/** One line: quantity in thousandths × unit price in minor units, tax rate in basis points. */
export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  engagement_id: string;
  position: number;
  description: string;
  quantity_milli: number;
  unit_minor: number;
  tax_rate_bp: number;
  amount_minor: number;
  source_kind: string;
  source_key: string | null;
}

export interface InvoicePaymentsTable {
  id: string;
  invoice_id: string;
  engagement_id: string;
  paid_on: string;
  amount_minor: number;
  method: string;
  reference: string | null;
  provider_event_id: string | null;
  created_by: string | null;
  created_at: string;
}

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

export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  user_two_factor: UserTwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  pending_logins: PendingLoginsTable;
  engagements: EngagementsTable;
  engagement_members: EngagementMembersTable;
  invitations: InvitationsTable;
  events: EventsTable;
  board_columns: BoardColumnsTable;
  cards: CardsTable;
  card_comments: CardCommentsTable;
  goal_sharing: GoalSharingTable;
  check_ins: CheckInsTable;
  session_series: SessionSeriesTable;
  coaching_sessions: CoachingSessionsTable;
  session_notes: SessionNotesTable;
  session_participants: SessionParticipantsTable;
  session_addenda: SessionAddendaTable;
  commitments: CommitmentsTable;
  calendar_feeds: CalendarFeedsTable;
  reminders: RemindersTable;
  vision_documents: VisionDocumentsTable;
  vision_comments: VisionCommentsTable;
  contracts: ContractsTable;
  contract_signatures: ContractSignaturesTable;
  contract_audit: ContractAuditTable;
  contract_pdfs: ContractPdfsTable;
  jobs: JobsTable;
  rate_limits: RateLimitsTable;
  business_profiles: BusinessProfilesTable;
  invoice_counters: InvoiceCountersTable;
  contract_billing: ContractBillingTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_payments: InvoicePaymentsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  import_refs: ImportRefsTable;
}
