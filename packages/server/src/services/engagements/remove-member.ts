import { AppError, type Role } from '@carriage/core';
import type { Kysely } from 'kysely';
import { deleteMember, findMembership } from '../../db/queries/engagements.js';
import type { Database } from '../../db/schema.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

/** Removes a coachee or sponsor; they lose access at once (live streams are closed on the event). */
export async function removeMember(db: Kysely<Database>, engagementId: string, userId: string, actorId: string): Promise<void> {
  await writeTransaction(db, engagementId, async (trx) => {
    const m = await findMembership(trx, engagementId, userId);
    if (!m) throw new AppError('not_found', 'That person is not a member of this engagement.');
    if (m.role === 'coach') throw new AppError('conflict', 'The coach can’t be removed from their own engagement.');
    await deleteMember(trx, engagementId, userId);
    await recordEvent(trx, { engagementId, type: 'member.removed', actorId, entityId: userId, payload: { userId, role: m.role as Role } });
  });
}
