import {
  AppError,
  applyContractEvent,
  type ContractStatus,
  can,
  forbidden,
  type Membership,
  normalizeText,
  refusalMessage,
  signatureProgress,
} from '@carriage/core';
import type { Kysely } from 'kysely';
import { findContract, insertSignature, listSignatures, lockContract, updateContractIfStatus } from '../../db/queries/contracts.js';
import { findEngagementRow, updateEngagementRow } from '../../db/queries/engagements.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { contractTransaction, type LoadedContract, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';
import { applyCalendar, engagementToday } from './follow-calendar.js';

/** Names compare the way people read them: case, accents' encoding and extra spaces don't matter. */
function sameName(a: string, b: string): boolean {
  const n = (s: string) => normalizeText(s).replace(/\s+/g, ' ').toLocaleLowerCase();
  return n(a) === n(b);
}

export interface SignInput {
  typedName: string;
  consent: true;
  contentSha256?: string;
}

/** When the last signature is in: the previous version gives way, the engagement takes the contract's dates, and the calendar applies. */
async function completeContract(trx: WriteTrx, loaded: LoadedContract, now: string): Promise<ContractsTable> {
  const to = applyContractEvent(loaded.status, 'complete');
  if (!(await updateContractIfStatus(trx, loaded.row.id, loaded.status, { status: to, signed_at: now, updated_at: now }))) {
    throw new AppError('conflict', 'This contract changed meanwhile. Reload it.');
  }
  let row: ContractsTable = { ...loaded.row, status: to, signed_at: now, updated_at: now };
  await recordContractActivity(trx, { contract: row, type: 'completed', actorId: null, detail: { contentSha256: row.content_sha256 } });
  // The worker prints the signed PDF once and records its hash, so copies (and the hash alone) verify.
  await enqueueJob(trx, { kind: 'contract-pdf', payload: { contractId: row.id }, engagementId: row.engagement_id });

  if (row.kind === 'amendment' && row.previous_id) {
    const prev = await findContract(trx, row.previous_id);
    if (prev && (prev.status === 'signed' || prev.status === 'active')) {
      const prevTo = applyContractEvent(prev.status as ContractStatus, 'supersede');
      await updateContractIfStatus(trx, prev.id, prev.status, { status: prevTo, updated_at: now });
      await recordContractActivity(trx, {
        contract: { ...prev, status: prevTo },
        type: 'superseded',
        actorId: null,
        detail: { by: row.id, version: row.version },
      });
    }
  }

  const engagement = await findEngagementRow(trx, row.engagement_id);
  if (engagement) {
    const patch: { starts_on?: string | null; ends_on?: string | null } = {};
    if (row.kind !== 'renewal' || !engagement.starts_on) patch.starts_on = row.starts_on;
    patch.ends_on = row.ends_on;
    if (patch.starts_on !== engagement.starts_on || patch.ends_on !== engagement.ends_on) {
      await updateEngagementRow(trx, engagement.id, { ...patch, updated_at: now });
      await recordEvent(trx, {
        engagementId: engagement.id,
        type: 'engagement.updated',
        actorId: null,
        entityId: engagement.id,
        payload: { startsOn: patch.starts_on ?? engagement.starts_on, endsOn: patch.ends_on, fromContract: row.id },
      });
    }
  }
  row = await applyCalendar(trx, row, await engagementToday(trx, row.engagement_id));
  return row;
}

/**
 * A signer signs with their typed full name and explicit consent; the signature records when, from where,
 * and the hash of the exact content they saw. The last signature makes the contract signed.
 */
export async function signContract(db: Kysely<Database>, id: string, membership: Membership, input: SignInput, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    await lockContract(trx, id);
    const loaded = await loadContract(trx, id);
    const { row, content, status } = loaded;
    const signer = content.signers.find((s) => s.userId === membership.userId);
    if (!can(membership, 'contract.sign', { signerUserIds: content.signers.map((s) => s.userId) }) || !signer) {
      throw forbidden(refusalMessage('contract.sign', membership.role));
    }
    applyContractEvent(status, 'sign');
    const signatures = await listSignatures(trx, [row.id]);
    const mine = signatures.find((s) => s.user_id === membership.userId);
    if (mine) throw new AppError('conflict', `You already signed this contract (${mine.signed_at.slice(0, 10)}).`);
    if (input.contentSha256 && input.contentSha256 !== row.content_sha256) {
      throw new AppError('conflict', 'This contract is not the one you reviewed. Reload it, read it again, then sign.');
    }
    if (!sameName(input.typedName, signer.name)) {
      const msg = `Type your full name as it appears on the contract: ${signer.name}.`;
      throw new AppError('validation_failed', msg, { fields: { typedName: msg } });
    }
    const now = nowIso();
    await insertSignature(trx, {
      id: newId(),
      contract_id: row.id,
      engagement_id: row.engagement_id,
      user_id: membership.userId,
      typed_name: input.typedName,
      consent: 1,
      signed_at: now,
      ip: origin.ip,
      user_agent: origin.userAgent,
      content_sha256: row.content_sha256,
    });
    const progress = signatureProgress(
      content.signers.map((s) => s.userId),
      [...signatures.map((s) => s.user_id), membership.userId],
    );
    await recordContractActivity(trx, {
      contract: row,
      type: 'signed',
      actorId: membership.userId,
      origin,
      detail: { typedName: input.typedName, contentSha256: row.content_sha256, remaining: progress.remaining.length },
    });
    if (!progress.complete) return row;
    return completeContract(trx, loaded, now);
  });
}
