import type { InvoiceState } from '@carriage/core';

export interface User {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  createdAt: string;
}
export interface Me {
  user: User;
  csrfToken: string | null;
}

export type Role = 'coach' | 'coachee' | 'sponsor';

export interface Engagement {
  id: string;
  title: string;
  clientType: 'individual' | 'organization';
  organizationName: string | null;
  status: 'proposed' | 'active' | 'completed' | 'cancelled';
  startsOn: string | null;
  endsOn: string | null;
  settings: { coacheeMayAcceptToDone: boolean };
  archivedAt: string | null;
  createdAt: string;
  coach: { id: string; name: string };
  myRole: Role;
  abilities: string[];
  otherParty: string;
  /** A sample engagement: made-up history, never invoiced, deleted in one step. */
  sample: boolean;
  /** The coach's checklist of first steps (only for the coach). */
  onboarding?: { visionSaved: boolean; contractSent: boolean; contractSigned: boolean; boardHasCards: boolean; sessionScheduled: boolean };
  pulse?: {
    /** The session running now, else the next one not over yet; `stage` is null for the sponsor (attendance only). */
    nextSession: {
      id: string;
      startsAt: string;
      endsAt: string;
      timeZone: string;
      status: 'scheduled' | 'held' | 'cancelled' | 'no_show';
      stage: 'wifle' | 'verify' | 'in_progress' | 'pull' | 'commitments' | 'recap' | null;
    } | null;
    sessions: { contractId: string | null; held: number; included: number | null; used: number; left: number | null };
    deliverables: { done: number; total: number };
    /** The latest issued invoice (for the coach and the billed party). */
    invoice: { id: string; number: string; state: InvoiceState } | null;
  };
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
  /** Their IANA time zone. */
  timeZone: string;
}

export interface Invitation {
  id: string;
  email: string;
  name: string | null;
  role: 'coachee' | 'sponsor';
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  expiresAt: string;
  lastSentAt: string;
  /** Someone logged in under another address who asked to join with this invitation. */
  joinRequest: { userId: string; name: string; email: string; requestedAt: string } | null;
}

/** An invitation just issued: its link, and whether the server emailed it (false without SMTP_URL). */
export interface IssuedInvitation extends Invitation {
  token: string;
  url: string;
  emailed: boolean;
}

/** Links of invitations just created, handed to the People tab to show once. */
export interface InvitationLinks {
  emailed: boolean;
  links: { who: string; url: string }[];
}
