import { explainMeasure, type MetricsResponse } from '@carriage/core';
import { useState } from 'react';
import { ChartCard } from './charts';
import { percent, shortDate } from './format';
import { GoalProgress } from './GoalProgress';
import { useShareGoal } from './results-api';

type M = MetricsResponse;

/** Each goal with finished ÷ linked cards, and (for those who may) the switch that shares it with the sponsor. */
export function GoalsPanel({ m, engagementId, canShare }: { m: M; engagementId: string; canShare: boolean }) {
  const share = useShareGoal(engagementId);
  // The switch moves at once; the server's answer then confirms it (or puts it back).
  const [flipped, setFlipped] = useState<Record<string, boolean>>({});
  const settle = (cardId: string) =>
    setFlipped((f) => {
      const { [cardId]: _, ...rest } = f;
      return rest;
    });
  const toggle = (cardId: string, shared: boolean) => {
    setFlipped((f) => ({ ...f, [cardId]: shared }));
    share.mutate({ cardId, shared }, { onSettled: () => settle(cardId) });
  };
  return (
    <section className="panel results-goals" aria-labelledby="goals-title">
      <h2 id="goals-title">Goals</h2>
      {m.redacted ? <p className="muted small">You see the goals the coachee chose to share with you.</p> : null}
      {canShare ? <p className="muted small">Switch a goal on to show it, its progress and its wins to the sponsor.</p> : null}
      {m.goals.length === 0 ? (
        <p className="empty">
          {m.redacted ? 'No goal has been shared with you yet.' : 'No goal cards yet. Add a goal card on the board and link tasks to it.'}
        </p>
      ) : (
        <ul className="goal-list">
          {m.goals.map((g) => (
            <li key={g.cardId} className="goal">
              <GoalProgress g={g} Heading="h3" />
              {canShare ? (
                <label className="switch">
                  <input
                    type="checkbox"
                    role="switch"
                    aria-label={`Shared with the sponsor: ${g.title}`}
                    aria-checked={flipped[g.cardId] ?? g.sharedWithSponsor}
                    checked={flipped[g.cardId] ?? g.sharedWithSponsor}
                    onChange={(e) => toggle(g.cardId, e.target.checked)}
                  />
                  <span>Shared with the sponsor</span>
                </label>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {share.error ? (
        <p className="form-error" role="alert">
          {share.error.message}
        </p>
      ) : null}
    </section>
  );
}

/** Every card that reached Done, most recent first: something to celebrate in the next session. */
export function WinsPanel({ m }: { m: M }) {
  const [all, setAll] = useState(false);
  const shown = all ? m.wins : m.wins.slice(0, 8);
  return (
    <section className="panel results-wins" aria-labelledby="wins-title">
      <h2 id="wins-title">Wins</h2>
      {m.wins.length === 0 ? (
        <p className="empty">No card has reached Done yet. The first one will be listed here.</p>
      ) : (
        <>
          <ol className="wins">
            {shown.map((w) => (
              <li key={w.cardId}>
                <span className="wins__title">{w.title}</span>
                <time className="small muted" dateTime={w.finishedAt}>
                  {shortDate(w.finishedOn)}
                </time>
              </li>
            ))}
          </ol>
          {m.wins.length > shown.length || all ? (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setAll(!all)}>
              {all ? 'Show the latest only' : `Show all ${m.wins.length} wins`}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Kept ÷ reviewed commitments, per session and over the engagement. */
export function CommitmentsChart({ m, slug }: { m: M; slug: string }) {
  const { sessions, overall } = m.commitments;
  return (
    <ChartCard
      title="Commitment reliability"
      explain={explainMeasure.commitments(overall.kept, overall.kept + overall.missed)}
      summary={
        sessions.length === 0
          ? 'Kept ÷ made, per session and over the engagement.'
          : overall.reliability === null
            ? 'No commitments have been reviewed yet. They are reviewed at the start of the next session.'
            : `${overall.kept} of ${overall.kept + overall.missed} reviewed commitments kept (${percent(overall.reliability)}).`
      }
      empty={sessions.length === 0 ? 'No commitments yet: they are made at the end of each session.' : null}
      table={{
        caption: 'Commitments made in each session and how they were kept',
        header: ['Session', 'Made', 'Kept', 'Missed', 'Not reviewed yet', 'Kept ÷ reviewed'],
        rows: sessions.map((s) => [s.sessionOn.slice(0, 10), s.made, s.kept, s.missed, s.pending, percent(s.reliability)]),
        filename: `${slug}-commitments.csv`,
      }}
    >
      <ul className="reliability" aria-hidden="true">
        {sessions.map((s) => (
          <li key={s.sessionId}>
            <span className="reliability__label small">{shortDate(s.sessionOn)}</span>
            <span className="reliability__track">
              <span className="reliability__kept" style={{ width: `${(s.kept / Math.max(1, s.made)) * 100}%` }} />
              <span className="reliability__missed" style={{ width: `${(s.missed / Math.max(1, s.made)) * 100}%` }} />
            </span>
            <span className="small">{s.reliability === null ? 'not reviewed' : percent(s.reliability)}</span>
          </li>
        ))}
      </ul>
    </ChartCard>
  );
}
