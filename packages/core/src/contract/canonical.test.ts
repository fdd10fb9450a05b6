import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { measureText } from '../measures/measure.js';
import type { ContractContent } from '../schemas/contracts.js';
import { canonicalContractText, contractContentHash, sha256Hex, stableStringify } from './canonical.js';
import { diffContracts, formatRate } from './diff.js';
import { renewalContent, renewalDates } from './renewal.js';
import { draftContract, missingToSend } from './templates.js';

const base: ContractContent = {
  title: 'Coaching agreement',
  clientType: 'individual',
  clientName: 'Cory Coachee',
  coachName: 'Casey Coach',
  startsOn: '2026-03-01',
  endsOn: '2026-05-31',
  goals: [{ id: 'g1', what: 'Lead the team meeting', howMeasured: 'Team survey', target: '4 of 5', byWhen: '2026-05-15' }],
  deliverables: [{ id: 'd1', description: 'Run a retrospective', acceptanceCriteria: 'Held and written up', dueOn: '2026-04-01', goalId: 'g1' }],
  rate: { amountMinor: 15000, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10, instalments: null },
  paymentTerms: 'Monthly.',
  cancellationTerms: '24 hours.',
  confidentialityTerms: 'Confidential.',
  signers: [
    { userId: 'u1', name: 'Casey Coach', role: 'coach' },
    { userId: 'u2', name: 'Cory Coachee', role: 'coachee' },
  ],
};

describe('canonical contract content', () => {
  it('hashes with SHA-256 of the canonical text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contractContentHash(base)).toBe(crypto.createHash('sha256').update(canonicalContractText(base), 'utf8').digest('hex'));
  });

  it('gives the same hash for the same content, whatever the key order, ids or invisible whitespace', () => {
    const reordered = JSON.parse(stableStringify(JSON.parse(JSON.stringify(base)))) as ContractContent;
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as unknown as ContractContent;
    expect(contractContentHash(shuffled)).toBe(contractContentHash(base));
    const noisy: ContractContent = {
      ...base,
      title: '  Coaching agreement \r\n',
      paymentTerms: 'Monthly.   ',
      goals: [{ ...base.goals[0], id: 'other-id' }],
      deliverables: [{ ...base.deliverables[0], id: 'x', goalId: 'other-id' }],
      rate: { ...base.rate, currency: 'eur' } as ContractContent['rate'],
    };
    expect(contractContentHash(noisy)).toBe(contractContentHash(base));
    // Composed and decomposed accents read the same.
    expect(contractContentHash({ ...base, clientName: 'Zoe\u0301' })).toBe(contractContentHash({ ...base, clientName: 'Zoé' }));
  });

  it('keeps the hash every contract was signed with before amounts were kept in minor units', () => {
    // Hashes printed by the canonical form as it was (amounts as floats written with two decimals).
    expect(contractContentHash(base)).toBe('83486000794d879f2e3062a4980beec0adb21b1574d96123397bf1bffafdf005');
    // A yen rate typed with decimals then is carried over at its finer scale, not rounded.
    expect(
      contractContentHash({ ...base, rate: { amountMinor: 1500050, scale: 2, currency: 'JPY', unit: 'fixed', sessionsIncluded: null, instalments: null } }),
    ).toBe('0bee99ed738efae054164ee42027a69e6a092e65ed8ff10b1c02b92dde23024e');
    expect(contractContentHash({ ...base, rate: { amountMinor: 1250, currency: 'KWD', unit: 'per_hour', sessionsIncluded: null, instalments: null } })).toBe(
      '2044dbd5ca5cf6b09b353837b0f0e1c1c13a8868bf2350838811696c330246b3',
    );
    // A third decimal, which only KWD-like currencies have now, reaches the canonical text.
    expect(
      canonicalContractText({ ...base, rate: { amountMinor: 1255, currency: 'KWD', unit: 'per_hour', sessionsIncluded: null, instalments: null } }),
    ).toContain('"amount":"1.255"');
  });

  it('gives a different hash for any change a reader could see', () => {
    const h = contractContentHash(base);
    const variants: ContractContent[] = [
      { ...base, title: 'Coaching agreement 2' },
      { ...base, endsOn: '2026-06-01' },
      { ...base, rate: { ...(base.rate as NonNullable<ContractContent['rate']>), amountMinor: 15001 } },
      {
        ...base,
        rate: {
          ...(base.rate as NonNullable<ContractContent['rate']>),
          unit: 'fixed',
          instalments: [
            { label: 'Deposit', percent: 30 },
            { label: 'Balance', percent: 70 },
          ],
        },
      },
      { ...base, rate: { ...(base.rate as NonNullable<ContractContent['rate']>), sessionsIncluded: 11 } },
      { ...base, deliverables: [{ ...base.deliverables[0], acceptanceCriteria: 'Held' }] },
      { ...base, deliverables: [{ ...base.deliverables[0], goalId: null }] },
      { ...base, goals: [{ ...base.goals[0], target: '5 of 5' }] },
      { ...base, cancellationTerms: '48 hours.' },
      { ...base, signers: base.signers.slice(0, 1) },
      { ...base, paymentTerms: 'Monthly.\n\nNet 14.' },
    ];
    const hashes = new Set(variants.map(contractContentHash));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(h)).toBe(false);
  });
});

