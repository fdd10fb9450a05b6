import {
  type ContractContent,
  type ContractStatus,
  type ContractTemplate,
  canSeeSignerOrigin,
  diffContracts,
  type Membership,
  missingToSend,
} from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { cardsByContractItem, findContract, findNextContract, hasAudit, listAudit, listSignatures } from '../../db/queries/contracts.js';
import type { ContractSignaturesTable, ContractsTable, Database } from '../../db/schema.js';
import { contractTransaction, type RequestOrigin, recordContractActivity } from './contract-record.js';

type Q = Kysely<Database> | Transaction<Database>;

/** A signature with the signer's name and role as the contract names them (their typed name if it no longer lists them). */
export function presentSignature(content: ContractContent, s: ContractSignaturesTable) {
  const who = content.signers.find((x) => x.userId === s.user_id);
  return {
    name: who?.name ?? s.typed_name,
    role: who?.role ?? 'signer',
    typedName: s.typed_name,
    signedAt: s.signed_at,
    ip: s.ip,
    userAgent: s.user_agent,
    contentSha256: s.content_sha256,
  };
}

/** The list shape of a contract: what it is, where it stands, who signed. */
export function presentSummary(row: ContractsTable, signatures: ContractSignaturesTable[], nextId: string | null) {
  const content = JSON.parse(row.content) as ContractContent;
  const mine = signatures.filter((s) => s.contract_id === row.id);
  return {
    id: row.id,
    engagementId: row.engagement_id,
    title: row.title,
    status: row.status as ContractStatus,
    kind: row.kind as 'original' | 'amendment' | 'renewal',
    version: row.version,
    template: row.template as ContractTemplate,
    previousId: row.previous_id,
    nextId,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    sessionsIncluded: content.rate?.sessionsIncluded ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    signedAt: row.signed_at,
    signers: content.signers.map((s) => ({
      userId: s.userId,
      name: s.name,
      role: s.role,
      signedAt: mine.find((x) => x.user_id === s.userId)?.signed_at ?? null,
      declinedAt: row.declined_by === s.userId ? row.declined_at : null,
    })),
  };
}

/** Every contract of an engagement, newest first. */
export async function presentContractList(db: Q, rows: ContractsTable[]) {
  const signatures = await listSignatures(
    db,
    rows.map((r) => r.id),
  );
  const nextOf = new Map<string, string>();
  for (const r of rows) if (r.previous_id && !nextOf.has(r.previous_id)) nextOf.set(r.previous_id, r.id);
  return rows.map((r) => presentSummary(r, signatures, nextOf.get(r.id) ?? null));
}

/** One contract in full, as the asking member sees it. */
export async function presentContract(db: Q, row: ContractsTable, viewer: Membership) {
  const content = JSON.parse(row.content) as ContractContent;
  const signatures = await listSignatures(db, [row.id]);
  const next = await findNextContract(db, row.id);
  const previous = row.previous_id ? await findContract(db, row.previous_id) : undefined;
  const onBoard = await cardsByContractItem(
    db,
    row.engagement_id,
    content.deliverables.map((d) => d.id),
  );
  const signer = content.signers.find((s) => s.userId === viewer.userId);
  const signed = signatures.find((s) => s.user_id === viewer.userId);
  const mySignature = !signer ? 'not_a_signer' : signed ? 'signed' : row.declined_by === viewer.userId ? 'declined' : 'to_sign';
  return {
    ...presentSummary(row, signatures, next?.id ?? null),
    content,
    contentSha256: row.content_sha256,
    signatures: signatures.map((s) => withOrigin(viewer, s.user_id, { id: s.id, userId: s.user_id, ...presentSignature(content, s) })),
    changes: previous && row.kind === 'amendment' ? diffContracts(JSON.parse(previous.content) as ContractContent, content) : [],
    declinedReason: row.declined_reason,
    mySignature: mySignature as 'not_a_signer' | 'to_sign' | 'signed' | 'declined',
    deliverablesOnBoard: content.deliverables.filter((d) => onBoard.has(d.id)).length,
    missingToSend: row.status === 'draft' ? missingToSend(content) : {},
  };
}

/** Where a signer acted from (IP address and browser), blanked for a viewer who may not see it. */
function withOrigin<T extends { ip: string | null; userAgent: string | null }>(viewer: Membership, actorId: string | null, entry: T): T {
  return canSeeSignerOrigin(viewer, actorId) ? entry : { ...entry, ip: null, userAgent: null };
}

/** The audit trail as this member may see it. */
export async function presentAudit(db: Q, contractId: string, viewer: Membership) {
  const rows = await listAudit(db, contractId);
  return rows.map((a) =>
    withOrigin(viewer, a.actor_id, {
      id: String(a.id),
      type: a.type,
      actor: a.actor_id ? { id: a.actor_id, name: a.actor_name ?? 'Former member' } : null,
      at: a.created_at,
      ip: a.ip,
      userAgent: a.user_agent,
      detail: JSON.parse(a.detail) as Record<string, unknown>,
    }),
  );
}

/** Notes the first time each member other than its author opens a contract that awaits signatures. */
export async function recordView(db: Kysely<Database>, row: ContractsTable, userId: string, origin: RequestOrigin): Promise<void> {
  if (row.status !== 'sent' || row.created_by === userId) return;
  if (await hasAudit(db, row.id, 'viewed', userId)) return;
  await contractTransaction(db, row.id, (trx) => recordContractActivity(trx, { contract: row, type: 'viewed', actorId: userId, origin, live: false }));
}
