import { z } from 'zod';
import { engagementStatuses } from '../engagement/status.js';
import { roles } from '../policies/roles.js';
import { sessionStages, sessionStatuses } from '../session/stages.js';
import { dateSchema, emailSchema, idSchema } from './common.js';
import { invoiceStates } from './invoices.js';

const personSchema = z.object({
  name: z.string().trim().min(1, 'Enter the person’s name.').max(120, 'Use a name of at most 120 characters.'),
  email: emailSchema,
});

export const engagementSettingsSchema = z.object({
  coacheeMayAcceptToDone: z.boolean().default(false),
});

export const createEngagementBody = z
  .object({
    title: z.string({ error: 'Give the engagement a title.' }).trim().min(1, 'Give the engagement a title.').max(160, 'Use a title of at most 160 characters.'),
    clientType: z.enum(['individual', 'organization'], { error: 'Choose whether the client is an individual or an organization.' }),
    organizationName: z.string().trim().max(160, 'Use a company name of at most 160 characters.').optional(),
    coachee: personSchema.optional(),
    coachees: z.array(personSchema).max(50, 'Invite at most 50 coachees at once.').optional(),
    sponsors: z.array(personSchema).max(20, 'Invite at most 20 sponsors at once.').optional(),
    startsOn: dateSchema.optional(),
    endsOn: dateSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.clientType === 'organization' && !b.organizationName) {
      ctx.addIssue({ code: 'custom', path: ['organizationName'], message: 'Enter the company’s name for an organization engagement.' });
    }
    if (b.startsOn && b.endsOn && b.endsOn < b.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date.' });
    }
  });
export type CreateEngagementBody = z.infer<typeof createEngagementBody>;

export const updateEngagementBody = z.object({
  title: z.string().trim().min(1, 'Give the engagement a title.').max(160, 'Use a title of at most 160 characters.').optional(),
  organizationName: z.string().trim().max(160).nullable().optional(),
  status: z.enum(engagementStatuses, { error: 'Status is one of proposed, active, completed or cancelled.' }).optional(),
  startsOn: dateSchema.nullable().optional(),
  endsOn: dateSchema.nullable().optional(),
  archived: z.boolean().optional(),
  settings: engagementSettingsSchema.partial().optional(),
});
export type UpdateEngagementBody = z.infer<typeof updateEngagementBody>;

export const invitationBody = z.object({
  email: emailSchema,
  role: z.enum(['coachee', 'sponsor'], { error: 'Invite someone as a coachee or a sponsor.' }),
  name: z.string().trim().max(120).optional(),
});

export const memberSchema = z
  .object({
    userId: idSchema,
    name: z.string(),
    email: z.string(),
    role: z.enum(roles),
    joinedAt: z.string(),
    /** The member's IANA time zone, so times can be shown in theirs too when it differs from the viewer's. */
    timeZone: z.string(),
  })
  .meta({ id: 'Member' });

/** The first steps of an engagement and whether each is done, from what the engagement holds (the coach's checklist). */
export const onboardingSchema = z
  .object({
    visionSaved: z.boolean(),
    contractSent: z.boolean(),
    contractSigned: z.boolean().describe('A contract was signed by every signer'),
    boardHasCards: z.boolean(),
    sessionScheduled: z.boolean().describe('A session is scheduled or was held'),
  })
  .meta({ id: 'Onboarding' });
export type Onboarding = z.infer<typeof onboardingSchema>;

export const engagementSchema = z
  .object({
    id: idSchema,
    title: z.string(),
    clientType: z.enum(['individual', 'organization']),
    organizationName: z.string().nullable(),
    status: z.enum(engagementStatuses),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    settings: engagementSettingsSchema,
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    coach: z.object({ id: idSchema, name: z.string() }),
    myRole: z.enum(roles),
    abilities: z.array(z.string()),
    otherParty: z.string(),
    /** A sample engagement ("Try a sample engagement"): made-up history, never invoiced, deleted in one step. */
    sample: z.boolean(),
    /** The coach's checklist of first steps (only the coach receives it, and only for one engagement). */
    onboarding: onboardingSchema.optional(),
    /** At a glance: the next session, the contract's session package, deliverables done of total. */
    pulse: z
      .object({
        /**
         * The session running now (started, not closed), else the next one not over yet; with its end, status and stage
         * so "Join now" can be offered from 15 minutes before it until it ends (joinState in core). The stage is null
         * for those who don't take part in sessions (the sponsor sees attendance only).
         */
        nextSession: z
          .object({
            id: z.string(),
            startsAt: z.string(),
            endsAt: z.string(),
            timeZone: z.string(),
            status: z.enum(sessionStatuses),
            stage: z.enum(sessionStages).nullable(),
          })
          .nullable(),
        sessions: z.object({
          contractId: z.string().nullable(),
          /** Sessions held up to today: the same number as Results, the sponsor report and the portfolio. */
          held: z.number(),
          included: z.number().nullable(),
          /** Held sessions counted against the contract's package (from its start date). */
          used: z.number(),
          left: z.number().nullable(),
        }),
        deliverables: z.object({ done: z.number(), total: z.number() }),
        /** The latest issued invoice, for those who see invoices (the coach and the billed party); null otherwise. */
        invoice: z.object({ id: z.string(), number: z.string(), state: z.enum(invoiceStates) }).nullable(),
      })
      .optional(),
  })
  .meta({ id: 'Engagement' });

export const invitationSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(['coachee', 'sponsor']),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastSentAt: z.string(),
    /** Someone logged in under another address who asked to join with this invitation, for the coach to let in. */
    joinRequest: z.object({ userId: idSchema, name: z.string(), email: z.string(), requestedAt: z.string() }).nullable(),
  })
  .meta({ id: 'Invitation' });
