import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findInvitation, insertInvitation, updateInvitation } from '../../db/queries/engagements.js';
import type { Database, EngagementsTable, InvitationsTable } from '../../db/schema.js';
import { hashSecret, isoFromNow, newId, newSecret, nowIso } from '../../lib/ids.js';
import type { Mailer } from '../../plugins/mailer.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';

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

/** Creates a single-use, expiring invitation for a role, inside the caller's transaction. */
export async function createInvitation(
  trx: WriteTrx,
  args: { engagementId: string; email: string; name?: string | null; role: 'coachee' | 'sponsor'; invitedBy: string; publicUrl: string },
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
  return { invitation, token, url: invitationUrl(args.publicUrl, token) };
}

/** Emails an invitation link. */
export async function sendInvitationEmail(
  mailer: Mailer,
  engagement: Pick<EngagementsTable, 'title'>,
  inviterName: string,
  issued: IssuedInvitation,
): Promise<void> {
  const { invitation } = issued;
  const greeting = invitation.name ? `Hello ${invitation.name},` : 'Hello,';
  await mailer.send({
    to: invitation.email,
    subject: `${inviterName} invited you to “${engagement.title}” on Carriage`,
    text: `${greeting}\n\n${inviterName} invited you to join the coaching engagement “${engagement.title}” as ${invitation.role === 'sponsor' ? 'a sponsor' : 'a coachee'}.\n\nJoin here (the link works once and expires in 14 days):\n\n${issued.url}\n\nCarriage keeps your contract, sessions and commitments in one shared place.\n`,
  });
}

/** Issues a fresh link for a pending invitation (the old link stops working) and extends its expiry. */
export async function refreshInvitation(db: Kysely<Database>, id: string, publicUrl: string): Promise<IssuedInvitation> {
  const inv = await findInvitation(db, id);
  if (!inv) throw new AppError('not_found', 'That invitation was not found.');
  if (inv.accepted_at) throw new AppError('conflict', 'This invitation has already been accepted; the person is a member.');
  if (inv.revoked_at) throw new AppError('conflict', 'This invitation was revoked. Invite the person again instead.');
  const token = newSecret();
  const now = nowIso();
  const patch = { token_hash: hashSecret(token), last_sent_at: now, expires_at: isoFromNow(INVITATION_TTL_MS) };
  await updateInvitation(db, id, patch);
  return { invitation: { ...inv, ...patch }, token, url: invitationUrl(publicUrl, token) };
}
