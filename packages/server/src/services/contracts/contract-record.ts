import {
  AppError,
  type ContractContent,
  type ContractSigner,
  type ContractStatus,
  type EventPayload,
  type EventTypeWithPrefix,
  notFound,
} from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { findContract, insertAudit } from '../../db/queries/contracts.js';
import { listMembers } from '../../db/queries/engagements.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { type NewEvent, recordEvent, type WriteTrx } from '../events/record-event.js';
import { writeTransactionOf } from '../events/write-transaction.js';

type ContractEventType = EventTypeWithPrefix<'contract.'>;

type Q = Kysely<Database> | Transaction<Database>;

/** Where a request came from, recorded with signatures and in the audit trail. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface LoadedContract {
  row: ContractsTable;
  content: ContractContent;
  status: ContractStatus;
}

/** Reads a contract and its content, or 404. */
export async function loadContract(db: Q, id: string): Promise<LoadedContract> {
  const row = await findContract(db, id);
  if (!row) throw notFound('That contract');
  return { row, content: JSON.parse(row.content) as ContractContent, status: row.status as ContractStatus };
}

/**
 * Runs `fn` under the write lock of the contract's engagement (a contract never changes engagement, so
 * reading which one before taking the lock is safe); 404 when there is no such contract.
 */
export async function contractTransaction<T>(db: Kysely<Database>, contractId: string, fn: (trx: WriteTrx) => Promise<T>): Promise<T> {
  const done = await writeTransactionOf(db, 'contracts', contractId, fn);
  if (!done) throw notFound('That contract');
  return done.result;
}

type ContractStep = ContractEventType extends `contract.${infer S}` ? S : never;
type DetailOf<S extends ContractStep> = Omit<EventPayload<`contract.${S}`>, 'contractId' | 'title' | 'status'>;

/** Records one step of a contract in its audit trail and, unless it is only a view, in the engagement's activity log. */
export async function recordContractActivity<S extends ContractStep | 'viewed'>(
  trx: WriteTrx,
  e: {
    contract: ContractsTable;
    type: S;
    actorId: string | null;
    origin?: RequestOrigin | null;
    detail?: S extends ContractStep ? DetailOf<S> : Record<string, unknown>;
    live?: boolean;
  },
): Promise<void> {
  const now = nowIso();
  await insertAudit(trx, {
    contract_id: e.contract.id,
    engagement_id: e.contract.engagement_id,
    type: e.type,
    actor_id: e.actorId,
    ip: e.origin?.ip ?? null,
    user_agent: e.origin?.userAgent ?? null,
    detail: JSON.stringify(e.detail ?? {}),
    created_at: now,
  });
  if (e.live === false || e.type === 'viewed') return;
  await recordEvent(trx, {
    engagementId: e.contract.engagement_id,
    type: `contract.${e.type}` as ContractEventType,
    actorId: e.actorId,
    entityId: e.contract.id,
    payload: { contractId: e.contract.id, title: e.contract.title, status: e.contract.status, ...(e.detail ?? {}) } as EventPayload<ContractEventType>,
    createdAt: now,
  } as NewEvent<ContractEventType>);
}

/** Turns requested signer ids into signers named as members of the engagement; refuses anyone who isn't one. */
export async function resolveSigners(db: Q, engagementId: string, requested: { userId: string }[]): Promise<ContractSigner[]> {
  const members = await listMembers(db, engagementId);
  const byId = new Map(members.map((m) => [m.userId, m]));
  const out: ContractSigner[] = [];
  for (const r of requested) {
    const m = byId.get(r.userId);
    if (!m)
      throw new AppError('validation_failed', 'Every signer must be a member of this engagement.', {
        fields: { signers: 'Every signer must be a member of this engagement.' },
      });
    if (out.some((s) => s.userId === m.userId)) continue;
    out.push({ userId: m.userId, name: m.name, role: m.role as ContractSigner['role'] });
  }
  return out;
}

/** Today's date (YYYY-MM-DD) in a time zone, so a contract starts on the coach's calendar day. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Members by role, as signers, for templates. */
export async function membersAsSigners(db: Q, engagementId: string) {
  const members = await listMembers(db, engagementId);
  const as = (role: ContractSigner['role']) =>
    members.filter((m) => m.role === role).map((m) => ({ userId: m.userId, name: m.name, role }) satisfies ContractSigner);
  return { coach: as('coach')[0], coachees: as('coachee'), sponsors: as('sponsor') };
}
