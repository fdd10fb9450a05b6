import { abilitiesFor, type Role } from '@carriage/core';
import type { EngagementsTable } from '../../db/schema.js';
import { parseSettings } from '../../plugins/access.js';

/** The public shape of an engagement as one member sees it (their role and what they may do). */
export function presentEngagement(e: EngagementsTable, viewer: { userId: string; role: Role }, coachName: string, otherParty: string) {
  const settings = parseSettings(e.settings);
  return {
    id: e.id,
    title: e.title,
    clientType: e.client_type as 'individual' | 'organization',
    organizationName: e.organization_name,
    status: e.status as 'proposed' | 'active' | 'completed' | 'cancelled',
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    settings,
    archivedAt: e.archived_at,
    createdAt: e.created_at,
    coach: { id: e.coach_id, name: coachName },
    myRole: viewer.role,
    abilities: abilitiesFor({ userId: viewer.userId, role: viewer.role }, settings, { clientType: e.client_type }),
    otherParty,
    sample: e.sample === 1,
  };
}

/** Who the engagement is with, from the viewer's side: the client for the coach, the coach for the client. */
export function otherPartyFor(e: EngagementsTable, role: Role, coachName: string, coachees: string[]): string {
  if (role !== 'coach') return coachName;
  const people = coachees.length ? coachees.join(', ') : 'No coachee yet';
  return e.client_type === 'organization' ? `${e.organization_name ?? 'Organization'} · ${people}` : people;
}
