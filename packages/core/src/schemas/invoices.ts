import { z } from 'zod';
import { lineSources } from '../invoice/generate.js';
import { invoiceKinds, invoiceStatuses } from '../invoice/status.js';
import { dateSchema } from './common.js';
import { minorAmountSchema } from './contracts.js';

const decimals = (n: number, max: number) => Math.abs(n * 10 ** max - Math.round(n * 10 ** max)) < 1e-6;

/** A quantity with up to three decimals (1.5 hours, 0.833 hours), read into thousandths. */
export const quantitySchema = z
  .number({ error: 'Give the quantity as a number, like 1 or 1.5.' })
  .gt(0, 'A quantity is more than 0.')
  .max(100_000, 'That quantity is too large.')
  .refine((n) => decimals(n, 3), 'Use at most three decimals in a quantity.')
  .transform((n) => Math.round(n * 1000));

/** A tax rate as a percentage with up to two decimals (19, 7.7), read into basis points. */
export const taxRateSchema = z
  .number({ error: 'Give the tax rate as a percentage, like 19 or 7.7 (0 for none).' })
  .min(0, 'A tax rate can’t be negative.')
  .max(100, 'A tax rate is at most 100 %.')
  .refine((n) => decimals(n, 2), 'Use at most two decimals in a tax rate.')
  .transform((n) => Math.round(n * 100));

const description = z
  .string({ error: 'Describe what the line bills.' })
  .trim()
  .min(1, 'Describe what the line bills.')
  .max(500, 'Keep a line’s description under 500 characters.');

export const invoiceLineBody = z.object({
  description,
  quantity: quantitySchema,
  /** The price of one unit in the invoice currency's minor units. */
  unitMinor: minorAmountSchema,
  taxRate: taxRateSchema.default(0),
});
export type InvoiceLineBody = z.infer<typeof invoiceLineBody>;
export const updateInvoiceLineBody = invoiceLineBody.partial();

export const createInvoiceBody = z.object({
  /** Start an empty draft instead of one generated from what the contract has to invoice. */
  blank: z.boolean().optional(),
});

export const updateInvoiceBody = z.object({
  daysToPay: z
    .number({ error: 'Give the days to pay as a whole number.' })
    .int('Give the days to pay as a whole number.')
    .min(0, 'Days to pay can’t be negative.')
    .max(365, 'Give at most 365 days to pay.')
    .optional(),
  notes: z.string().max(2000, 'Keep the notes under 2,000 characters.').optional(),
  reverseCharge: z.boolean().optional(),
});

export const paymentMethods = ['bank_transfer', 'card', 'cash', 'other'] as const;
export const paymentBody = z.object({
  paidOn: dateSchema,
  amountMinor: minorAmountSchema.refine((n) => n > 0, 'A payment is more than 0.'),
  method: z.enum(paymentMethods, { error: 'Say how it was paid: bank_transfer, card, cash or other.' }),
  reference: z.string().trim().max(200, 'Keep the reference under 200 characters.').optional(),
});
export type PaymentBody = z.infer<typeof paymentBody>;

export const voidInvoiceBody = z.object({ reason: z.string().trim().max(1000, 'Keep the reason under 1,000 characters.').optional() });

