import type { MetricsResponse } from '@carriage/core';
import { percent, plural } from './format';

type GoalFigures = Pick<MetricsResponse['goals'][number], 'title' | 'done' | 'linked' | 'finished' | 'progress'>;

/** A goal's title, whether it is reached, and its finished ÷ linked cards as a bar and a sentence. */
export function GoalProgress({ g, Heading }: { g: GoalFigures; Heading: 'h3' | 'h4' }) {
  return (
    <>
      <div className="goal__head">
        <Heading>{g.title}</Heading>
        {g.done ? <span className="badge badge--ok">Reached</span> : null}
      </div>
      <div className="goal__progress">
        <progress max={Math.max(1, g.linked)} value={g.finished} aria-label={`${g.title}: ${g.finished} of ${g.linked} cards done`} />
        <span className="small">{g.linked === 0 ? 'No cards linked yet' : `${g.finished} of ${plural(g.linked, 'card')} done (${percent(g.progress)})`}</span>
      </div>
    </>
  );
}
