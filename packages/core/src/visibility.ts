import type { EventAudience } from './events/catalog.js';
import type { Membership, Role } from './policies/roles.js';

/**
 * What each role may *see*, decided here and nowhere else. The live stream, replays, exports, the
 * calendar feed, emails and recaps ask these functions instead of deciding for themselves, and never
 * pretend to be another role to hide something.
 */

const audiencesByRole: Record<Role, readonly EventAudience[]> = {
  coach: ['all', 'workers', 'coach', 'billing'],
  coachee: ['all', 'workers'],
  sponsor: ['all'],
};

/** What kind of client an engagement is for: it decides who is billed. */
export type ClientType = 'individual' | 'organization';

/** The role that is billed: the company (through its sponsor) for an organization, the coachee for a person. */
export function billedRole(clientType: ClientType | string): Role {
  return clientType === 'organization' ? 'sponsor' : 'coachee';
}

/**
 * Whether a member sees an engagement's invoices, payments and billing details: the coach always, and the
 * billed party. A coachee whose company pays does not; neither does a sponsor of an individual engagement.
 */
export function canSeeInvoices(viewer: Pick<Membership, 'role'>, engagement: { clientType: ClientType | string }): boolean {
  return viewer.role === 'coach' || viewer.role === billedRole(engagement.clientType);
}

/** The event audiences a role may read, live or replayed (for SQL filters); `billing` depends on who is billed. */
export function visibleAudiences(role: Role, engagement?: { clientType: ClientType | string }): readonly EventAudience[] {
  const base = audiencesByRole[role];
  if (role !== 'coach' && engagement && canSeeInvoices({ role }, engagement)) return [...base, 'billing'];
  return base;
}

/** Facts about the engagement some events' visibility depends on, as they are *now* (not when the event happened). */
export interface VisibilityContext {
  /** Goal cards the coachee currently shares with the sponsor. */
  sharedGoalIds?: ReadonlySet<string>;
  /** The engagement's kind of client, which decides who sees `billing` events (no one but the coach without it). */
  clientType?: ClientType | string;
}

/**
 * Whether a member may see one event of the activity log. A goal's sharing, and the check-ins of its
 * measure, reach the sponsor only while the goal is still shared, so a goal the coachee stopped sharing
 * does not reach them through a replay either; that sharing stopped (an id, nothing of the goal) always
 * does, so their results refresh.
 */
export function canSeeEvent(
  viewer: Pick<Membership, 'role'>,
  event: { audience: string; type: string; payload: unknown },
  context: VisibilityContext = {},
): boolean {
  const audiences = visibleAudiences(viewer.role, context.clientType ? { clientType: context.clientType } : undefined);
  if (!(audiences as readonly string[]).includes(event.audience)) return false;
  if (viewer.role === 'sponsor' && (event.type === 'goal.shared' || event.type.startsWith('checkin.'))) {
    const cardId = (event.payload as { cardId?: string } | null)?.cardId;
    return !!cardId && !!context.sharedGoalIds?.has(cardId);
  }
  return true;
}

/** Whether a member reads the notes written with check-ins: the people who record them; the sponsor reads the numbers of shared goals only. */
export function canReadCheckInNotes(role: Role): boolean {
  return role === 'coach' || role === 'coachee';
}

/** Whether the sponsor-facing results may show a goal (its title, progress and measure). */
export function canSeeGoal(viewer: Pick<Membership, 'role'>, goal: { shared: boolean }): boolean {
  return viewer.role !== 'sponsor' || goal.shared;
}

/** The session note visibilities a role may read: the coach's private notes are the coach's alone. */
export function visibleNoteKinds(role: Role): readonly ('shared' | 'private')[] {
  if (role === 'coach') return ['shared', 'private'];
  if (role === 'coachee') return ['shared'];
  return [];
}

/**
 * Whether a member may see where a signer signed from (IP address and browser) in a contract's audit
 * trail and certificate: the coach, who keeps the evidence, and the signer themself.
 */
export function canSeeSignerOrigin(viewer: Membership, signerUserId: string | null): boolean {
  return viewer.role === 'coach' || (signerUserId !== null && viewer.userId === signerUserId);
}

/** Who receives a session's recap and its reminders: the people in the room, never the sponsor. */
export function receivesSessionMail(role: Role): boolean {
  return role === 'coach' || role === 'coachee';
}

/** Who is reminded when a goal's check-in is due: the coachee, who records it; the coach sees it late in the portfolio. */
export function receivesCheckInReminders(role: Role): boolean {
  return role === 'coachee';
}

/** Whether a member's calendar feed carries a session's working details (video link, place, agenda) or only that it happens. */
export function calendarShowsSessionDetails(role: Role): boolean {
  return role === 'coach' || role === 'coachee';
}

/**
 * Whether a member sees where a session's checkpoint stands (its stage, so whether it runs now) at a glance:
 * the people in the room, who can join it; the sponsor sees attendance only (when, and whether it was held).
 */
export function seesSessionStage(role: Role): boolean {
  return role === 'coach' || role === 'coachee';
}

/** Which goals the coachee shares, and each card's parent goal, as the results know them. */
export interface GoalSharing {
  shared: ReadonlySet<string>;
  parents: ReadonlyMap<string, string | null>;
}

/**
 * Whether the results may name a card (its title) to a member: the sponsor sees the flow's counts and
 * charts, but names only of shared goals and the cards serving them.
 */
export function canNameCard(viewer: Pick<Membership, 'role'>, cardId: string, sharing: GoalSharing): boolean {
  if (viewer.role !== 'sponsor') return true;
  if (sharing.shared.has(cardId)) return true;
  const parent = sharing.parents.get(cardId);
  return parent !== null && parent !== undefined && sharing.shared.has(parent);
}

/** Whether a member's results are the sponsor's redacted view (shared goals only, other cards unnamed). */
export function seesRedactedResults(role: Role): boolean {
  return role === 'sponsor';
}

/**
 * The sponsor report is written for the sponsor and is the same for everyone who opens it, so the
 * coachee can check what is shared: it shows a goal only while the coachee shares it.
 */
export function sponsorReportShowsGoal(goal: { shared: boolean }): boolean {
  return goal.shared;
}

/**
 * What a webhook may carry: a webhook belongs to the coach who registered it, so it may deliver the events
 * the coach sees (every audience). Event payloads never hold note text — the coach's private notes change
 * as `session.private_notes_updated` with no body — so no private note leaves through a webhook either.
 */
export function webhookMayCarry(event: { audience: string; type: string; payload: unknown }): boolean {
  return canSeeEvent({ role: 'coach' }, event);
}