const shortText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${label} under ${max.toLocaleString('en')} characters.`);

/** Who is billed, kept on the contract (outside the signed text, so a new address needs no new signature). */
export const billingDetailsSchema = z.object({
  legalName: shortText(200, 'the legal name').default(''),
  address: shortText(1000, 'the address').default(''),
  taxId: shortText(60, 'the tax id').default(''),
  /** Where invoices are emailed; empty: to the sponsors (organization) or the coachee (individual). */
  email: z.union([z.literal(''), z.email({ error: 'Enter a valid email address, like accounts@example.com, or leave it empty.' })]).default(''),
});
export type BillingDetails = z.infer<typeof billingDetailsSchema>;

/** The coach's business, printed on every invoice they issue (kept in Settings). */
export const businessProfileSchema = z.object({
  name: shortText(200, 'the business name').default(''),
  address: shortText(1000, 'the address').default(''),
  taxId: shortText(60, 'the tax id').default(''),
  paymentInstructions: shortText(2000, 'the payment instructions').default(''),
  /** A link where the client pays; {number}, {amount} and {currency} are filled in per invoice. */
  paymentLink: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Give the payment link as a web address starting with https://, or leave it empty.' })])
    .default(''),
  daysToPay: z.number({ error: 'Give the days to pay as a whole number.' }).int('Give the days to pay as a whole number.').min(0).max(365).default(30),
  numberPrefix: z
    .string()
    .trim()
    .max(20, 'Keep the number prefix under 20 characters.')
    .regex(/^[A-Za-z0-9 #/_.-]*$/, 'Use letters, digits, spaces and - / _ . # in the number prefix.')
    .default(''),
  taxRate: taxRateSchema.default(0),
});
export type BusinessProfileBody = z.infer<typeof businessProfileSchema>;

export const businessProfileOut = z
  .object({
    name: z.string(),
    address: z.string(),
    taxId: z.string(),
    paymentInstructions: z.string(),
    paymentLink: z.string(),
    daysToPay: z.number(),
    numberPrefix: z.string(),
    /** The default tax rate of new lines, in percent. */
    taxRate: z.number(),
    /** The number the next invoice will get, e.g. 2026-015. */
    nextNumber: z.string(),
  })
  .meta({ id: 'BusinessProfile' });
export type BusinessProfile = z.infer<typeof businessProfileOut>;

const party = z.object({ name: z.string(), address: z.string(), taxId: z.string() });

export const invoiceLineSchema = z.object({
  id: z.string(),
  position: z.number(),
  description: z.string(),
  quantityMilli: z.number(),
  unitMinor: z.number(),
  taxRateBp: z.number(),
  amountMinor: z.number(),
  sourceKind: z.enum(lineSources),
  sourceKey: z.string().nullable(),
});

export const invoiceStates = ['draft', 'open', 'partly_paid', 'overdue', 'paid', 'void', 'credit_note'] as const;

export const invoiceSummarySchema = z
  .object({
    id: z.string(),
    engagementId: z.string(),
    contractId: z.string().nullable(),
    contractTitle: z.string().nullable(),
    kind: z.enum(invoiceKinds),
    status: z.enum(invoiceStatuses),
    /** The status with the calendar: open, partly paid or overdue for an issued invoice. */
    state: z.enum(invoiceStates),
    number: z.string().nullable(),
    currency: z.string(),
    issuedOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    netMinor: z.number(),
    taxMinor: z.number(),
    totalMinor: z.number(),
    paidMinor: z.number(),
    balanceMinor: z.number(),
    billedTo: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'InvoiceSummary' });
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const invoiceSchema = invoiceSummarySchema
  .extend({
    daysToPay: z.number(),
    notes: z.string(),
    reverseCharge: z.boolean(),
    seller: party.extend({ paymentInstructions: z.string() }),
    buyer: party.extend({ email: z.string() }),
    lines: z.array(invoiceLineSchema),
    taxSummary: z.array(z.object({ taxRateBp: z.number(), netMinor: z.number(), taxMinor: z.number() })),
    payments: z.array(
      z.object({ id: z.string(), paidOn: z.string(), amountMinor: z.number(), method: z.string(), reference: z.string().nullable(), createdAt: z.string() }),
    ),
    creditNote: z.object({ id: z.string(), number: z.string().nullable() }).nullable(),
    creditFor: z.object({ id: z.string(), number: z.string().nullable() }).nullable(),
    voidReason: z.string().nullable(),
    issuedAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    voidedAt: z.string().nullable(),
    /** Where the billed party pays: the coach's payment link filled in for this invoice (issued and unpaid only). */
    paymentUrl: z.string().nullable(),
  })
  .meta({ id: 'Invoice' });
export type Invoice = z.infer<typeof invoiceSchema>;

const perCurrency = z.object({ currency: z.string(), outstandingMinor: z.number(), overdueMinor: z.number(), paidMinor: z.number() });

/** The coach's money across engagements: what is outstanding and overdue now, and what was paid per period. */
export const moneyViewSchema = z
  .object({
    today: z.string(),
    period: z.enum(['month', 'quarter', 'year']),
    totals: z.array(perCurrency),
    byPeriod: z.array(z.object({ period: z.string(), currency: z.string(), paidMinor: z.number(), invoicedMinor: z.number() })),
    byEngagement: z.array(perCurrency.extend({ engagementId: z.string(), title: z.string() })),
    invoices: z.array(invoiceSummarySchema.extend({ engagementTitle: z.string() })),
  })
  .meta({ id: 'MoneyView' });
export type MoneyView = z.infer<typeof moneyViewSchema>;
