import { z } from 'zod';
import { contractStatuses } from '../contract/status.js';
import { type GoalMeasure, measureCadences, measureDirections } from '../measures/measure.js';
import { isIsoCurrency } from '../money/money.js';
import { dateSchema, idSchema } from './common.js';

const text = (max: number, tooLong: string) => z.string().max(max, tooLong);
const itemId = z.string().min(1).max(40);

export const rateUnits = ['per_hour', 'per_session', 'per_month', 'fixed'] as const;
export type RateUnit = (typeof rateUnits)[number];

/** ISO 4217 currency code, e.g. EUR. */
export const currencySchema = z
  .string({ error: 'Give a currency as a three-letter ISO code, e.g. EUR.' })
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'Give a currency as a three-letter ISO code, e.g. EUR or USD.')
      .refine(isIsoCurrency, 'That is not an ISO 4217 currency code; use one like EUR, USD, JPY or KWD.'),
  );

/** An amount in the currency's minor units (cents for EUR, yen for JPY, fils for KWD): a whole number, never a float. */
export const minorAmountSchema = z
  .number({ error: 'Give the amount in minor units as a whole number (cents for EUR: 1500.00 EUR is 150000).' })
  .int('Give the amount in minor units as a whole number (cents for EUR: 1500.00 EUR is 150000).')
  .min(0, 'An amount can’t be negative.')
  .max(1e13, 'That amount is too large.');

/** A share of a fixed price, e.g. a 30 % deposit. */
export const instalmentSchema = z.object({
  label: z
    .string({ error: 'Name each instalment, e.g. Deposit.' })
    .trim()
    .min(1, 'Name each instalment, e.g. Deposit.')
    .max(100, 'Keep an instalment’s name under 100 characters.'),
  percent: z
    .number({ error: 'Give each instalment’s share as a percentage.' })
    .gt(0, 'An instalment’s share must be more than 0 %.')
    .max(100, 'An instalment’s share is at most 100 %.')
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'Use at most two decimals in a percentage.')
    .transform((n) => Math.round(n * 100) / 100),
});
export type Instalment = z.infer<typeof instalmentSchema>;

export const rateSchema = z
  .object({
    amountMinor: minorAmountSchema,
    currency: currencySchema,
    unit: z.enum(rateUnits, { error: 'A rate is per hour, per session, per month or a fixed price.' }),
    sessionsIncluded: z
      .number({ error: 'Give the number of sessions as a whole number.' })
      .int('Give the number of sessions as a whole number.')
      .min(1, 'A package includes at least one session.')
      .max(1000)
      .nullable()
      .default(null),
    /** How a fixed price is invoiced (deposit and balance…); null: in one invoice. */
    instalments: z.array(instalmentSchema).max(12, 'Use at most 12 instalments.').nullable().default(null),
  })
  .superRefine((r, ctx) => {
    if (!r.instalments || r.instalments.length === 0) return;
    if (r.unit !== 'fixed') ctx.addIssue({ code: 'custom', path: ['instalments'], message: 'Only a fixed price is paid in instalments.' });
    const total = Math.round(r.instalments.reduce((s, i) => s + i.percent * 100, 0));
    if (total !== 10_000)
      ctx.addIssue({ code: 'custom', path: ['instalments'], message: `The instalments add up to ${total / 100} %; make them add up to 100 %.` });
  });
/**
 * A contract's rate. `amountMinor` counts the currency's minor units; `scale` is set only on amounts
 * carried over from before minor units with more decimals than the currency has (a JPY rate of
 * 15000.50), and then says how many decimals `amountMinor` counts.
 */
export type Rate = z.infer<typeof rateSchema> & { scale?: number };

/** A number a person records: finite, at most four decimals, within ±1,000,000,000. */
export const measureValueSchema = z
  .number({ error: 'Give the value as a number.' })
  .min(-1_000_000_000, 'That number is too small.')
  .max(1_000_000_000, 'That number is too large.')
  .refine((n) => Math.abs(n * 10_000 - Math.round(n * 10_000)) < 1e-6, 'Use at most four decimals.')
  .transform((n) => Math.round(n * 10_000) / 10_000);

