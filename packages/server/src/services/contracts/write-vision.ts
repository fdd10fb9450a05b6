import type { ContractGoal, goalSchema, PutVisionBody, VisionQuote } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { findUserById } from '../../db/queries/users.js';
import { findVision, insertVisionComment, listVisionComments, upsertVision } from '../../db/queries/vision.js';
import type { Database, VisionDocumentsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Gives every goal an id (kept when the client sends one back), so contracts drafted from it can link to them. */
export function withGoalIds(goals: z.output<typeof goalSchema>[]): ContractGoal[] {
  return goals.map((g) => ({ id: g.id ?? newId(), what: g.what, howMeasured: g.howMeasured, target: g.target, byWhen: g.byWhen, measure: g.measure }));
}

/** The vision document of an engagement as the API shows it (an empty one before the coach writes it). */
export async function presentVision(db: Q, engagementId: string) {
  const row = await findVision(db, engagementId);
  const comments = await listVisionComments(db, engagementId);
  const updatedBy = row?.updated_by ? await findUserById(db, row.updated_by) : undefined;
  return {
    engagementId,
    currentSituation: row?.current_situation ?? '',
    desiredFuture: row?.desired_future ?? '',
    goals: row ? (JSON.parse(row.goals) as ContractGoal[]) : [],
    quote: row?.quote ? (JSON.parse(row.quote) as VisionQuote) : null,
    updatedAt: row?.updated_at ?? '',
    updatedBy: updatedBy ? { id: updatedBy.id, name: updatedBy.name } : null,
    comments: comments.map((c) => ({
      id: c.id,
      body: c.body,
      createdAt: c.created_at,
      author: { id: c.author_id, name: c.author_name, role: c.author_role ?? 'former member' },
    })),
  };
}

/** Writes the vision document (fields left out keep their value). */
export async function putVision(db: Kysely<Database>, engagementId: string, actorId: string, body: PutVisionBody): Promise<void> {
  await writeTransaction(db, engagementId, async (trx) => {
    const current = await findVision(trx, engagementId);
    const now = nowIso();
    const row: VisionDocumentsTable = {
      engagement_id: engagementId,
      current_situation: body.currentSituation ?? current?.current_situation ?? '',
      desired_future: body.desiredFuture ?? current?.desired_future ?? '',
      goals: body.goals ? JSON.stringify(withGoalIds(body.goals)) : (current?.goals ?? '[]'),
      quote: body.quote !== undefined ? (body.quote ? JSON.stringify(body.quote) : null) : (current?.quote ?? null),
      updated_by: actorId,
      created_at: current?.created_at ?? now,
      updated_at: now,
    };
    await upsertVision(trx, row, !!current);
    await recordEvent(trx, {
      engagementId,
      type: 'vision.updated',
      actorId,
      entityId: engagementId,
      payload: { changed: Object.keys(body) },
      createdAt: now,
    });
  });
}

/** Adds a member's comment to the vision document. */
export async function commentOnVision(db: Kysely<Database>, engagementId: string, authorId: string, body: string): Promise<void> {
  await writeTransaction(db, engagementId, async (trx) => {
    const id = newId();
    const now = nowIso();
    await insertVisionComment(trx, { id, engagement_id: engagementId, author_id: authorId, body, created_at: now });
    await recordEvent(trx, {
      engagementId,
      type: 'vision.commented',
      actorId: authorId,
      entityId: engagementId,
      payload: { commentId: id },
      createdAt: now,
    });
  });
}