describe('a goal’s measure in the signed content', () => {
  const measure = {
    name: 'Evenings out of the office by six',
    unit: 'a week',
    baseline: 1,
    baselineOn: '2026-03-01',
    target: 4,
    targetOn: '2026-05-15',
    direction: 'up' as const,
    cadence: 'weekly' as const,
  };
  const measured: ContractContent = { ...base, goals: [{ ...base.goals[0], measure }] };

  it('leaves the hash of a contract without measures as it was before measures existed', () => {
    // The canonical text of `base` has no measure key at all, with the measure absent or null.
    expect(canonicalContractText({ ...base, goals: [{ ...base.goals[0], measure: null }] })).toBe(canonicalContractText(base));
    expect(canonicalContractText(base)).not.toContain('measure');
  });

  it('hashes every part of the measure a reader sees, and 4 the same as 4.0', () => {
    const h = contractContentHash(measured);
    expect(h).not.toBe(contractContentHash(base));
    const variants = [
      { name: 'Evenings home by six' },
      { unit: 'evenings a week' },
      { baseline: 2 },
      { baselineOn: '2026-03-02' },
      { target: 5 },
      { targetOn: '2026-05-16' },
      { cadence: 'session' as const },
      { direction: 'down' as const, target: 0 },
    ].map((patch) => contractContentHash({ ...base, goals: [{ ...base.goals[0], measure: { ...measure, ...patch } }] }));
    expect(new Set([...variants, h]).size).toBe(variants.length + 1);
    expect(
      contractContentHash({ ...base, goals: [{ ...base.goals[0], measure: { ...measure, target: 4.0, name: ' Evenings out of the office by six ' } }] }),
    ).toBe(h);
  });

  it('reads the measure in plain words, lists it among the changes and renews it with its target date in the new period', () => {
    expect(measureText(measure)).toBe(
      'Evenings out of the office by six: from 1 a week on 2026-03-01 to 4 a week by 2026-05-15 (higher is better; checked in weekly)',
    );
    expect(diffContracts(base, measured)).toEqual([
      expect.objectContaining({
        field: 'goals',
        label: 'Goal changed',
        change: 'changed',
        after: expect.stringContaining('measure Evenings out of the office'),
      }),
    ]);
    const next = renewalContent(measured, 30, new Set());
    expect(next.goals[0].measure).toEqual({ ...measure, targetOn: '2026-06-30' });
  });
});

