import { AppError, type Role } from '@carriage/core';
import type { Kysely } from 'kysely';
import { acceptInvitationRow, findEngagementRow, findInvitationByHash, findMembership, insertMember } from '../../db/queries/engagements.js';
import type { Database, InvitationsTable } from '../../db/schema.js';
import { hashSecret, nowIso } from '../../lib/ids.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';

/** Finds an invitation by its link token and explains plainly when the link can't be used. */
export async function openInvitation(db: Kysely<Database>, token: string): Promise<InvitationsTable> {
  const inv = await findInvitationByHash(db, hashSecret(token));
  if (!inv) throw new AppError('link_invalid', 'This invitation link is not valid. Ask your coach to send a new one.');
  if (inv.accepted_at)
    throw new AppError('link_invalid', 'This invitation has already been used. Log in to see the engagement, or ask your coach for a new link.');
  if (inv.revoked_at) throw new AppError('link_invalid', 'This invitation was withdrawn by the coach. Ask them for a new one if you should have access.');
  if (inv.expires_at <= nowIso()) throw new AppError('link_invalid', 'This invitation has expired. Ask your coach to resend it.');
  return inv;
}

/** Joins the signed-in user to the engagement with the invited role; the link is used up. */
export async function acceptInvitation(db: Kysely<Database>, token: string, userId: string): Promise<{ engagementId: string; role: string }> {
  const which = await openInvitation(db, token);
  const result = await writeTransaction(db, which.engagement_id, async (trx) => {
    const inv = await openInvitation(trx as unknown as Kysely<Database>, token);
    const engagement = await findEngagementRow(trx, inv.engagement_id);
    if (!engagement) throw new AppError('link_invalid', 'The engagement of this invitation no longer exists.');
    if (await findMembership(trx, inv.engagement_id, userId)) {
      throw new AppError('already_member', 'You are already a member of this engagement. Open it from your engagements.');
    }
    const now = nowIso();
    if (!(await acceptInvitationRow(trx, inv.id, userId, now))) throw new AppError('link_invalid', 'This invitation has already been used.');
    await insertMember(trx, inv.engagement_id, userId, inv.role, now);
    await recordEvent(trx, {
      engagementId: inv.engagement_id,
      type: 'member.joined',
      actorId: userId,
      entityId: userId,
      payload: { userId, role: inv.role as Role },
    });
    return { engagementId: inv.engagement_id, role: inv.role };
  });
  return result;
}
