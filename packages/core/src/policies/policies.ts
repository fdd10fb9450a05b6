import { type ClientType, canSeeInvoices } from '../visibility.js';
import type { EngagementSettings, Membership, Role } from './roles.js';

/**
 * Every action a member can take inside an engagement, and the roles allowed to take it.
 * Rules with a predicate also look at the resource the action touches.
 */
const allRoles: readonly Role[] = ['coach', 'coachee', 'sponsor'];
const workers: readonly Role[] = ['coach', 'coachee'];
const coachOnly: readonly Role[] = ['coach'];

export const policyTable = {
  'engagement.read': allRoles,
  'engagement.update': coachOnly,
  'engagement.archive': coachOnly,
  'member.list': allRoles,
  'member.remove': coachOnly,
  'invitation.manage': coachOnly,
  'board.read': workers,
  'column.manage': coachOnly,
  'card.create': workers,
  'card.update': workers,
  'card.move': workers,
  'card.acceptToDone': workers,
  'card.comment': workers,
  'card.history': workers,
  'events.subscribe': allRoles,
  'vision.read': allRoles,
  'vision.write': coachOnly,
  'vision.comment': allRoles,
  'contract.read': allRoles,
  'contract.manage': coachOnly,
  'contract.sign': allRoles,
  'session.read': allRoles,
  'session.schedule': coachOnly,
  'session.run': workers,
  'session.lead': coachOnly,
  'session.notes.shared': workers,
  'session.notes.private': coachOnly,
  'metrics.read': allRoles,
  'sponsorReport.read': allRoles,
  'goal.share': workers,
  'checkin.record': workers,
  'checkin.read': workers,
  'export.read': workers,
  'jobs.read': coachOnly,
  // Who of these sees invoices depends on who is billed: see `engagementRules`.
  'invoice.read': allRoles,
  'invoice.manage': coachOnly,
  'webhook.manage': coachOnly,
  'board.import': coachOnly,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof policyTable;

/** Extra conditions on top of the role table, over data already loaded. */
type Predicate = (m: Membership, resource: Record<string, unknown> | undefined, settings: EngagementSettings | undefined) => boolean;

const predicates: Partial<Record<Action, Predicate>> = {
  'card.acceptToDone': (m, _r, settings) => m.role === 'coach' || (m.role === 'coachee' && settings?.coacheeMayAcceptToDone === true),
  'contract.sign': (m, r) => {
    const signers = r?.signerUserIds;
    return Array.isArray(signers) && signers.includes(m.userId);
  },
};

/** What the access check knows of the engagement itself, for the rules that depend on it. */
export interface EngagementFacts {
  clientType: ClientType | string;
}

/**
 * Rules that depend on the engagement, checked with the role before any handler runs: invoices are the
 * coach's and the billed party's (the sponsor of a company, the coachee of a person), decided in visibility.ts.
 */
const engagementRules: Partial<Record<Action, (m: Membership, e: EngagementFacts) => boolean>> = {
  'invoice.read': (m, e) => canSeeInvoices(m, e),
};

/** Whether a member may take an action in this engagement at all: the role table and the engagement's own rules. */
export function mayTakeInEngagement(membership: Membership, action: Action, engagement: EngagementFacts): boolean {
  const allowed = policyTable[action] as readonly Role[];
  if (!allowed.includes(membership.role)) return false;
  const rule = engagementRules[action];
  return rule ? rule(membership, engagement) : true;
}

/** Whether this member may take this action (on this resource, under these settings). A non-member may do nothing. */
export function can(membership: Membership | null | undefined, action: Action, resource?: Record<string, unknown>, settings?: EngagementSettings): boolean {
  if (!membership) return false;
  const allowed = policyTable[action] as readonly Role[];
  if (!allowed.includes(membership.role)) return false;
  const extra = predicates[action];
  return extra ? extra(membership, resource, settings) : true;
}

/** The actions a role may take, sent to the web so it hides what the user can't do. */
export function abilitiesFor(membership: Membership, settings?: EngagementSettings, engagement?: EngagementFacts): Action[] {
  return (Object.keys(policyTable) as Action[]).filter((a) => {
    if (a === 'contract.sign') return true; // depends on each contract's signers
    if (engagement && !mayTakeInEngagement(membership, a, engagement)) return false;
    return can(membership, a, undefined, settings);
  });
}

/** A sentence for a refusal, so a member who lacks a right knows why. */
export function refusalMessage(action: Action, role: Role): string {
  const who = role === 'coachee' ? 'A coachee' : role === 'sponsor' ? 'A sponsor' : 'A coach';
  const what: Partial<Record<Action, string>> = {
    'card.acceptToDone': 'Only the coach accepts cards into Done in this engagement.',
    'board.read': `${who} does not see the board in this engagement; goals and results are on the Results page.`,
    'contract.sign': 'You are not one of the signers of this contract.',
    'session.notes.private': 'Private notes are for the coach only.',
    'session.lead': 'The coach leads the room: the card in focus follows the coach. Browse on your own with the arrows.',
    'invoice.read':
      role === 'coachee'
        ? 'Invoices of this engagement go to the company, through its sponsor; ask the coach or your sponsor.'
        : 'Invoices of this engagement go to the coachee; ask the coach.',
    'invoice.manage': 'Only the coach drafts, issues and changes invoices.',
    'webhook.manage': 'Only the coach sends this engagement’s changes to other systems (webhooks).',
    'board.import': 'Only the coach imports cards into this engagement’s board.',
  };
  return what[action] ?? `${who} can't do that in this engagement (${action.replace('.', ' ')}). Ask the coach.`;
}
