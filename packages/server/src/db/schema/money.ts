/**
 * Row shapes for getting paid: business profiles, invoice numbering, billing, invoices, lines, payments.
 * Times are ISO 8601 UTC text and booleans 0/1 on both engines, so queries read the same.
 */

/** The coach's business as printed on their invoices (Settings). */
export interface BusinessProfilesTable {
  user_id: string;
  name: string;
  address: string;
  tax_id: string;
  payment_instructions: string;
  /** A link where clients pay; {number}, {amount} and {currency} are filled in per invoice. */
  payment_link: string;
  days_to_pay: number;
  number_prefix: string;
  tax_rate_bp: number;
  updated_at: string;
}

/** The last number a coach issued in a series (a year); its row lock makes numbering gapless. */
export interface InvoiceCountersTable {
  coach_id: string;
  series: string;
  last_number: number;
}

/** Who a contract bills; outside the signed content, so it can change without a new signature. */
export interface ContractBillingTable {
  contract_id: string;
  engagement_id: string;
  legal_name: string;
  address: string;
  tax_id: string;
  email: string;
  updated_by: string | null;
  updated_at: string;
}

/** An invoice or a credit note. kind: invoice | credit_note; status: draft | issued | paid | void. Amounts in minor units. */
export interface InvoicesTable {
  id: string;
  engagement_id: string;
  contract_id: string | null;
  coach_id: string;
  kind: string;
  status: string;
  currency: string;
  number: string | null;
  series: string | null;
  sequence: number | null;
  issued_on: string | null;
  due_on: string | null;
  days_to_pay: number;
  notes: string;
  reverse_charge: number;
  credit_for_id: string | null;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
  paid_minor: number;
  /** JSON snapshots of the coach's business and of who is billed, taken when issued. */
  seller: string | null;
  buyer: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  void_reason: string | null;
}

/** One line: quantity in thousandths × unit price in minor units, tax rate in basis points. */
export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  engagement_id: string;
  position: number;
  description: string;
  quantity_milli: number;
  unit_minor: number;
  tax_rate_bp: number;
  amount_minor: number;
  source_kind: string;
  source_key: string | null;
}

export interface InvoicePaymentsTable {
  id: string;
  invoice_id: string;
  engagement_id: string;
  paid_on: string;
  amount_minor: number;
  method: string;
  reference: string | null;
  provider_event_id: string | null;
  created_by: string | null;
  created_at: string;
}
