import { AppError, applyContractEvent, can, forbidden, type Membership, refusalMessage } from '@carriage/core';
import type { Kysely } from 'kysely';
import { updateContractIfStatus } from '../../db/queries/contracts.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { contractTransaction, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';

/** A signer declines a contract awaiting signatures, optionally saying why. */
export async function declineContract(db: Kysely<Database>, id: string, membership: Membership, reason: string | undefined, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, content, status } = await loadContract(trx, id);
    if (!can(membership, 'contract.sign', { signerUserIds: content.signers.map((s) => s.userId) })) {
      throw forbidden(refusalMessage('contract.sign', membership.role));
    }
    const to = applyContractEvent(status, 'decline');
    const now = nowIso();
    const patch = { status: to, declined_by: membership.userId, declined_at: now, declined_reason: reason || null, updated_at: now };
    if (!(await updateContractIfStatus(trx, id, status, patch))) throw new AppError('conflict', 'This contract changed meanwhile. Reload it.');
    const updated = { ...row, ...patch };
    await recordContractActivity(trx, { contract: updated, type: 'declined', actorId: membership.userId, origin, detail: reason ? { reason } : {} });
    return updated;
  });
}