/** A goal's measure: every field is needed, and the target lies the better way from the baseline. */
export const measureSchema = z
  .object({
    name: z
      .string({ error: 'Name what is counted, e.g. “evenings out of the office by six”.' })
      .trim()
      .min(1, 'Name what is counted, e.g. “evenings out of the office by six”.')
      .max(120, 'Keep the measure’s name under 120 characters.'),
    unit: text(40, 'Keep the unit under 40 characters.').trim().default(''),
    baseline: measureValueSchema,
    baselineOn: dateSchema,
    target: measureValueSchema,
    targetOn: dateSchema,
    direction: z.enum(measureDirections, { error: 'Say whether higher (up) or lower (down) is better.' }),
    cadence: z.enum(measureCadences, { error: 'Check in weekly or at each session.' }),
  })
  .superRefine((m, ctx) => {
    if (m.targetOn < m.baselineOn) ctx.addIssue({ code: 'custom', path: ['targetOn'], message: 'The target date must be on or after the baseline date.' });
    if (m.direction === 'up' && !(m.target > m.baseline))
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'When higher is better, the target must be above the baseline.' });
    if (m.direction === 'down' && !(m.target < m.baseline))
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'When lower is better, the target must be below the baseline.' });
  });

export const goalSchema = z.object({
  id: itemId.optional(),
  what: z.string({ error: 'Say what the goal is.' }).trim().min(1, 'Say what the goal is.').max(300, 'Keep a goal under 300 characters.'),
  howMeasured: text(1000, 'Keep “how measured” under 1,000 characters.').default(''),
  target: text(300, 'Keep the target under 300 characters.').default(''),
  byWhen: dateSchema.nullable().default(null),
  measure: measureSchema.nullable().default(null),
});
export type GoalInput = z.input<typeof goalSchema>;

export const deliverableSchema = z.object({
  id: itemId.optional(),
  description: z.string({ error: 'Describe the deliverable.' }).trim().min(1, 'Describe the deliverable.').max(500, 'Keep a deliverable under 500 characters.'),
  acceptanceCriteria: text(2000, 'Keep the acceptance criteria under 2,000 characters.').default(''),
  dueOn: dateSchema.nullable().default(null),
  goalId: itemId.nullable().default(null),
});

const termsText = text(10_000, 'Keep terms under 10,000 characters.');

/** A goal as stored in a contract: every field present, with a stable id. */
export interface ContractGoal {
  id: string;
  what: string;
  howMeasured: string;
  target: string;
  byWhen: string | null;
  /** The number that says whether the goal is met (absent in contracts drafted before measures existed). */
  measure?: GoalMeasure | null;
}
export interface ContractDeliverable {
  id: string;
  description: string;
  acceptanceCriteria: string;
  dueOn: string | null;
  /** The goal this deliverable serves (its card goes under the goal's card). */
  goalId: string | null;
}
export interface ContractSigner {
  userId: string;
  name: string;
  role: 'coach' | 'coachee' | 'sponsor';
}
/** Everything a signer reads and signs. The canonical form of this is what is hashed. */
export interface ContractContent {
  title: string;
  clientType: 'individual' | 'organization';
  clientName: string;
  coachName: string;
  startsOn: string | null;
  endsOn: string | null;
  goals: ContractGoal[];
  deliverables: ContractDeliverable[];
  rate: Rate | null;
  paymentTerms: string;
  cancellationTerms: string;
  confidentialityTerms: string;
  signers: ContractSigner[];
}

export const contractTemplates = ['individual', 'organization'] as const;
export type ContractTemplate = (typeof contractTemplates)[number];

