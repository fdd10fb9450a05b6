import { AppError } from '../errors.js';

/**
 * An invoice's life, after Stripe's: a draft is edited freely; issuing gives it the coach's next number
 * and freezes it; payments (partial ones too) are recorded until it is paid; an issued invoice with no
 * payment can be voided, which issues a credit note for its whole amount. A credit note is issued at
 * once and never changes. Overdue is not a status but a fact of the calendar: issued, unpaid, past due.
 */
export const invoiceStatuses = ['draft', 'issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceKinds = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];

export const invoiceActions = ['edit', 'issue', 'pay', 'void', 'discard'] as const;
export type InvoiceAction = (typeof invoiceActions)[number];

/** Whether an action is allowed on an invoice in a status. */
export function canInvoice(kind: InvoiceKind, status: InvoiceStatus, action: InvoiceAction, paidMinor = 0): boolean {
  if (kind === 'credit_note') return false;
  switch (action) {
    case 'edit':
    case 'issue':
    case 'discard':
      return status === 'draft';
    case 'pay':
      return status === 'issued';
    case 'void':
      return status === 'issued' && paidMinor === 0;
  }
}

const refusals: Record<InvoiceAction, Partial<Record<InvoiceStatus, string>>> = {
  edit: {
    issued: 'This invoice was issued and can no longer change. Void it (a credit note cancels it) and draft a new one.',
    paid: 'This invoice is paid and can no longer change.',
    void: 'This invoice was voided and can no longer change.',
  },
  issue: { issued: 'This invoice was issued already.', paid: 'This invoice was issued and paid already.', void: 'This invoice was voided.' },
  discard: {
    issued: 'An issued invoice keeps its number and can’t be deleted. Void it instead.',
    paid: 'A paid invoice can’t be deleted.',
    void: 'A voided invoice stays on record with its credit note.',
  },
  pay: {
    draft: 'Issue this invoice before recording a payment.',
    paid: 'This invoice is paid in full already.',
    void: 'This invoice was voided; it can’t be paid.',
  },
  void: {
    draft: 'A draft has no number yet: delete it instead of voiding it.',
    paid: 'This invoice is paid. Record a refund outside Carriage, or void only invoices without payments.',
    void: 'This invoice was voided already.',
  },
};

/** Refuses an action with 409 and a sentence the coach can act on, unless it is allowed. */
export function ensureInvoiceAction(kind: InvoiceKind, status: InvoiceStatus, action: InvoiceAction, paidMinor = 0): void {
  if (canInvoice(kind, status, action, paidMinor)) return;
  if (kind === 'credit_note') throw new AppError('invoice_locked', 'A credit note is issued as it is and never changes.');
  if (action === 'void' && status === 'issued') {
    throw new AppError('illegal_transition', 'This invoice has payments recorded, so it can’t be voided. Record a refund outside Carriage instead.');
  }
  const code = action === 'edit' ? 'invoice_locked' : 'illegal_transition';
  throw new AppError(code, refusals[action][status] ?? `This invoice can’t be changed that way (${status}).`, { details: { status, action } });
}

/** What an invoice shows as its state, the calendar included. */
export type InvoiceState = 'draft' | 'open' | 'partly_paid' | 'overdue' | 'paid' | 'void' | 'credit_note';

export function invoiceState(
  inv: { kind: InvoiceKind; status: InvoiceStatus; dueOn: string | null; paidMinor: number; totalMinor: number },
  today: string,
): InvoiceState {
  if (inv.kind === 'credit_note') return 'credit_note';
  if (inv.status !== 'issued') return inv.status;
  if (inv.dueOn && inv.dueOn < today) return 'overdue';
  return inv.paidMinor > 0 ? 'partly_paid' : 'open';
}

export const invoiceStateLabels: Record<InvoiceState, string> = {
  draft: 'Draft',
  open: 'Issued',
  partly_paid: 'Partly paid',
  overdue: 'Overdue',
  paid: 'Paid',
  void: 'Void',
  credit_note: 'Credit note',
};

/** "2026-014": the coach's prefix, the series (the year of issue) and the number in it, three digits at least. */
export function formatInvoiceNumber(prefix: string, series: string, sequence: number): string {
  return `${prefix}${series}-${String(sequence).padStart(3, '0')}`;
}