describe('versions, templates and renewals', () => {
  it('lists what changed between versions', () => {
    const next: ContractContent = {
      ...base,
      endsOn: '2026-06-30',
      deliverables: [...base.deliverables, { id: 'd2', description: 'Shadow a peer', acceptanceCriteria: '', dueOn: null, goalId: null }],
      rate: { amountMinor: 16000, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10, instalments: null },
    };
    expect(diffContracts(base, next)).toEqual([
      { field: 'endsOn', label: 'End date', change: 'changed', before: '2026-05-31', after: '2026-06-30' },
      { field: 'deliverables', label: 'Deliverable added', change: 'added', before: null, after: 'Shadow a peer' },
      {
        field: 'rate',
        label: 'Rate',
        change: 'changed',
        before: '150.00 EUR per session (10 sessions included)',
        after: '160.00 EUR per session (10 sessions included)',
      },
    ]);
    expect(diffContracts(base, base)).toEqual([]);
    expect(formatRate({ amountMinor: 400000, currency: 'USD', unit: 'fixed', sessionsIncluded: null, instalments: null })).toBe('4,000.00 USD fixed price');
    expect(formatRate({ amountMinor: 15000, currency: 'JPY', unit: 'per_session', sessionsIncluded: null, instalments: null })).toBe('15,000 JPY per session');
    expect(formatRate({ amountMinor: 1255, currency: 'KWD', unit: 'per_hour', sessionsIncluded: null, instalments: null })).toBe('1.255 KWD per hour');
    expect(
      formatRate({
        amountMinor: 900000,
        currency: 'EUR',
        unit: 'fixed',
        sessionsIncluded: null,
        instalments: [
          { label: 'Deposit', percent: 30 },
          { label: 'Balance', percent: 70 },
        ],
      }),
    ).toBe('9,000.00 EUR fixed price in 2 instalments: 30 % Deposit, 70 % Balance');
  });

  it('drafts from a template and the vision, and says what is missing to send', () => {
    let n = 0;
    const draft = draftContract({
      template: 'organization',
      engagementTitle: 'Team leads',
      clientName: 'Acme Ltd',
      coach: { userId: 'c', name: 'Casey', role: 'coach' },
      coachees: [{ userId: 'e', name: 'Eve', role: 'coachee' }],
      sponsors: [{ userId: 's', name: 'Sam', role: 'sponsor' }],
      startsOn: null,
      endsOn: null,
      newId: () => `id${++n}`,
      vision: {
        goals: [{ id: 'v1', what: 'Delegate more', howMeasured: '', target: '', byWhen: null }],
        quote: { amountMinor: 900000, currency: 'EUR', unit: 'fixed', sessionsIncluded: 12, covers: '12 sessions' },
      },
    });
    expect(draft.title).toBe('Statement of work: Team leads');
    expect(draft.signers.map((s) => s.role)).toEqual(['coach', 'sponsor']);
    expect(draft.goals).toEqual([{ id: 'id1', what: 'Delegate more', howMeasured: '', target: '', byWhen: null }]);
    expect(draft.rate).toEqual({
      amountMinor: 900000,
      currency: 'EUR',
      unit: 'fixed',
      sessionsIncluded: 12,
      // The statement of work's terms (half on signature, half at the end) as a schedule invoices follow.
      instalments: [
        { label: 'On signature', percent: 50 },
        { label: 'At the end date', percent: 50 },
      ],
    });
    expect(draft.confidentialityTerms).toMatch(/never what was said in a session/);
    expect(missingToSend(draft)).toEqual({ startsOn: 'Set the start date.', endsOn: 'Set the end date.' });
    expect(missingToSend({ ...draft, startsOn: '2026-01-01', endsOn: '2026-02-01' })).toEqual({});
  });

  it('renews from the day after the end date, carrying unfinished work forward', () => {
    expect(renewalDates('2026-05-31', 30)).toEqual({ startsOn: '2026-06-01', endsOn: '2026-06-30' });
    expect(renewalDates('2026-12-31', 90)).toEqual({ startsOn: '2027-01-01', endsOn: '2027-03-31' });
    const content: ContractContent = {
      ...base,
      goals: [...base.goals, { id: 'g2', what: 'Finished goal', howMeasured: '', target: '', byWhen: '2026-04-01' }],
      deliverables: [...base.deliverables, { id: 'd2', description: 'Done already', acceptanceCriteria: '', dueOn: null, goalId: 'g2' }],
    };
    const next = renewalContent(content, 60, new Set(['d2', 'g2']));
    expect(next.startsOn).toBe('2026-06-01');
    expect(next.endsOn).toBe('2026-07-30');
    expect(next.title).toBe('Coaching agreement (renewal, 60 days)');
    expect(next.goals.map((g) => [g.id, g.byWhen])).toEqual([['g1', '2026-07-30']]);
    expect(next.deliverables.map((d) => [d.id, d.dueOn, d.goalId])).toEqual([['d1', null, 'g1']]);
    expect(renewalContent(next, 30, new Set()).title).toBe('Coaching agreement (renewal, 30 days)');
  });
});
