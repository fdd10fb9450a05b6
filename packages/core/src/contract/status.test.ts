import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  applyContractEvent,
  type ContractEvent,
  type ContractStatus,
  contractEvents,
  contractLockedMessage,
  contractStatuses,
  dateEvents,
  isContractEditable,
  nextContractStatus,
  signatureProgress,
} from './status.js';

const legal: Record<ContractStatus, Partial<Record<ContractEvent, ContractStatus>>> = {
  draft: { send: 'sent', withdraw: 'withdrawn' },
  sent: { sign: 'sent', complete: 'signed', decline: 'declined', withdraw: 'withdrawn' },
  signed: { activate: 'active', end: 'ended', supersede: 'superseded' },
  active: { end: 'ended', supersede: 'superseded' },
  ended: {},
  declined: {},
  withdrawn: {},
  superseded: {},
};

describe('contract status flow', () => {
  it('follows draft → sent → signed → active → ended', () => {
    let s: ContractStatus = 'draft';
    for (const e of ['send', 'sign', 'complete', 'activate', 'end'] as const) s = applyContractEvent(s, e);
    expect(s).toBe('ended');
  });

  it('allows exactly the listed transitions from every status', () => {
    for (const from of contractStatuses) {
      for (const event of contractEvents) expect([from, event, nextContractStatus(from, event)]).toEqual([from, event, legal[from][event] ?? null]);
    }
  });

  it('refuses every other transition with a 409 and a sentence', () => {
    let refused = 0;
    for (const from of contractStatuses) {
      for (const event of contractEvents) {
        if (legal[from][event]) continue;
        refused += 1;
        try {
          applyContractEvent(from, event);
          expect.unreachable(`${from} + ${event} should be refused`);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('illegal_transition');
          expect((e as AppError).status).toBe(409);
          expect((e as AppError).message).toMatch(/^This contract .+\.$/);
        }
      }
    }
    expect(refused).toBeGreaterThan(40);
  });

  it('explains refusals in words', () => {
    expect(() => applyContractEvent('draft', 'sign')).toThrow("This contract is still a draft, so it can't be signed. The coach sends it for signature first.");
    expect(() => applyContractEvent('signed', 'withdraw')).toThrow(
      "This contract is signed, so it can't be withdrawn. To change it, amend it as a new version that is signed again.",
    );
    expect(() => applyContractEvent('declined', 'send')).toThrow(
      "This contract was declined, so it can't be sent for signature. The coach can revise it as a new version.",
    );
  });

  it('lets only a draft be edited', () => {
    expect(contractStatuses.filter(isContractEditable)).toEqual(['draft']);
    expect(contractLockedMessage('signed')).toBe(
      'This contract is signed and can no longer change. Amend it as a new version, which every signer signs again.',
    );
  });

  it('derives the calendar events from the dates', () => {
    expect(dateEvents('signed', '2026-03-01', '2026-05-31', '2026-02-28')).toEqual([]);
    expect(dateEvents('signed', '2026-03-01', '2026-05-31', '2026-03-01')).toEqual(['activate']);
    expect(dateEvents('signed', '2026-03-01', '2026-05-31', '2026-06-01')).toEqual(['activate', 'end']);
    expect(dateEvents('active', '2026-03-01', '2026-05-31', '2026-05-31')).toEqual([]);
    expect(dateEvents('sent', '2020-03-01', '2020-05-31', '2026-06-01')).toEqual([]);
  });

  it('completes when every signer has signed', () => {
    expect(signatureProgress(['a', 'b'], ['a'])).toEqual({ remaining: ['b'], complete: false });
    expect(signatureProgress(['a', 'b'], ['b', 'a'])).toEqual({ remaining: [], complete: true });
    expect(signatureProgress([], [])).toEqual({ remaining: [], complete: false });
  });
});
