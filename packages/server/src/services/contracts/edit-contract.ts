import {
  AppError,
  type ContractContent,
  type ContractDeliverable,
  type ContractStatus,
  type ContractTemplate,
  type CreateContractBody,
  contractContentHash,
  contractLockedMessage,
  draftContract,
  isContractEditable,
  type UpdateContractBody,
} from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { insertContract, updateContractIfStatus } from '../../db/queries/contracts.js';
import { coacheeNames, findEngagementRow } from '../../db/queries/engagements.js';
import { findVision } from '../../db/queries/vision.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { writeTransaction } from '../events/record-event.js';
import { contractTransaction, loadContract, membersAsSigners, type RequestOrigin, recordContractActivity, resolveSigners } from './contract-record.js';
import { withGoalIds } from './write-vision.js';

type Body = UpdateContractBody;

/** Applies edited fields to a draft's content, giving new goals and deliverables ids and checking their links. */
async function applyFields(trx: Transaction<Database>, engagementId: string, content: ContractContent, body: Body): Promise<ContractContent> {
  const next: ContractContent = { ...content };
  if (body.title !== undefined) next.title = body.title;
  if (body.clientName !== undefined) next.clientName = body.clientName;
  if (body.startsOn !== undefined) next.startsOn = body.startsOn;
  if (body.endsOn !== undefined) next.endsOn = body.endsOn;
  if (body.rate !== undefined) next.rate = body.rate;
  if (body.paymentTerms !== undefined) next.paymentTerms = body.paymentTerms;
  if (body.cancellationTerms !== undefined) next.cancellationTerms = body.cancellationTerms;
  if (body.confidentialityTerms !== undefined) next.confidentialityTerms = body.confidentialityTerms;
  if (body.goals !== undefined) next.goals = withGoalIds(body.goals);
  if (body.deliverables !== undefined) {
    next.deliverables = body.deliverables.map(
      (d): ContractDeliverable => ({
        id: d.id ?? newId(),
        description: d.description,
        acceptanceCriteria: d.acceptanceCriteria,
        dueOn: d.dueOn,
        goalId: d.goalId,
      }),
    );
  }
  if (body.signers !== undefined) next.signers = await resolveSigners(trx, engagementId, body.signers);
  const ids = [...next.goals.map((g) => g.id), ...next.deliverables.map((d) => d.id)];
  if (new Set(ids).size !== ids.length) {
    throw new AppError('validation_failed', 'Two goals or deliverables share an id; leave ids out for new ones.', {
      fields: { deliverables: 'Ids must be unique.' },
    });
  }
  const goalIds = new Set(next.goals.map((g) => g.id));
  if (next.deliverables.some((d) => d.goalId && !goalIds.has(d.goalId))) {
    throw new AppError('validation_failed', 'A deliverable serves a goal that is not in this contract. Pick one of its goals, or none.', {
      fields: { deliverables: 'Pick one of this contract’s goals, or none.' },
    });
  }
  if (next.startsOn && next.endsOn && next.endsOn < next.startsOn) {
    throw new AppError('validation_failed', 'The end date must be on or after the start date.', {
      fields: { endsOn: 'The end date must be on or after the start date.' },
    });
  }
  return next;
}

/** Builds a contract row around content. */
export function contractRow(
  base: Pick<ContractsTable, 'id' | 'engagement_id' | 'kind' | 'version' | 'template' | 'previous_id' | 'created_by'>,
  content: ContractContent,
): ContractsTable {
  const now = nowIso();
  return {
    ...base,
    status: 'draft',
    title: content.title,
    starts_on: content.startsOn,
    ends_on: content.endsOn,
    content: JSON.stringify(content),
    content_sha256: contractContentHash(content),
    created_at: now,
    updated_at: now,
    sent_at: null,
    signed_at: null,
    declined_by: null,
    declined_at: null,
    declined_reason: null,
    withdrawn_at: null,
  };
}

/** Drafts a contract from a template (the engagement's kind by default), optionally from the vision document. */
export async function createContract(db: Kysely<Database>, engagementId: string, actorId: string, body: CreateContractBody, origin: RequestOrigin) {
  return writeTransaction(db, engagementId, async (trx) => {
    const engagement = await findEngagementRow(trx, engagementId);
    if (!engagement) throw new AppError('not_found', 'That engagement was not found.');
    const template = (body.template ?? engagement.client_type) as ContractTemplate;
    const people = await membersAsSigners(trx, engagementId);
    const vision = body.fromVision ? await findVision(trx, engagementId) : undefined;
    if (body.fromVision && !vision) {
      throw new AppError('conflict', 'There is no vision document yet. Write the vision and the quote first, or start from a template.');
    }
    const coachees = (await coacheeNames(trx, [engagementId])).get(engagementId) ?? [];
    const clientName = engagement.client_type === 'organization' ? (engagement.organization_name ?? '') : coachees.join(', ');
    const drafted = draftContract({
      template,
      engagementTitle: engagement.title,
      clientName,
      coach: people.coach,
      coachees: people.coachees,
      sponsors: people.sponsors,
      startsOn: engagement.starts_on,
      endsOn: engagement.ends_on,
      newId,
      vision: vision ? { goals: JSON.parse(vision.goals), quote: vision.quote ? JSON.parse(vision.quote) : null } : null,
    });
    const { template: _t, fromVision: _v, ...fields } = body;
    const content = await applyFields(trx, engagementId, drafted, fields);
    const row = contractRow(
      { id: newId(), engagement_id: engagementId, kind: 'original', version: 1, template, previous_id: null, created_by: actorId },
      content,
    );
    await insertContract(trx, row);
    await recordContractActivity(trx, { contract: row, type: 'created', actorId, origin, detail: { template, fromVision: !!body.fromVision } });
    return row;
  });
}

/** Edits a draft; anything sent or signed is locked (409 contract_locked). */
export async function updateContract(db: Kysely<Database>, id: string, actorId: string, body: Body, origin: RequestOrigin) {
  return contractTransaction(db, id, async (trx) => {
    const { row, content, status } = await loadContract(trx, id);
    if (!isContractEditable(status)) throw new AppError('contract_locked', contractLockedMessage(status), { details: { status } });
    const changed = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    if (changed.length === 0) return row;
    const next = await applyFields(trx, row.engagement_id, content, body);
    const patch = {
      title: next.title,
      starts_on: next.startsOn,
      ends_on: next.endsOn,
      content: JSON.stringify(next),
      content_sha256: contractContentHash(next),
      updated_at: nowIso(),
    };
    if (!(await updateContractIfStatus(trx, id, 'draft', patch))) throw new AppError('contract_locked', contractLockedMessage(status as ContractStatus));
    const updated = { ...row, ...patch };
    await recordContractActivity(trx, { contract: updated, type: 'updated', actorId, origin, detail: { fields: changed } });
    return updated;
  });
}
