import { AppError, applyContractEvent } from '@carriage/core';
import type { Kysely } from 'kysely';
import { updateContractIfStatus } from '../../db/queries/contracts.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { contractTransaction, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';

/** The coach takes back a draft or a contract awaiting signatures; it can be revised as a new version. */
export async function withdrawContract(db: Kysely<Database>, id: string, actorId: string, reason: string | undefined, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, status } = await loadContract(trx, id);
    const to = applyContractEvent(status, 'withdraw');
    const now = nowIso();
    if (!(await updateContractIfStatus(trx, id, status, { status: to, withdrawn_at: now, updated_at: now })))
      throw new AppError('conflict', 'This contract changed meanwhile. Reload it.');
    const updated = { ...row, status: to, withdrawn_at: now, updated_at: now };
    await recordContractActivity(trx, { contract: updated, type: 'withdrawn', actorId, origin, detail: reason ? { reason } : {} });
    return updated;
  });
}
