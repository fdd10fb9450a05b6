import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeTransaction } from '../events/record-event.js';

/**
 * Everything an engagement owns, children before parents. Most of these would follow the engagement by
 * their foreign keys' cascade, but cards point at columns without one and the jobs table has no foreign
 * key at all, so each is deleted by name: nothing is left to chance or to an engine's order of cascades.
 */
const owned = [
  'webhook_deliveries',
  'webhooks',
  'invoice_payments',
  'invoice_lines',
  'invoices',
  'contract_billing',
  'check_ins',
  'goal_sharing',
  'commitments',
  'reminders',
  'coaching_sessions',
  'session_series',
  'import_refs',
  'card_comments',
  'cards',
  'board_columns',
  'vision_comments',
  'vision_documents',
  'contract_pdfs',
  'contract_audit',
  'contract_signatures',
  'contracts',
  'invitations',
  'events',
  'jobs',
  'engagement_members',
] as const;

/**
 * Deletes a sample engagement and everything it owns, its fictional coachee included, in one transaction.
 * A real engagement is refused: those are archived, never deleted.
 */
export async function deleteSampleEngagement(db: Kysely<Database>, engagementId: string): Promise<void> {
  await writeTransaction(db, engagementId, async (trx) => {
    const row = await trx.selectFrom('engagements').select(['sample']).where('id', '=', engagementId).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'That engagement was not found.');
    if (!row.sample) throw new AppError('conflict', 'Only a sample engagement can be deleted. Archive a real engagement instead.');
    // Sessions' notes and participants, and deliveries' attempts, go with their rows (cascade).
    for (const table of owned) await trx.deleteFrom(table).where('engagement_id', '=', engagementId).execute();
    await trx.deleteFrom('engagements').where('id', '=', engagementId).execute();
    await trx.deleteFrom('users').where('sample_engagement_id', '=', engagementId).execute();
  });
}
