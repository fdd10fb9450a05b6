import type {
  ApiTokensTable,
  AuthSessionsTable,
  PasswordResetsTable,
  PendingLoginsTable,
  TwoFactorRecoveryCodesTable,
  UsersTable,
  UserTwoFactorTable,
} from './schema/accounts.js';
import type { BoardColumnsTable, CardCommentsTable, CardsTable, EventsTable } from './schema/board.js';
import type {
  ContractAuditTable,
  ContractPdfsTable,
  ContractSignaturesTable,
  ContractsTable,
  VisionCommentsTable,
  VisionDocumentsTable,
} from './schema/contracts.js';
import type { EngagementMembersTable, EngagementsTable, InvitationsTable } from './schema/engagements.js';
import type { CheckInsTable, ImportRefsTable, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from './schema/integrations.js';
import type {
  BusinessProfilesTable,
  ContractBillingTable,
  InvoiceCountersTable,
  InvoiceLinesTable,
  InvoicePaymentsTable,
  InvoicesTable,
} from './schema/money.js';
import type { JobsTable, RateLimitsTable } from './schema/operations.js';
import type {
  CalendarFeedsTable,
  CoachingSessionsTable,
  CommitmentsTable,
  GoalSharingTable,
  RemindersTable,
  SessionAddendaTable,
  SessionNotesTable,
  SessionParticipantsTable,
  SessionSeriesTable,
} from './schema/sessions.js';

export * from './schema/accounts.js';
export * from './schema/board.js';
export * from './schema/contracts.js';
export * from './schema/engagements.js';
export * from './schema/integrations.js';
export * from './schema/money.js';
export * from './schema/operations.js';
export * from './schema/sessions.js';

/** Row shapes of every table, one file per part of the domain under schema/; `Database` names each table. */
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
