import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findInvitation, insertInvitation, updateInvitation } from '../../db/queries/engagements.js';
import type { Database, InvitationsTable } from '../../db/schema.js';
import { hashSecret, isoFromNow, newId, newSecret, nowIso } from '../../lib/ids.js';
import type { Mail } from '../../plugins/mailer.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { enqueueEmail } from '../jobs/enqueue-job.js';

export const INVITATION_TTL_MS = 14 * 86_400_000;

export interface IssuedInvitation {
  invitation: InvitationsTable;
  token: string;
  url: string;
}

/** The link a person follows to join; the token sits in the fragment so it stays out of logs and Referer headers. */
export function invitationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/invitation#token=${token}`;
}

/** Creates a single-use, expiring invitation for a role and queues its email, inside the caller's transaction. */
export async function createInvitation(
  trx: WriteTrx,
  args: {
    engagementId: string;
    engagementTitle: string;
    email: string;
    name?: string | null;
    role: 'coachee' | 'sponsor';
    invitedBy: string;
    inviterName: string;
    publicUrl: string;
  },
): Promise<IssuedInvitation> {
  const token = newSecret();
  const now = nowIso();
  const invitation: InvitationsTable = {
    id: newId(),
    engagement_id: args.engagementId,
    email: args.email,
    name: args.name ?? null,
    role: args.role,
    token_hash: hashSecret(token),
    invited_by: args.invitedBy,
    created_at: now,
    expires_at: isoFromNow(INVITATION_TTL_MS),
    last_sent_at: now,
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
    requested_by: null,
    requested_at: null,
  };
  await insertInvitation(trx, invitation);
  await recordEvent(trx, {
    engagementId: args.engagementId,
    type: 'invitation.created',
    actorId: args.invitedBy,
    entityId: invitation.id,
    payload: { email: args.email, role: args.role },
  });
  const issued = { invitation, token, url: invitationUrl(args.publicUrl, token) };
  await enqueueEmail(trx, invitationMail(args.engagementTitle, args.inviterName, issued), { engagementId: args.engagementId });
  return issued;
}

/** The email that carries an invitation link. */
export function invitationMail(engagementTitle: string, inviterName: string, issued: IssuedInvitation): Mail {
  const { invitation } = issued;
  const greeting = invitation.name ? `Hello ${invitation.name},` : 'Hello,';
  return {
    to: invitation.email,
    subject: `${inviterName} invited you to “${engagementTitle}” on Carriage`,
    text: `${greeting}\n\n${inviterName} invited you to join the coaching engagement “${engagementTitle}” as ${invitation.role === 'sponsor' ? 'a sponsor' : 'a coachee'}.\n\nJoin here (the link works once and expires in 14 days):\n\n${issued.url}\n\nCarriage keeps your contract, sessions and commitments in one shared place.\n`,
  };
}

/** Issues a fresh link for a pending invitation (the old link stops working), extends its expiry and queues the email again (unless `email: false`). */
export async function refreshInvitation(
  db: Kysely<Database>,
  id: string,
  args: { engagementTitle: string; inviterName: string; publicUrl: string; email?: boolean },
): Promise<IssuedInvitation> {
  const inv = await findInvitation(db, id);
  if (!inv) throw new AppError('not_found', 'That invitation was not found.');
  if (inv.accepted_at) throw new AppError('conflict', 'This invitation has already been accepted; the person is a member.');
  if (inv.revoked_at) throw new AppError('conflict', 'This invitation was revoked. Invite the person again instead.');
  const token = newSecret();
  const now = nowIso();
  const patch = { token_hash: hashSecret(token), last_sent_at: now, expires_at: isoFromNow(INVITATION_TTL_MS) };
  const issued = { invitation: { ...inv, ...patch }, token, url: invitationUrl(args.publicUrl, token) };
  await writeTransaction(db, inv.engagement_id, async (trx) => {
    await updateInvitation(trx, id, patch);
    // A link the coach shares themselves is not emailed.
    if (args.email !== false) await enqueueEmail(trx, invitationMail(args.engagementTitle, args.inviterName, issued), { engagementId: inv.engagement_id });
  });
  return issued;
}
