import { explainMeasure, formatMeasureValue, type SponsorReport } from '@carriage/core';
import { Link } from 'react-router';
import { formatDateTime, viewerZone, zoneCity } from '../../lib/dates';
import { useEngagement } from '../engagements/use-engagement';
import { percent, plural, shortDate } from './format';
import { GoalProgress } from './GoalProgress';
import { useSponsorReport } from './results-api';
import './results.css';

const statusText: Record<string, string> = { held: 'Held', scheduled: 'Scheduled', cancelled: 'Cancelled', no_show: 'No-show' };

type ReportMeasure = NonNullable<SponsorReport['goals'][number]['measure']>;

/** Baseline → midpoint → latest, each with its date, then the target and the share of the way. */
function SponsorMeasure({ m }: { m: ReportMeasure }) {
  const steps = [
    { label: 'Baseline', p: m.baseline },
    { label: 'Midpoint', p: m.midpoint },
    { label: 'Latest', p: m.latest },
  ].filter((s): s is { label: string; p: { on: string; value: number } } => s.p !== null);
  return (
    <div className="sponsor-measure">
      <p className="small">
        <span className="goal__label">Measure</span> <strong>{m.name}</strong>
        {m.reached ? <span className="badge badge--ok">Target reached</span> : null}
        {m.trend === 'away' ? <span className="badge badge--warn">Moving away from the target</span> : null}
      </p>
      <ol className="sponsor-measure__steps" aria-label={`${m.name}: baseline, midpoint and latest`}>
        {steps.map((s) => (
          <li key={s.label}>
            <span className="goal__label">{s.label}</span>
            <span className="sponsor-measure__value">{formatMeasureValue(s.p.value, m.unit)}</span>
            <span className="small muted">{shortDate(s.p.on)}</span>
          </li>
        ))}
      </ol>
      <p className="small muted">
        {m.latest ? '' : 'No value recorded yet. '}Target {formatMeasureValue(m.target, m.unit)} by {shortDate(m.targetOn)}
        {m.share === null ? '' : ` · ${percent(m.share)} of the way`}.
      </p>
    </div>
  );
}

/** The sponsor report as a page: journey, shared goals, sessions held, commitment reliability; with its PDF. */
export default function SponsorReportPage() {
  const { engagementId, data: e } = useEngagement();
  const report = useSponsorReport(engagementId);
  if (report.isPending || !e) return <div className="loading" aria-busy="true" />;
  if (report.error) {
    return (
      <section className="tab-page">
        <p className="form-error" role="alert">
          {report.error.message}
        </p>
      </section>
    );
  }
  const r = report.data;
  const o = r.commitments.overall;
  const s = r.sessions;
  return (
    <section className="tab-page sponsor-report">
      <header className="results__header">
        <div>
          <p className="eyebrow">Sponsor report · as of {shortDate(r.asOf)}</p>
          <h2>{r.engagement.title}</h2>
          <p className="muted">
            {r.engagement.clientName} · coached by {r.engagement.coachName}
          </p>
        </div>
        <div className="btn-row">
          <a className="btn btn--small btn--primary" href={`/api/engagements/${engagementId}/sponsor-report.pdf`} download>
            Download PDF
          </a>
          <Link className="btn btn--small btn--ghost" to="..">
            Back to results
          </Link>
        </div>
      </header>
      {e.myRole !== 'sponsor' ? <p className="notice">This is what the sponsor sees: only the goals shared with them.</p> : null}

      <div className="grid-2">
        <section className="panel" aria-labelledby="sr-journey">
          <h3 id="sr-journey">Journey</h3>
          {r.journey ? (
            <>
              <p className="sponsor-report__big">
                Day {r.journey.elapsedDays} of {r.journey.totalDays}
              </p>
              <p className="muted small">
                {shortDate(r.journey.startsOn)} – {shortDate(r.journey.endsOn)}
              </p>
              {r.journey.deliverables.total > 0 ? (
                <p>
                  {r.journey.deliverables.done} of {plural(r.journey.deliverables.total, 'deliverable')} done
                </p>
              ) : null}
            </>
          ) : (
            <p className="muted">The engagement has no contract dates yet.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="sr-sessions">
          <h3 id="sr-sessions">Sessions and commitments</h3>
          <p className="sponsor-report__big">{plural(s.held, 'session')} held</p>
          <p className="muted small">
            {s.included !== null ? `${s.left} of ${s.included} left in the package. ` : ''}
            {s.nextAt ? `Next: ${formatDateTime(s.nextAt)} ${zoneCity(viewerZone())} time.` : ''}
          </p>
          <p>{o.reliability === null ? 'No commitments reviewed yet.' : `${o.kept} of ${o.kept + o.missed} commitments kept (${percent(o.reliability)}).`}</p>
          <p className="explain">{explainMeasure.commitments(o.kept, o.kept + o.missed)}</p>
        </section>
      </div>

      <section className="panel" aria-labelledby="sr-goals">
        <h3 id="sr-goals">Goals</h3>
        <p className="explain">{explainMeasure.goalProgress()}</p>
        {r.goals.length === 0 ? (
          <p className="empty">No goals have been shared with the sponsor yet.</p>
        ) : (
          <ul className="goal-list">
            {r.goals.map((g) => (
              <li key={g.cardId} className="goal">
                <GoalProgress g={{ ...g, measure: null }} Heading="h4" />
                {g.measure ? <SponsorMeasure m={g.measure} /> : null}
                {g.delivered.length > 0 ? (
                  <ul className="wins">
                    {g.delivered.map((d) => (
                      <li key={`${d.title}-${d.finishedOn}`}>
                        <span className="wins__title">{d.title}</span>
                        <span className="small muted">{shortDate(d.finishedOn)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {s.attendance.length > 0 || r.commitments.sessions.length > 0 ? (
        <div className="grid-2">
          <section className="panel" aria-labelledby="sr-attendance">
            <h3 id="sr-attendance">Attendance</h3>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {s.attendance.map((a) => (
                  <tr key={a.startsAt}>
                    <td>{shortDate(a.startsAt)}</td>
                    <td>{statusText[a.status] ?? a.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="sr-commitments">
            <h3 id="sr-commitments">Commitments per session</h3>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Kept</th>
                  <th scope="col">Reviewed</th>
                  <th scope="col">Reliability</th>
                </tr>
              </thead>
              <tbody>
                {r.commitments.sessions.map((c) => (
                  <tr key={c.sessionId}>
                    <td>{shortDate(c.sessionOn)}</td>
                    <td>{c.kept}</td>
                    <td>{c.kept + c.missed}</td>
                    <td>{percent(c.reliability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      ) : null}
    </section>
  );
}
