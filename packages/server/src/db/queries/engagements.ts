import type { Kysely, Transaction } from 'kysely';
import type { Database, EngagementsTable, InvitationsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export function findEngagementRow(db: Q, id: string) {
  return db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMembership(db: Q, engagementId: string, userId: string) {
  return db
    .selectFrom('engagement_members')
    .select(['role', 'joined_at'])
    .where('engagement_id', '=', engagementId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertEngagement(db: Q, row: EngagementsTable): Promise<void> {
  await db.insertInto('engagements').values(row).execute();
}

export async function updateEngagementRow(db: Q, id: string, patch: Partial<Omit<EngagementsTable, 'id'>>): Promise<void> {
  await db.updateTable('engagements').set(patch).where('id', '=', id).execute();
}

export async function insertMember(db: Q, engagementId: string, userId: string, role: string, joinedAt: string): Promise<void> {
  await db.insertInto('engagement_members').values({ engagement_id: engagementId, user_id: userId, role, joined_at: joinedAt }).execute();
}

/** Removes a member; returns whether there was one. */
export async function deleteMember(db: Q, engagementId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('engagement_members').where('engagement_id', '=', engagementId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function listMembers(db: Q, engagementId: string) {
  return db
    .selectFrom('engagement_members')
    .innerJoin('users', 'users.id', 'engagement_members.user_id')
    .select([
      'users.id as userId',
      'users.name',
      'users.email',
      'engagement_members.role',
      'engagement_members.joined_at as joinedAt',
      'users.time_zone as timeZone',
    ])
    .where('engagement_members.engagement_id', '=', engagementId)
    .orderBy('engagement_members.joined_at')
    .execute();
}

/** Every engagement the user belongs to, with their role and the coach's name. */
export function listEngagementsForUser(db: Q, userId: string) {
  return db
    .selectFrom('engagement_members as m')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .innerJoin('users as coach', 'coach.id', 'e.coach_id')
    .selectAll('e')
    .select(['m.role as my_role', 'coach.name as coach_name'])
    .where('m.user_id', '=', userId)
    .orderBy('e.created_at', 'desc')
    .execute();
}

/** Names of the coachees (and pending coachee invitations) per engagement, to show "the other party". */
export async function coacheeNames(db: Q, engagementIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (engagementIds.length === 0) return out;
  const members = await db
    .selectFrom('engagement_members')
    .innerJoin('users', 'users.id', 'engagement_members.user_id')
    .select(['engagement_members.engagement_id', 'users.name'])
    .where('engagement_members.engagement_id', 'in', engagementIds)
    .where('engagement_members.role', '=', 'coachee')
    .orderBy('engagement_members.joined_at')
    .execute();
  for (const m of members) out.set(m.engagement_id, [...(out.get(m.engagement_id) ?? []), m.name]);
  const pending = await db
    .selectFrom('invitations')
    .select(['engagement_id', 'name', 'email'])
    .where('engagement_id', 'in', engagementIds)
    .where('role', '=', 'coachee')
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  for (const p of pending) if (!out.has(p.engagement_id)) out.set(p.engagement_id, [`${p.name || p.email} (invited)`]);
  return out;
}

export async function insertInvitation(db: Q, row: InvitationsTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

export function findInvitationByHash(db: Q, tokenHash: string) {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findInvitation(db: Q, id: string) {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An engagement's invitations, newest first, with the name and email of whoever asked to join with one instead. */
export function listInvitations(db: Q, engagementId: string) {
  return db
    .selectFrom('invitations')
    .leftJoin('users', 'users.id', 'invitations.requested_by')
    .selectAll('invitations')
    .select(['users.name as requester_name', 'users.email as requester_email'])
    .where('invitations.engagement_id', '=', engagementId)
    .orderBy('invitations.created_at', 'desc')
    .execute();
}

/** Records who asked to join with an invitation under another address (the latest asker replaces an earlier one). */
export async function recordJoinRequest(db: Q, id: string, userId: string, now: string): Promise<void> {
  await db.updateTable('invitations').set({ requested_by: userId, requested_at: now }).where('id', '=', id).execute();
}

export async function updateInvitation(db: Q, id: string, patch: Partial<Omit<InvitationsTable, 'id'>>): Promise<void> {
  await db.updateTable('invitations').set(patch).where('id', '=', id).execute();
}

/** Marks an invitation accepted only if it is still open; returns whether this call accepted it. */
export async function acceptInvitationRow(db: Q, id: string, userId: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_by: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function invitationStatus(i: InvitationsTable, now: string): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (i.accepted_at) return 'accepted';
  if (i.revoked_at) return 'revoked';
  if (i.expires_at <= now) return 'expired';
  return 'pending';
}

/** The public shape of an invitation; `requester` is the user who asked to join with it, when read with them. */
export function presentInvitation(i: InvitationsTable & { requester_name?: string | null; requester_email?: string | null }, now: string) {
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    role: i.role as 'coachee' | 'sponsor',
    status: invitationStatus(i, now),
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    lastSentAt: i.last_sent_at,
    joinRequest:
      i.requested_by && i.requested_at && i.requester_email && !i.accepted_at
        ? { userId: i.requested_by, name: i.requester_name ?? '', email: i.requester_email, requestedAt: i.requested_at }
        : null,
  };
}

/** What the coach's checklist of first steps reads: whether each step left its trace (one query per step, each stopping at the first row). */
export async function onboardingFacts(db: Q, engagementId: string) {
  const exists = async (q: Promise<unknown>) => (await q) !== undefined;
  const [visionSaved, contractSent, contractSigned, boardHasCards, sessionScheduled] = await Promise.all([
    exists(
      db
        .selectFrom('vision_documents')
        .select('engagement_id')
        .where('engagement_id', '=', engagementId)
        .where((eb) => eb.or([eb('desired_future', '!=', ''), eb('current_situation', '!=', ''), eb('goals', '!=', '[]')]))
        .executeTakeFirst(),
    ),
    exists(db.selectFrom('contracts').select('id').where('engagement_id', '=', engagementId).where('status', '!=', 'draft').limit(1).executeTakeFirst()),
    exists(
      db
        .selectFrom('contracts')
        .select('id')
        .where('engagement_id', '=', engagementId)
        .where('status', 'in', ['signed', 'active', 'ended', 'superseded'])
        .limit(1)
        .executeTakeFirst(),
    ),
    exists(db.selectFrom('cards').select('id').where('engagement_id', '=', engagementId).where('archived_at', 'is', null).limit(1).executeTakeFirst()),
    exists(
      db
        .selectFrom('coaching_sessions')
        .select('id')
        .where('engagement_id', '=', engagementId)
        .where('status', 'in', ['scheduled', 'held'])
        .limit(1)
        .executeTakeFirst(),
    ),
  ]);
  return { visionSaved, contractSent, contractSigned, boardHasCards, sessionScheduled };
}
