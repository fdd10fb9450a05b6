import type { Generated } from 'kysely';

/**
 * Row shapes for visions and contracts: signatures, audit trail and PDFs.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

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
