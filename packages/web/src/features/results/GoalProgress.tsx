import type { GoalMeasureResult, MetricsResponse } from '@carriage/core';
import { standingText } from '../measures/measure-format';
import { percent, plural } from './format';

type GoalFigures = Pick<MetricsResponse['goals'][number], 'title' | 'done' | 'linked' | 'finished' | 'progress'> & { measure?: GoalMeasureResult | null };

/** A goal's title, whether it is reached, its measure's share of the way to the target, and its finished ÷ linked cards. */
export function GoalProgress({ g, Heading }: { g: GoalFigures; Heading: 'h3' | 'h4' }) {
  const m = g.measure ?? null;
  return (
    <>
      <div className="goal__head">
        <Heading>{g.title}</Heading>
        {m?.progress.reached ? <span className="badge badge--ok">Target reached</span> : null}
        {g.done ? <span className="badge badge--ok">Reached</span> : null}
        {m?.progress.trend?.heading === 'away' ? <span className="badge badge--warn">Moving away from the target</span> : null}
      </div>
      {m ? (
        <div className="goal__progress goal__progress--measure">
          <progress
            max={1}
            value={Math.min(1, Math.max(0, m.progress.share ?? 0))}
            aria-label={`${g.title}: ${percent(m.progress.share)} of the way from baseline to target`}
          />
          <span className="small">
            <span className="goal__label">Measure</span> {m.measure.name}. {standingText(m)}
          </span>
        </div>
      ) : null}
      <div className="goal__progress">
        <progress max={Math.max(1, g.linked)} value={g.finished} aria-label={`${g.title}: ${g.finished} of ${g.linked} cards done`} />
        <span className="small">
          {m ? <span className="goal__label">Cards</span> : null}{' '}
          {g.linked === 0 ? 'No cards linked yet' : `${g.finished} of ${plural(g.linked, 'card')} done (${percent(g.progress)})`}
        </span>
      </div>
    </>
  );
}
