import type { ContractGoal } from '@carriage/core';
import { Link } from 'react-router';
import { standingText } from './measure-format';
import { useMeasures } from './measures-api';

/**
 * Beside a contract: how far each of its measured goals has come so far (its check-ins stay with the
 * goal's card, so a renewal or a new version goes on from the same history).
 */
export function MeasureHistoryPanel({ engagementId, goals }: { engagementId: string; goals: ContractGoal[] }) {
  const measured = goals.filter((g) => g.measure);
  const measures = useMeasures(engagementId, measured.length > 0);
  const known = new Map((measures.data?.goals ?? []).map((g) => [g.goalId, g]));
  const withHistory = measured.map((g) => ({ goal: g, now: known.get(g.id) })).filter((x) => x.now && x.now.points.length > 0);
  if (withHistory.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="measure-history-heading">
      <h2 id="measure-history-heading">Measures so far</h2>
      <ul className="small stack">
        {withHistory.map(({ goal, now }) =>
          now ? (
            <li key={goal.id}>
              <strong>{goal.what}</strong>
              <br />
              {now.points.length} value{now.points.length === 1 ? '' : 's'} recorded. {standingText(now)}
            </li>
          ) : null,
        )}
      </ul>
      <Link to="../../check-in" relative="path" className="small">
        Check in
      </Link>
    </section>
  );
}
