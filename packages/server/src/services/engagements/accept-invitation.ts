import { AppError, type Role } from '@carriage/core';
import type { Kysely } from 'kysely';
import {
  acceptInvitationRow,
  findEngagementRow,
  findInvitation,
  findInvitationByHash,
  findMembership,
  insertMember,
  recordJoinRequest,
} from '../../db/queries/engagements.js';
import { findUserById } from '../../db/queries/users.js';
import type { Database, InvitationsTable } from '../../db/schema.js';
import { hashSecret, nowIso } from '../../lib/ids.js';
import type { Mail } from '../../plugins/mailer.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { enqueueEmail } from '../jobs/enqueue-job.js';

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

interface Invitee {
  id: string;
  email: string;
}

/** Joins a user to the invitation's engagement with its role, using the invitation up, in the caller's write transaction. */
async function join(trx: WriteTrx, inv: InvitationsTable, userId: string, actorId: string): Promise<{ engagementId: string; role: string }> {
  const engagement = await findEngagementRow(trx, inv.engagement_id);
  if (!engagement) throw new AppError('link_invalid', 'The engagement of this invitation no longer exists.');
  if (await findMembership(trx, inv.engagement_id, userId)) {
    throw new AppError(
      'already_member',
      actorId === userId
        ? 'You are already a member of this engagement. Open it from your engagements.'
        : 'That person is already a member of this engagement.',
    );
  }
  const now = nowIso();
  if (!(await acceptInvitationRow(trx, inv.id, userId, now))) throw new AppError('link_invalid', 'This invitation has already been used.');
  await insertMember(trx, inv.engagement_id, userId, inv.role, now);
  await recordEvent(trx, {
    engagementId: inv.engagement_id,
    type: 'member.joined',
    actorId,
    entityId: userId,
    payload: { userId, role: inv.role as Role },
  });
  return { engagementId: inv.engagement_id, role: inv.role };
}

/**
 * Joins the signed-in user to the engagement with the invited role; the link is used up. Only the invited
 * address may: a link forwarded to (or opened by) another account is refused with what to do instead.
 */
export async function acceptInvitation(db: Kysely<Database>, token: string, user: Invitee): Promise<{ engagementId: string; role: string }> {
  const which = await openInvitation(db, token);
  return writeTransaction(db, which.engagement_id, async (trx) => {
    const inv = await openInvitation(trx as unknown as Kysely<Database>, token);
    if (inv.email !== user.email) {
      throw new AppError(
        'wrong_account',
        `This invitation is for ${inv.email}, and you are logged in as ${user.email}. Log in as ${inv.email} to join (or create an account with that address), or ask the coach to let ${user.email} join instead.`,
        { details: { invitedEmail: inv.email } },
      );
    }
    return join(trx, inv, user.id, user.id);
  });
}

/**
 * Asks the coach to let the signed-in user join with an invitation made out to another address. Nothing
 * is granted until the coach approves; asking again, or someone else asking, replaces the request. The
 * coach who sent the invitation is told by an email queued in the same transaction.
 */
export async function askToJoinInstead(db: Kysely<Database>, token: string, user: Invitee & { name: string }, publicUrl: string): Promise<InvitationsTable> {
  const which = await openInvitation(db, token);
  return writeTransaction(db, which.engagement_id, async (trx) => {
    const inv = await openInvitation(trx as unknown as Kysely<Database>, token);
    if (inv.email === user.email) throw new AppError('conflict', 'This invitation is for your address: join with it directly.');
    if (await findMembership(trx, inv.engagement_id, user.id)) {
      throw new AppError('already_member', 'You are already a member of this engagement. Open it from your engagements.');
    }
    await recordJoinRequest(trx, inv.id, user.id, nowIso());
    await recordEvent(trx, {
      engagementId: inv.engagement_id,
      type: 'invitation.join_requested',
      actorId: user.id,
      entityId: inv.id,
      payload: { email: inv.email, requestedBy: user.email },
    });
    const engagement = await findEngagementRow(trx, inv.engagement_id);
    const coach = await findUserById(trx, inv.invited_by);
    if (engagement && coach) await enqueueEmail(trx, joinRequestMail(engagement, coach, inv, user, publicUrl), { engagementId: inv.engagement_id });
    return inv;
  });
}

/** The email telling the coach that someone asked to join with an invitation made out to another address. */
function joinRequestMail(
  engagement: { id: string; title: string },
  coach: { name: string; email: string },
  inv: InvitationsTable,
  user: { name: string; email: string },
  publicUrl: string,
): Mail {
  return {
    to: coach.email,
    subject: `${user.name} asked to join “${engagement.title}” on Carriage`,
    text: `Hello ${coach.name},\n\n${user.name} (${user.email}) opened the invitation you sent to ${inv.email} for “${engagement.title}” while logged in under their own address, and asked to join with it.\n\nIf that is the right person, let them join from the People tab:\n\n${publicUrl}/e/${engagement.id}/people\n\nIf not, do nothing: the invitation stays for ${inv.email}.\n`,
  };
}

/** The coach lets the person who asked join with an invitation made out to another address. */
export async function approveJoinRequest(
  db: Kysely<Database>,
  engagementId: string,
  invitationId: string,
  coachId: string,
): Promise<{ engagementId: string; userId: string }> {
  return writeTransaction(db, engagementId, async (trx) => {
    const inv = await findInvitation(trx, invitationId);
    if (!inv || inv.engagement_id !== engagementId) throw new AppError('not_found', 'That invitation was not found.');
    if (inv.accepted_at) throw new AppError('conflict', 'This invitation has already been accepted; the person is a member.');
    if (inv.revoked_at) throw new AppError('conflict', 'This invitation was revoked. Invite the person again instead.');
    if (!inv.requested_by) throw new AppError('conflict', 'Nobody has asked to join with this invitation under another address.');
    const joined = await join(trx, inv, inv.requested_by, coachId);
    return { engagementId: joined.engagementId, userId: inv.requested_by };
  });
}
