import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCard } from '../../db/queries/board.js';
import { shareGoalRow, unshareGoalRow } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

/** Shows a goal to the sponsor, or hides it again; only goal cards can be shared. Returns the engagement id. */
export async function shareGoal(
  db: Kysely<Database>,
  engagementId: string,
  cardId: string,
  actorId: string,
  shared: boolean,
): Promise<{ engagementId: string; shared: boolean }> {
  return writeTransaction(db, engagementId, async (trx) => {
    const card = await findCard(trx, cardId);
    if (!card || card.engagement_id !== engagementId) throw new AppError('not_found', 'That card was not found.');
    if (card.type !== 'goal')
      throw new AppError('validation_failed', 'Only goal cards are shared with the sponsor. Share the goal this card serves instead.', {
        fields: { shared: 'Only goal cards can be shared.' },
      });
    const now = nowIso();
    const changed = shared
      ? await shareGoalRow(trx, { card_id: card.id, engagement_id: card.engagement_id, shared_by: actorId, shared_at: now })
      : await unshareGoalRow(trx, card.id);
    if (changed) {
      await recordEvent(trx, {
        engagementId: card.engagement_id,
        type: shared ? 'goal.shared' : 'goal.unshared',
        actorId,
        entityId: card.id,
        // Only the id: what a sponsor may see of the goal is decided when they read it, by its sharing then.
        payload: { cardId: card.id },
        createdAt: now,
      });
    }
    return { engagementId: card.engagement_id, shared };
  });
}
