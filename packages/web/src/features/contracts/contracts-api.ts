import { contractStatusLabels } from '@carriage/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export type ContractStatus = 'draft' | 'sent' | 'signed' | 'active' | 'ended' | 'declined' | 'withdrawn' | 'superseded';
export type RateUnit = 'per_hour' | 'per_session' | 'per_month' | 'fixed';

export interface Goal {
  id: string;
  what: string;
  howMeasured: string;
  target: string;
  byWhen: string | null;
}
export interface Deliverable {
  id: string;
  description: string;
  acceptanceCriteria: string;
  dueOn: string | null;
  goalId: string | null;
}
export interface Rate {
  amount: number;
  currency: string;
  unit: RateUnit;
  sessionsIncluded: number | null;
}
export interface Signer {
  userId: string;
  name: string;
  role: 'coach' | 'coachee' | 'sponsor';
}
export interface ContractContent {
  title: string;
  clientType: 'individual' | 'organization';
  clientName: string;
  coachName: string;
  startsOn: string | null;
  endsOn: string | null;
  goals: Goal[];
  deliverables: Deliverable[];
  rate: Rate | null;
  paymentTerms: string;
  cancellationTerms: string;
  confidentialityTerms: string;
  signers: Signer[];
}
export interface ContractSummary {
  id: string;
  engagementId: string;
  title: string;
  status: ContractStatus;
  kind: 'original' | 'amendment' | 'renewal';
  version: number;
  template: 'individual' | 'organization';
  previousId: string | null;
  nextId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  sessionsIncluded: number | null;
  createdAt: string;
  sentAt: string | null;
  signedAt: string | null;
  signers: { userId: string; name: string; role: string; signedAt: string | null; declinedAt: string | null }[];
}
export interface Change {
  field: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}
export interface Contract extends ContractSummary {
  content: ContractContent;
  contentSha256: string;
  signatures: { id: string; userId: string; name: string; role: string; typedName: string; signedAt: string; ip: string | null; userAgent: string | null }[];
  changes: Change[];
  declinedReason: string | null;
  mySignature: 'not_a_signer' | 'to_sign' | 'signed' | 'declined';
  deliverablesOnBoard: number;
  missingToSend: Record<string, string>;
}
export interface AuditEntry {
  id: string;
  type: string;
  actor: { id: string; name: string } | null;
  at: string;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}
export interface Quote {
  amount: number | null;
  currency: string;
  unit: RateUnit;
  sessionsIncluded: number | null;
  covers: string;
}
export interface Vision {
  engagementId: string;
  currentSituation: string;
  desiredFuture: string;
  goals: Goal[];
  quote: Quote | null;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
  comments: { id: string; body: string; createdAt: string; author: { id: string; name: string; role: string } }[];
}
export interface Verification {
  match: boolean;
  matchedBy: 'pdf' | 'content' | null;
  sha256: string;
  message: string;
  contract: {
    id: string;
    title: string;
    version: number;
    status: ContractStatus;
    contentSha256: string;
    signedAt: string | null;
    signers: { name: string; role: string; signedAt: string }[];
  } | null;
}

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
  return useQuery({ queryKey: contractKeys.one(id), queryFn: () => get<Contract>(`/api/contracts/${id}`), retry: false });
}
export function useAudit(id: string) {
  return useQuery({ queryKey: contractKeys.audit(id), queryFn: async () => (await get<{ entries: AuditEntry[] }>(`/api/contracts/${id}/audit`)).entries });
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
export const unitLabels: Record<RateUnit, string> = { per_hour: 'per hour', per_session: 'per session', per_month: 'per month', fixed: 'fixed price' };
export const kindLabel = (c: Pick<ContractSummary, 'kind' | 'version'>) =>
  c.kind === 'renewal' ? 'Renewal' : c.kind === 'amendment' ? `Version ${c.version}` : c.version > 1 ? `Version ${c.version}` : 'Original';

/** "9,000.00 EUR fixed price (12 sessions included)". */
export function rateText(rate: Pick<Rate, 'amount' | 'currency' | 'unit' | 'sessionsIncluded'> | null): string {
  if (!rate) return 'Not set';
  const amount = rate.amount.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pkg = rate.sessionsIncluded ? ` (${rate.sessionsIncluded} session${rate.sessionsIncluded === 1 ? '' : 's'} included)` : '';
  return `${amount} ${rate.currency} ${unitLabels[rate.unit]}${pkg}`;
}

/** A short random id for a new goal or deliverable (kept across edits so cards stay linked). */
export function newItemId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;
}

export const isSigned = (s: ContractStatus) => s === 'signed' || s === 'active' || s === 'ended' || s === 'superseded';
