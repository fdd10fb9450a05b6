import { AppError, type ContractStatus, canRenew, canStartNewVersion, contractTransitionRefusal, type RenewalLength, renewalContent } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { cardsByContractItem, findNextContract, insertContract } from '../../db/queries/contracts.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { goalsShortOfTarget } from '../measures/goal-measures.js';
import { contractTransaction, loadContract, type RequestOrigin, recordContractActivity } from './contract-record.js';
import { contractRow } from './edit-contract.js';

/** Refuses a second follower while one is still open (a draft, out for signature, or signed). */
async function ensureNoOpenFollower(trx: Transaction<Database>, row: ContractsTable, kind: 'amendment' | 'renewal'): Promise<void> {
  const next = await findNextContract(trx, row.id);
  if (next && next.kind === kind && next.status !== 'withdrawn' && next.status !== 'declined') {
    const what = kind === 'amendment' ? `Version ${next.version} of this contract` : 'A renewal of this contract';
    throw new AppError('conflict', `${what} already exists (${next.status}). Open it instead of starting another.`, { details: { contractId: next.id } });
  }
}

/** Starts a new version of a contract (an amendment of a signed one, or a revision of a declined or withdrawn one), to be signed again. */
export async function startNewVersion(db: Kysely<Database>, id: string, actorId: string, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, content, status } = await loadContract(trx, id);
    if (!canStartNewVersion(status)) {
      const why =
        status === 'draft'
          ? 'This contract is still a draft: edit it directly.'
          : status === 'sent'
            ? 'This contract is out for signature: withdraw it first, then revise it.'
            : `${contractTransitionRefusal(status as ContractStatus, 'supersede')}`;
      throw new AppError('illegal_transition', why, { details: { status } });
    }
    await ensureNoOpenFollower(trx, row, 'amendment');
    const next = contractRow(
      {
        id: newId(),
        engagement_id: row.engagement_id,
        kind: 'amendment',
        version: row.version + 1,
        template: row.template,
        previous_id: row.id,
        created_by: actorId,
      },
      content,
    );
    await insertContract(trx, next);
    await recordContractActivity(trx, {
      contract: row,
      type: 'amended',
      actorId,
      origin,
      detail: { newContractId: next.id, version: next.version },
      live: false,
    });
    await recordContractActivity(trx, { contract: next, type: 'created', actorId, origin, detail: { previousId: row.id, version: next.version } });
    return next;
  });
}

/**
 * Drafts the next 30-, 60- or 90-day plan after a contract, carrying forward what isn't finished on the
 * board, and every goal whose measure has not reached its target (with the measure; its check-ins stay
 * with the goal's card, so the history goes on).
 */
export async function renewContract(db: Kysely<Database>, id: string, actorId: string, days: RenewalLength, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, content, status } = await loadContract(trx, id);
    if (!canRenew(status)) {
      throw new AppError(
        'illegal_transition',
        `This contract is ${status}; only a signed contract can be renewed.${status === 'superseded' ? ' Renew its latest version.' : ''}`,
        {
          details: { status },
        },
      );
    }
    if (!content.endsOn) throw new AppError('conflict', 'This contract has no end date, so there is nothing to renew from.');
    await ensureNoOpenFollower(trx, row, 'renewal');
    const cards = await cardsByContractItem(trx, row.engagement_id, [...content.goals.map((g) => g.id), ...content.deliverables.map((d) => d.id)]);
    const finished = new Set<string>();
    for (const [itemId, c] of cards) if (c.total > 0 && c.done === c.total) finished.add(itemId);
    for (const g of content.goals) {
      const served = content.deliverables.filter((d) => d.goalId === g.id);
      if (served.length > 0 && served.every((d) => finished.has(d.id))) finished.add(g.id);
    }
    // A goal with a measure is met when its number is, not when its cards are: one short of its target goes on.
    for (const id of await goalsShortOfTarget(trx, row.engagement_id)) finished.delete(id);
    const next = contractRow(
      { id: newId(), engagement_id: row.engagement_id, kind: 'renewal', version: 1, template: row.template, previous_id: row.id, created_by: actorId },
      renewalContent(content, days, finished),
    );
    await insertContract(trx, next);
    await recordContractActivity(trx, { contract: row, type: 'renewed', actorId, origin, detail: { newContractId: next.id, days }, live: false });
    await recordContractActivity(trx, {
      contract: next,
      type: 'created',
      actorId,
      origin,
      detail: { renewalOf: row.id, days, carriedForward: next.content ? JSON.parse(next.content).deliverables.length : 0 },
    });
    return next;
  });
}
