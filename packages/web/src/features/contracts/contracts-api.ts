import {
  type ContractAuditEntry,
  type ContractDetail,
  type ContractStatus,
  type ContractSummary,
  contractStatusLabels,
  formatRate,
  parseMoney,
  type Rate,
  rateUnitLabels,
  type Vision,
} from '@carriage/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

// The shapes the API returns are declared once, in core; type imports add nothing to the bundle.
export type {
  ContractContent,
  ContractDeliverable as Deliverable,
  ContractDetail as Contract,
  ContractGoal as Goal,
  ContractVerification as Verification,
  RateUnit,
  Vision,
  VisionQuote as Quote,
} from '@carriage/core';

export const contractKeys = {
  list: (engagementId: string) => ['engagement', engagementId, 'contracts'] as const,
  vision: (engagementId: string) => ['engagement', engagementId, 'vision'] as const,
  one: (id: string) => ['contract', id] as const,
  audit: (id: string) => ['contract', id, 'audit'] as const,
};

// Contract and vision changes by anyone refresh what is on screen.
onLiveEvent('contract.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: contractKeys.list(ev.engagementId) });
  void qc.invalidateQueries({ queryKey: contractKeys.one(ev.entityId) });
});
onLiveEvent('vision.', (qc, ev) => void qc.invalidateQueries({ queryKey: contractKeys.vision(ev.engagementId) }));

export function useVision(engagementId: string) {
  return useQuery({ queryKey: contractKeys.vision(engagementId), queryFn: () => get<Vision>(`/api/engagements/${engagementId}/vision`) });
}
export function useContracts(engagementId: string) {
  return useQuery({
    queryKey: contractKeys.list(engagementId),
    queryFn: async () => (await get<{ contracts: ContractSummary[] }>(`/api/engagements/${engagementId}/contracts`)).contracts,
  });
}
export function useContract(id: string) {
  return useQuery({ queryKey: contractKeys.one(id), queryFn: () => get<ContractDetail>(`/api/contracts/${id}`), retry: false });
}
export function useAudit(id: string) {
  return useQuery({
    queryKey: contractKeys.audit(id),
    queryFn: async () => (await get<{ entries: ContractAuditEntry[] }>(`/api/contracts/${id}/audit`)).entries,
  });
}

/** The same words the server and the PDF use. */
export const statusLabels: Record<ContractStatus, string> = contractStatusLabels;
const statusTone: Record<ContractStatus, string> = {
  draft: 'badge--muted',
  sent: 'badge--warn',
  signed: 'badge--ok',
  active: 'badge--ok',
  ended: 'badge--muted',
  declined: 'badge--danger',
  withdrawn: 'badge--muted',
  superseded: 'badge--muted',
};
export const statusBadgeClass = (s: ContractStatus) => `badge ${statusTone[s]}`;
export const unitLabels = rateUnitLabels;
export const kindLabel = (c: Pick<ContractSummary, 'kind' | 'version'>) =>
  c.kind === 'renewal' ? 'Renewal' : c.kind === 'amendment' ? `Version ${c.version}` : c.version > 1 ? `Version ${c.version}` : 'Original';

/** "9,000.00 EUR fixed price (12 sessions included)": the words the contract and its PDF use. */
export function rateText(rate: Rate | null): string {
  return formatRate(rate) ?? 'Not set';
}

/**
 * Reads the amount typed in a rate or quote into minor units of its currency, or throws the field error
 * the form shows under it (the API takes whole minor units only).
 */
export function amountMinorFrom(text: string, currency: string, field: string): number | null {
  if (text.trim() === '') return null;
  const parsed = parseMoney(text, currency);
  if ('error' in parsed) throw new ApiError(400, 'validation_failed', parsed.error, { [field]: parsed.error });
  return parsed.minor;
}

/** A short random id for a new goal or deliverable (kept across edits so cards stay linked). */
export function newItemId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;
}

export const isSigned = (s: ContractStatus) => s === 'signed' || s === 'active' || s === 'ended' || s === 'superseded';
