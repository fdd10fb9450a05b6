import { instalmentsText } from '../invoice/instalments.js';
import { measureText } from '../measures/measure.js';
import { formatAmountWithCode } from '../money/money.js';
import type { ContractContent, ContractDeliverable, ContractGoal, Rate } from '../schemas/contracts.js';
import { normalizeText } from './canonical.js';

export interface ContractChange {
  field: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

/** How a rate's unit reads after its amount. */
export const rateUnitLabels: Record<Rate['unit'], string> = { per_hour: 'per hour', per_session: 'per session', per_month: 'per month', fixed: 'fixed price' };

/** "1,500.00 EUR per session (10 sessions included)", "15,000 JPY fixed price in 2 instalments: 30 % Deposit, 70 % Balance". */
export function formatRate(rate: Rate | null): string | null {
  if (!rate) return null;
  const amount = formatAmountWithCode(rate.amountMinor, rate.currency, rate.scale);
  const pkg = rate.sessionsIncluded ? ` (${rate.sessionsIncluded} session${rate.sessionsIncluded === 1 ? '' : 's'} included)` : '';
  const plan = rate.instalments?.length ? ` in ${rate.instalments.length} instalments: ${instalmentsText(rate.instalments)}` : '';
  return `${amount} ${rateUnitLabels[rate.unit]}${pkg}${plan}`;
}

function goalText(g: ContractGoal): string {
  return [
    g.what,
    g.howMeasured && `measured by ${g.howMeasured}`,
    g.target && `target ${g.target}`,
    g.byWhen && `by ${g.byWhen}`,
    g.measure && `measure ${measureText(g.measure)}`,
  ]
    .filter(Boolean)
    .join('; ');
}
function deliverableText(d: ContractDeliverable, goals: ContractGoal[]): string {
  const goal = d.goalId ? goals.find((g) => g.id === d.goalId)?.what : null;
  return [d.description, d.acceptanceCriteria && `accepted when ${d.acceptanceCriteria}`, d.dueOn && `due ${d.dueOn}`, goal && `for “${goal}”`]
    .filter(Boolean)
    .join('; ');
}

function listDiff<T extends { id: string }>(field: string, noun: string, before: T[], after: T[], show: (x: T) => string): ContractChange[] {
  const out: ContractChange[] = [];
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Set(after.map((x) => x.id));
  for (const x of after) {
    const prev = old.get(x.id);
    if (!prev) out.push({ field, label: `${noun} added`, change: 'added', before: null, after: show(x) });
    else if (normalizeText(show(prev)) !== normalizeText(show(x)))
      out.push({ field, label: `${noun} changed`, change: 'changed', before: show(prev), after: show(x) });
  }
  for (const x of before) if (!now.has(x.id)) out.push({ field, label: `${noun} removed`, change: 'removed', before: show(x), after: null });
  return out;
}

/** What a reader would notice changed between two versions of a contract, in reading order. */
export function diffContracts(before: ContractContent, after: ContractContent): ContractChange[] {
  const out: ContractChange[] = [];
  const scalar = (field: string, label: string, a: string | null, b: string | null) => {
    const x = a === null ? null : normalizeText(a);
    const y = b === null ? null : normalizeText(b);
    if ((x || null) === (y || null)) return;
    out.push({ field, label, change: !x ? 'added' : !y ? 'removed' : 'changed', before: x || null, after: y || null });
  };
  scalar('title', 'Title', before.title, after.title);
  scalar('clientName', 'Client', before.clientName, after.clientName);
  scalar('startsOn', 'Start date', before.startsOn, after.startsOn);
  scalar('endsOn', 'End date', before.endsOn, after.endsOn);
  out.push(...listDiff('goals', 'Goal', before.goals, after.goals, goalText));
  out.push(...listDiff('deliverables', 'Deliverable', before.deliverables, after.deliverables, (d) => deliverableText(d, [...after.goals, ...before.goals])));
  scalar('rate', 'Rate', formatRate(before.rate), formatRate(after.rate));
  scalar('paymentTerms', 'Payment terms', before.paymentTerms, after.paymentTerms);
  scalar('cancellationTerms', 'Cancellation terms', before.cancellationTerms, after.cancellationTerms);
  scalar('confidentialityTerms', 'Confidentiality terms', before.confidentialityTerms, after.confidentialityTerms);
  const signer = (s: { name: string; role: string }) => `${s.name} (${s.role})`;
  out.push(
    ...listDiff(
      'signers',
      'Signer',
      before.signers.map((s) => ({ ...s, id: s.userId })),
      after.signers.map((s) => ({ ...s, id: s.userId })),
      signer,
    ),
  );
  return out;
}