/** The editable part of a draft; signers are named by user id and the server fills in names and roles. */
export const contractFieldsSchema = z.object({
  title: z.string().trim().min(1, 'Give the contract a title.').max(200, 'Use a title of at most 200 characters.'),
  clientName: z.string().trim().max(200, 'Keep the client’s name under 200 characters.'),
  startsOn: dateSchema.nullable(),
  endsOn: dateSchema.nullable(),
  goals: z.array(goalSchema).max(30, 'Use at most 30 goals.'),
  deliverables: z.array(deliverableSchema).max(100, 'Use at most 100 deliverables.'),
  rate: rateSchema.nullable(),
  paymentTerms: termsText,
  cancellationTerms: termsText,
  confidentialityTerms: termsText,
  signers: z.array(z.object({ userId: idSchema })).max(20, 'Use at most 20 signers.'),
});

export const updateContractBody = contractFieldsSchema.partial().superRefine((b, ctx) => {
  if (b.startsOn && b.endsOn && b.endsOn < b.startsOn)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date.' });
});
export type UpdateContractBody = z.infer<typeof updateContractBody>;

export const createContractBody = contractFieldsSchema
  .partial()
  .extend({
    template: z.enum(contractTemplates, { error: 'Choose the individual or the organization template.' }).optional(),
    /** Copy the goals and the quote of the engagement's vision document. */
    fromVision: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.startsOn && b.endsOn && b.endsOn < b.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date.' });
  });
export type CreateContractBody = z.infer<typeof createContractBody>;

export const signContractBody = z.object({
  typedName: z.string({ error: 'Type your full name to sign.' }).trim().min(1, 'Type your full name to sign.').max(200),
  consent: z.literal(true, { error: 'Tick the box to confirm you agree to sign this contract electronically.' }),
  /** The content hash the signer saw; when given it must be the contract's. */
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});

export const reasonBody = z.object({ reason: z.string().trim().max(1000, 'Keep the reason under 1,000 characters.').optional() });
export const renewContractBody = z.object({
  days: z.union([z.literal(30), z.literal(60), z.literal(90)], { error: 'A renewal is a 30-, 60- or 90-day plan.' }),
});
export const verifyHashBody = z.object({
  sha256: z
    .string({ error: 'Give a SHA-256 hash (64 hexadecimal characters) or upload the PDF.' })
    .trim()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash is 64 hexadecimal characters (0-9, a-f).')),
});

export const visionQuoteSchema = z.object({
  amountMinor: minorAmountSchema.nullable().default(null),
  currency: currencySchema.default('EUR'),
  unit: z.enum(rateUnits).default('fixed'),
  sessionsIncluded: z.number().int().min(1).max(1000).nullable().default(null),
  covers: text(5000, 'Keep what the quote covers under 5,000 characters.').default(''),
});
export type VisionQuote = z.infer<typeof visionQuoteSchema>;

export const putVisionBody = z.object({
  currentSituation: text(20_000, 'Keep the current situation under 20,000 characters.').optional(),
  desiredFuture: text(20_000, 'Keep the desired future under 20,000 characters.').optional(),
  goals: z.array(goalSchema).max(30, 'Use at most 30 goals.').optional(),
  quote: visionQuoteSchema.nullable().optional(),
});
export type PutVisionBody = z.infer<typeof putVisionBody>;

export const visionCommentBody = z.object({
  body: z.string({ error: 'Write a comment.' }).trim().min(1, 'Write a comment.').max(5000, 'Keep comments under 5,000 characters.'),
});

export const measureOutSchema = z.object({
  name: z.string(),
  unit: z.string(),
  baseline: z.number(),
  baselineOn: z.string(),
  target: z.number(),
  targetOn: z.string(),
  direction: z.enum(measureDirections),
  cadence: z.enum(measureCadences),
});
const goalOut = z.object({
  id: z.string(),
  what: z.string(),
  howMeasured: z.string(),
  target: z.string(),
  byWhen: z.string().nullable(),
  measure: measureOutSchema.nullable().optional(),
});
const deliverableOut = z.object({
  id: z.string(),
  description: z.string(),
  acceptanceCriteria: z.string(),
  dueOn: z.string().nullable(),
  goalId: z.string().nullable(),
});
const rateOut = z.object({
  amountMinor: z.number(),
  currency: z.string(),
  unit: z.enum(rateUnits),
  sessionsIncluded: z.number().nullable(),
  instalments: z.array(z.object({ label: z.string(), percent: z.number() })).nullable(),
  scale: z.number().optional(),
});

