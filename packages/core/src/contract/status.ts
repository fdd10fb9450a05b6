import { AppError } from '../errors.js';

/**
 * A contract's life: draft → sent → signed (every signer signed) → active (start date reached) → ended,
 * or declined (by a signer) / withdrawn (by the coach). A signed contract that is amended is superseded
 * once its new version is signed.
 */
export const contractStatuses = ['draft', 'sent', 'signed', 'active', 'ended', 'declined', 'withdrawn', 'superseded'] as const;
export type ContractStatus = (typeof contractStatuses)[number];

/** What can happen to a contract. `sign` is one signature; `complete` is the last one. */
export const contractEvents = ['send', 'sign', 'complete', 'decline', 'withdraw', 'activate', 'end', 'supersede'] as const;
export type ContractEvent = (typeof contractEvents)[number];

const transitions: Record<ContractStatus, Partial<Record<ContractEvent, ContractStatus>>> = {
  draft: { send: 'sent', withdraw: 'withdrawn' },
  sent: { sign: 'sent', complete: 'signed', decline: 'declined', withdraw: 'withdrawn' },
  signed: { activate: 'active', end: 'ended', supersede: 'superseded' },
  active: { end: 'ended', supersede: 'superseded' },
  ended: {},
  declined: {},
  withdrawn: {},
  superseded: {},
};

/** The status a contract reaches through an event, or null when the event is not allowed from there. */
export function nextContractStatus(from: ContractStatus, event: ContractEvent): ContractStatus | null {
  return transitions[from][event] ?? null;
}

export const contractStatusLabels: Record<ContractStatus, string> = {
  draft: 'Draft',
  sent: 'Awaiting signatures',
  signed: 'Signed',
  active: 'Active',
  ended: 'Ended',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  superseded: 'Superseded',
};

/** How each step of a contract's audit trail reads, on the page and on the PDF's certificate alike. */
export const contractAuditLabels: Record<string, string> = {
  created: 'Created',
  updated: 'Edited',
  sent: 'Sent for signature',
  viewed: 'Viewed',
  signed: 'Signed',
  completed: 'Signed by every signer',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
  activated: 'Became active',
  ended: 'Ended',
  superseded: 'Replaced by a new version',
  amended: 'New version started',
  renewed: 'Renewal drafted',
  cards_created: 'Deliverables put on the board',
};

const where: Record<ContractStatus, string> = {
  draft: 'is still a draft',
  sent: 'is out for signature',
  signed: 'is signed',
  active: 'is active',
  ended: 'has ended',
  declined: 'was declined',
  withdrawn: 'was withdrawn',
  superseded: 'was replaced by a newer version',
};

const verbs: Record<ContractEvent, string> = {
  send: 'sent for signature',
  sign: 'signed',
  complete: 'signed',
  decline: 'declined',
  withdraw: 'withdrawn',
  activate: 'made active',
  end: 'ended',
  supersede: 'replaced by a new version',
};

function hint(from: ContractStatus, event: ContractEvent): string {
  if (from === 'draft' && (event === 'sign' || event === 'complete' || event === 'decline')) return ' The coach sends it for signature first.';
  if (from === 'sent' && event === 'send') return ' Every signer has it already.';
  if ((from === 'signed' || from === 'active') && (event === 'withdraw' || event === 'send' || event === 'decline'))
    return ' To change it, amend it as a new version that is signed again.';
  if ((from === 'signed' || from === 'active') && (event === 'sign' || event === 'complete')) return ' Every signer has signed it already.';
  if (from === 'declined' || from === 'withdrawn') return ' The coach can revise it as a new version.';
  if (from === 'superseded') return ' Open its latest version instead.';
  return '';
}

/** A sentence explaining why an event is refused in a status. */
export function contractTransitionRefusal(from: ContractStatus, event: ContractEvent): string {
  return `This contract ${where[from]}, so it can't be ${verbs[event]}.${hint(from, event)}`;
}

/** The next status, or an `illegal_transition` error (409) with a sentence. */
export function applyContractEvent(from: ContractStatus, event: ContractEvent): ContractStatus {
  const to = nextContractStatus(from, event);
  if (!to) throw new AppError('illegal_transition', contractTransitionRefusal(from, event), { details: { status: from, event } });
  return to;
}

/** Only a draft can be edited; everything sent is fixed so every signer signs the same text. */
export function isContractEditable(status: ContractStatus): boolean {
  return status === 'draft';
}

/** A sentence for a refused edit (answered with 409 contract_locked). */
export function contractLockedMessage(status: ContractStatus): string {
  if (status === 'sent') return 'This contract was sent for signature and can no longer change. Withdraw it and revise it as a new version to change it.';
  if (status === 'declined' || status === 'withdrawn') return `This contract ${where[status]} and can no longer change. Revise it as a new version instead.`;
  if (status === 'superseded') return 'This contract was replaced by a newer version and can no longer change.';
  return `This contract ${where[status]} and can no longer change. Amend it as a new version, which every signer signs again.`;
}

/** Whether every signer has signed it at some point (it has a final text and can be printed). */
export function hasBeenSigned(status: ContractStatus): boolean {
  return status === 'signed' || status === 'active' || status === 'ended' || status === 'superseded';
}

/** A new version can replace a signed contract (an amendment) or revise one that was declined or withdrawn. */
export function canStartNewVersion(status: ContractStatus): boolean {
  return status === 'signed' || status === 'active' || status === 'declined' || status === 'withdrawn';
}

/** A renewal follows a contract that was signed and not replaced. */
export function canRenew(status: ContractStatus): boolean {
  return status === 'signed' || status === 'active' || status === 'ended';
}

/** The events the calendar causes on a given day: a signed contract starts, an active one ends after its end date. */
export function dateEvents(status: ContractStatus, startsOn: string | null, endsOn: string | null, today: string): ContractEvent[] {
  const out: ContractEvent[] = [];
  let s = status;
  if (s === 'signed' && startsOn && startsOn <= today) {
    out.push('activate');
    s = 'active';
  }
  if (s === 'active' && endsOn && endsOn < today) out.push('end');
  return out;
}

/** Who still has to sign, and whether the last signature completes the contract. */
export function signatureProgress(signerUserIds: readonly string[], signedUserIds: readonly string[]): { remaining: string[]; complete: boolean } {
  const signed = new Set(signedUserIds);
  const remaining = signerUserIds.filter((id) => !signed.has(id));
  return { remaining, complete: signerUserIds.length > 0 && remaining.length === 0 };
}
