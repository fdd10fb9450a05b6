import type { ContractContent, ContractGoal, ContractSigner, ContractTemplate, Rate, VisionQuote } from '../schemas/contracts.js';

export interface TemplateTerms {
  label: string;
  description: string;
  defaultUnit: Rate['unit'];
  paymentTerms: string;
  cancellationTerms: string;
  confidentialityTerms: string;
}

/** Pre-filled terms: a simple agreement for a person, a statement of work for a company. */
export const contractTemplateTerms: Record<ContractTemplate, TemplateTerms> = {
  individual: {
    label: 'Coaching agreement (individual)',
    description: 'A simple agreement between the coach and one coachee, signed by both.',
    defaultUnit: 'per_session',
    paymentTerms: 'Invoiced monthly for the sessions held that month. Payment is due within 14 days of the invoice date.',
    cancellationTerms:
      'A session cancelled or moved at least 24 hours before it starts is rescheduled at no charge; a later cancellation or a missed session counts as held. Either party may end this agreement with 14 days’ written notice; sessions held until then are paid.',
    confidentialityTerms:
      'What the coachee shares in sessions stays between the coachee and the coach. The coach shares nothing without the coachee’s consent, except where the law requires it or someone’s safety is at risk.',
  },
  organization: {
    label: 'Statement of work (organization)',
    description: 'For a company: the coach and the sponsor sign, and the coachees may sign too.',
    defaultUnit: 'fixed',
    paymentTerms:
      'Invoiced to the client in two parts: half when this statement of work is signed, half at its end date. Payment is due within 30 days of the invoice date. Amounts exclude VAT.',
    cancellationTerms:
      'A session cancelled or moved at least 48 hours before it starts is rescheduled at no charge; a later cancellation counts as held. Either party may end this statement of work with 30 days’ written notice; work delivered until then is paid pro rata.',
    confidentialityTerms:
      'The content of coaching sessions is confidential between each coachee and the coach. The sponsor receives the agreed goals, attendance and progress on the deliverables, never what was said in a session. Each party keeps the other’s business information confidential.',
  },
};

/** The statement of work's payment terms as a schedule: half on signature, half at the end date. */
export const organizationInstalments = [
  { label: 'On signature', percent: 50 },
  { label: 'At the end date', percent: 50 },
];

export interface DraftContext {
  template: ContractTemplate;
  engagementTitle: string;
  clientName: string;
  coach: ContractSigner;
  coachees: ContractSigner[];
  sponsors: ContractSigner[];
  startsOn: string | null;
  endsOn: string | null;
  /** Fresh ids for goals and deliverables. */
  newId: () => string;
  vision?: { goals: ContractGoal[]; quote: VisionQuote | null } | null;
}

/** The default signers: coach and coachee for a person; coach, sponsors (and coachees, optionally) for a company. */
export function defaultSigners(template: ContractTemplate, coach: ContractSigner, coachees: ContractSigner[], sponsors: ContractSigner[]): ContractSigner[] {
  if (template === 'individual') return [coach, ...coachees.slice(0, 1)];
  return [coach, ...sponsors];
}

/** A new draft from a template, optionally carrying the vision document's goals and quote. */
export function draftContract(ctx: DraftContext): ContractContent {
  const terms = contractTemplateTerms[ctx.template];
  const quote = ctx.vision?.quote ?? null;
  // The statement of work's terms invoice a fixed price in two halves; the schedule says so in a form invoices can follow.
  const halves = ctx.template === 'organization' && quote?.unit === 'fixed' ? organizationInstalments : null;
  const goals: ContractGoal[] = (ctx.vision?.goals ?? []).map((g) => ({ ...g, id: ctx.newId() }));
  return {
    title: ctx.template === 'organization' ? `Statement of work: ${ctx.engagementTitle}` : `Coaching agreement: ${ctx.engagementTitle}`,
    clientType: ctx.template,
    clientName: ctx.clientName,
    coachName: ctx.coach.name,
    startsOn: ctx.startsOn,
    endsOn: ctx.endsOn,
    goals,
    deliverables: [],
    rate:
      quote?.amountMinor != null
        ? { amountMinor: quote.amountMinor, currency: quote.currency, unit: quote.unit, sessionsIncluded: quote.sessionsIncluded ?? null, instalments: halves }
        : null,
    paymentTerms: terms.paymentTerms,
    cancellationTerms: terms.cancellationTerms,
    confidentialityTerms: terms.confidentialityTerms,
    signers: defaultSigners(ctx.template, ctx.coach, ctx.coachees, ctx.sponsors),
  };
}

/** What a draft still lacks before it can be sent, as field → sentence (empty when it is complete). */
export function missingToSend(c: ContractContent): Record<string, string> {
  const m: Record<string, string> = {};
  if (!c.title.trim()) m.title = 'Give the contract a title.';
  if (!c.startsOn) m.startsOn = 'Set the start date.';
  if (!c.endsOn) m.endsOn = 'Set the end date.';
  if (c.startsOn && c.endsOn && c.endsOn < c.startsOn) m.endsOn = 'The end date must be on or after the start date.';
  if (!c.rate) m.rate = 'Set the rate: an amount, a currency and a unit.';
  if (c.deliverables.length === 0 && c.goals.length === 0) m.deliverables = 'Add at least one goal or deliverable.';
  if (!c.signers.some((s) => s.role === 'coach')) m.signers = 'The coach signs every contract: add the coach as a signer.';
  else if (c.clientType === 'individual' && !c.signers.some((s) => s.role === 'coachee')) m.signers = 'Add the coachee as a signer.';
  else if (c.clientType === 'organization' && !c.signers.some((s) => s.role === 'sponsor')) m.signers = 'Add the sponsor who signs for the company.';
  return m;
}
