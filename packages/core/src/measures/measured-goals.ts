import type { ContractContent, ContractGoal } from '../schemas/contracts.js';
import type { GoalMeasure } from './measure.js';

/** A contract as the measures read it. */
export interface MeasureSourceContract {
  id: string;
  status: string;
  signedAt: string | null;
  version: number;
  content: Pick<ContractContent, 'goals'>;
}

/** A contract goal with the measure its signers agreed to. */
export interface MeasuredGoal {
  goalId: string;
  contractId: string;
  what: string;
  measure: GoalMeasure;
}

/** Statuses of a contract whose measures count: signed and not replaced by a newer version. */
const inForce = new Set(['signed', 'active', 'ended']);

/**
 * The measure of each goal, as the most recently signed contract that has the goal states it: a renewal
 * or an amendment keeps the goal's id, so its measure (and its check-ins, kept with the goal's card)
 * carry on; a goal only an ended contract had keeps the measure it ended with, and one whose newest
 * signed wording has no measure has none. Drafts, contracts out for signature and superseded versions
 * do not count.
 */
export function measuredGoals(contracts: readonly MeasureSourceContract[]): Map<string, MeasuredGoal> {
  const order = [...contracts]
    .filter((c) => inForce.has(c.status) && c.signedAt)
    .sort((a, b) => ((a.signedAt as string) > (b.signedAt as string) ? -1 : (a.signedAt as string) < (b.signedAt as string) ? 1 : b.version - a.version));
  const out = new Map<string, MeasuredGoal>();
  const decided = new Set<string>();
  for (const c of order) {
    for (const g of c.content.goals as ContractGoal[]) {
      // The newest signed wording of a goal decides, also when it dropped the measure.
      if (decided.has(g.id)) continue;
      decided.add(g.id);
      if (g.measure) out.set(g.id, { goalId: g.id, contractId: c.id, what: g.what, measure: g.measure });
    }
  }
  return out;
}
