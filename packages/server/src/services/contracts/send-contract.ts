import { AppError, applyContractEvent, missingToSend } from '@carriage/core';
import type { Kysely } from 'kysely';
import { updateContractIfStatus } from '../../db/queries/contracts.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { contractTransaction, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';

/** Sends a complete draft to its signers; from here on its text is fixed. */
export async function sendContract(db: Kysely<Database>, id: string, actorId: string, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, content, status } = await loadContract(trx, id);
    const to = applyContractEvent(status, 'send');
    const missing = missingToSend(content);
    if (Object.keys(missing).length > 0) {
      const first = Object.values(missing)[0];
      throw new AppError('validation_failed', `This contract isn't ready to send: ${Object.keys(missing).length === 1 ? first : 'a few things are missing.'}`, {
        fields: missing,
      });
    }
    const now = nowIso();
    if (!(await updateContractIfStatus(trx, id, status, { status: to, sent_at: now, updated_at: now })))
      throw new AppError('conflict', 'This contract changed meanwhile. Reload it.');
    const sent = { ...row, status: to, sent_at: now, updated_at: now };
    await recordContractActivity(trx, {
      contract: sent,
      type: 'sent',
      actorId,
      origin,
      detail: { contentSha256: row.content_sha256, signers: content.signers.map((s) => s.name) },
    });
    return sent;
  });
}
