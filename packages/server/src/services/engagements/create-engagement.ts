import type { CreateEngagementBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { insertEngagement, insertMember } from '../../db/queries/engagements.js';
import type { Database, EngagementsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { createDefaultBoard } from '../board/create-default-board.js';
import { recordEvent, writeTransaction } from '../events/record-event.js';
import { createInvitation, type IssuedInvitation } from './invite-member.js';

/** Creates an engagement with the caller as coach, and invites the client's people (their emails are queued with it). */
export async function createEngagement(
  db: Kysely<Database>,
  coach: { id: string; name: string },
  body: CreateEngagementBody,
  publicUrl: string,
): Promise<{ engagement: EngagementsTable; invitations: IssuedInvitation[] }> {
  const id = newId();
  const coachId = coach.id;
  return writeTransaction(db, id, async (trx) => {
    const now = nowIso();
    const engagement: EngagementsTable = {
      id,
      title: body.title,
      client_type: body.clientType,
      organization_name: body.clientType === 'organization' ? (body.organizationName ?? null) : null,
      status: 'proposed',
      coach_id: coachId,
      starts_on: body.startsOn ?? null,
      ends_on: body.endsOn ?? null,
      settings: JSON.stringify({ coacheeMayAcceptToDone: false }),
      archived_at: null,
      created_at: now,
      updated_at: now,
    };
    await insertEngagement(trx, engagement);
    await insertMember(trx, engagement.id, coachId, 'coach', now);
    await recordEvent(trx, {
      engagementId: engagement.id,
      type: 'engagement.created',
      actorId: coachId,
      entityId: engagement.id,
      payload: { title: engagement.title },
    });
    await createDefaultBoard(trx, engagement.id);

    const people: { name: string; email: string; role: 'coachee' | 'sponsor' }[] = [];
    if (body.coachee) people.push({ ...body.coachee, role: 'coachee' });
    for (const c of body.coachees ?? []) people.push({ ...c, role: 'coachee' });
    for (const s of body.sponsors ?? []) people.push({ ...s, role: 'sponsor' });
    const invitations: IssuedInvitation[] = [];
    const seen = new Set<string>();
    for (const p of people) {
      if (seen.has(p.email)) continue;
      seen.add(p.email);
      invitations.push(
        await createInvitation(trx, {
          engagementId: engagement.id,
          engagementTitle: engagement.title,
          email: p.email,
          name: p.name,
          role: p.role,
          invitedBy: coachId,
          inviterName: coach.name,
          publicUrl,
        }),
      );
    }
    return { engagement, invitations };
  });
}
