import {
  type BillingDetails,
  type BusinessProfile,
  type Invoice,
  type InvoiceState,
  type InvoiceSummary,
  invoiceStateLabels,
  type MoneyView,
} from '@carriage/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export type { BillingDetails, BusinessProfile, Invoice, InvoiceSummary, MoneyView };

export const invoiceKeys = {
  list: (engagementId: string) => ['engagement', engagementId, 'invoices'] as const,
  one: (id: string) => ['invoice', id] as const,
  billing: (contractId: string) => ['contract', contractId, 'billing'] as const,
  business: ['business-profile'] as const,
  money: (period: string) => ['money', period] as const,
};

// An invoice's change by anyone (a payment arriving through a provider too) refreshes what is on screen.
onLiveEvent('invoice.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: invoiceKeys.list(ev.engagementId) });
  void qc.invalidateQueries({ queryKey: invoiceKeys.one(ev.entityId) });
  void qc.invalidateQueries({ queryKey: ['money'] });
  // The header shows the latest invoice's state.
  void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId], exact: true });
});

export function useInvoices(engagementId: string, enabled = true) {
  return useQuery({
    queryKey: invoiceKeys.list(engagementId),
    queryFn: async () => (await get<{ invoices: InvoiceSummary[] }>(`/api/engagements/${engagementId}/invoices`)).invoices,
    enabled,
  });
}
export function useInvoice(id: string) {
  return useQuery({ queryKey: invoiceKeys.one(id), queryFn: () => get<Invoice>(`/api/invoices/${id}`), retry: false });
}
export function useBilling(contractId: string | null) {
  return useQuery({
    queryKey: invoiceKeys.billing(contractId ?? ''),
    queryFn: () => get<BillingDetails>(`/api/contracts/${contractId}/billing`),
    enabled: !!contractId,
  });
}
export function useBusinessProfile() {
  return useQuery({ queryKey: invoiceKeys.business, queryFn: () => get<BusinessProfile>('/api/me/business') });
}
export function useMoney(period: MoneyView['period']) {
  return useQuery({ queryKey: invoiceKeys.money(period), queryFn: () => get<MoneyView>(`/api/money?period=${period}`) });
}

const tone: Record<InvoiceState, string> = {
  draft: 'badge--muted',
  open: 'badge--warn',
  partly_paid: 'badge--warn',
  overdue: 'badge--danger',
  paid: 'badge--ok',
  void: 'badge--muted',
  credit_note: 'badge--muted',
};
export const stateBadgeClass = (s: InvoiceState) => `badge ${tone[s]}`;
export const stateLabels = invoiceStateLabels;

/** "Invoice 2026-014", "Credit note 2026-015", "Draft invoice". */
export function invoiceTitle(i: Pick<InvoiceSummary, 'kind' | 'number'>): string {
  if (!i.number) return 'Draft invoice';
  return `${i.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${i.number}`;
}

export const paymentMethodLabels: Record<string, string> = { bank_transfer: 'Bank transfer', card: 'Card', cash: 'Cash', other: 'Other' };
