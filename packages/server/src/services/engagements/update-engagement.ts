import { AppError, canChangeEngagementStatus, type EngagementStatus, engagementStatusRefusal, type UpdateEngagementBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findEngagementRow, updateEngagementRow } from '../../db/queries/engagements.js';
import type { Database, EngagementsTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { parseSettings } from '../../plugins/access.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

/** Edits an engagement: title, dates, status (along its flow), settings, archive. */
export async function updateEngagement(db: Kysely<Database>, id: string, actorId: string, body: UpdateEngagementBody): Promise<EngagementsTable> {
  return writeTransaction(db, id, async (trx) => {
    const current = await findEngagementRow(trx, id);
    if (!current) throw new AppError('not_found', 'That engagement was not found.');
    const patch: Partial<EngagementsTable> = {};
    const changes: Record<string, unknown> = {};
    if (body.title !== undefined && body.title !== current.title) patch.title = changes.title = body.title;
    if (body.organizationName !== undefined) patch.organization_name = changes.organizationName = body.organizationName;
    if (body.startsOn !== undefined) patch.starts_on = changes.startsOn = body.startsOn;
    if (body.endsOn !== undefined) patch.ends_on = changes.endsOn = body.endsOn;
    const starts = patch.starts_on !== undefined ? patch.starts_on : current.starts_on;
    const ends = patch.ends_on !== undefined ? patch.ends_on : current.ends_on;
    if (starts && ends && ends < starts) {
      throw new AppError('validation_failed', 'The end date must be on or after the start date.', {
        fields: { endsOn: 'The end date must be on or after the start date.' },
      });
    }
    if (body.status !== undefined && body.status !== current.status) {
      const from = current.status as EngagementStatus;
      if (!canChangeEngagementStatus(from, body.status)) throw new AppError('illegal_transition', engagementStatusRefusal(from, body.status));
      patch.status = changes.status = body.status;
    }
    if (body.settings) {
      const settings = { ...parseSettings(current.settings), ...body.settings };
      patch.settings = JSON.stringify(settings);
      changes.settings = settings;
    }
    if (body.archived !== undefined) {
      patch.archived_at = body.archived ? (current.archived_at ?? nowIso()) : null;
      changes.archived = body.archived;
    }
    if (Object.keys(patch).length === 0) return current;
    patch.updated_at = nowIso();
    await updateEngagementRow(trx, id, patch);
    await recordEvent(trx, { engagementId: id, type: 'engagement.updated', actorId, entityId: id, payload: changes });
    return { ...current, ...patch } as EngagementsTable;
  });
}