export const visionSchema = z
  .object({
    engagementId: z.string(),
    currentSituation: z.string(),
    desiredFuture: z.string(),
    goals: z.array(goalOut),
    quote: z
      .object({
        amountMinor: z.number().nullable(),
        scale: z.number().optional(),
        currency: z.string(),
        unit: z.enum(rateUnits),
        sessionsIncluded: z.number().nullable(),
        covers: z.string(),
      })
      .nullable(),
    updatedAt: z.string(),
    updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    comments: z.array(
      z.object({ id: z.string(), body: z.string(), createdAt: z.string(), author: z.object({ id: z.string(), name: z.string(), role: z.string() }) }),
    ),
  })
  .meta({ id: 'Vision' });
/** The vision document and quote as the API returns them. */
export type Vision = z.infer<typeof visionSchema>;

export const contractContentSchema = z.object({
  title: z.string(),
  clientType: z.enum(['individual', 'organization']),
  clientName: z.string(),
  coachName: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  goals: z.array(goalOut),
  deliverables: z.array(deliverableOut),
  rate: rateOut.nullable(),
  paymentTerms: z.string(),
  cancellationTerms: z.string(),
  confidentialityTerms: z.string(),
  signers: z.array(z.object({ userId: z.string(), name: z.string(), role: z.enum(['coach', 'coachee', 'sponsor']) })),
});

export const contractChangeSchema = z.object({
  field: z.string(),
  label: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const signatureSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  typedName: z.string(),
  signedAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  contentSha256: z.string(),
});

export const contractSummarySchema = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    title: z.string(),
    status: z.enum(contractStatuses),
    kind: z.enum(['original', 'amendment', 'renewal']),
    version: z.number(),
    template: z.enum(contractTemplates),
    previousId: z.string().nullable(),
    nextId: z.string().nullable(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    sessionsIncluded: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
    signedAt: z.string().nullable(),
    signers: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string(), signedAt: z.string().nullable(), declinedAt: z.string().nullable() })),
  })
  .meta({ id: 'ContractSummary' });
/** A contract in an engagement's list, as the API returns it. */
export type ContractSummary = z.infer<typeof contractSummarySchema>;

export const contractSchema = contractSummarySchema
  .extend({
    content: contractContentSchema,
    contentSha256: z.string(),
    signatures: z.array(signatureSchema),
    /** What changed since the version (or contract) this one follows. */
    changes: z.array(contractChangeSchema),
    declinedReason: z.string().nullable(),
    mySignature: z.enum(['not_a_signer', 'to_sign', 'signed', 'declined']),
    deliverablesOnBoard: z.number(),
    missingToSend: z.record(z.string(), z.string()),
  })
  .meta({ id: 'Contract' });
/** One contract with its content, signatures and changes, as the API returns it. */
export type ContractDetail = z.infer<typeof contractSchema>;

export const contractAuditEntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
/** One line of a contract's audit trail, as the API returns it. */
export type ContractAuditEntry = z.infer<typeof contractAuditEntrySchema>;

export const verifyResultSchema = z
  .object({
    match: z.boolean(),
    matchedBy: z.enum(['pdf', 'content']).nullable(),
    sha256: z.string(),
    message: z.string(),
    contract: z
      .object({
        id: z.string(),
        title: z.string(),
        version: z.number(),
        status: z.enum(contractStatuses),
        contentSha256: z.string(),
        signedAt: z.string().nullable(),
        signers: z.array(z.object({ name: z.string(), role: z.string(), signedAt: z.string() })),
      })
      .nullable(),
  })
  .meta({ id: 'ContractVerification' });
/** What checking a hash or a PDF against the signed contracts found. */
export type ContractVerification = z.infer<typeof verifyResultSchema>;
