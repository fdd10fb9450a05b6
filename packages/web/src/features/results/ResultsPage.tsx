import type { MetricsResponse } from '@carriage/core';
import { Link } from 'react-router';
import { formatDate, zoneCity } from '../../lib/dates';
import { canDo, useEngagement } from '../engagements/use-engagement';
import { AgingChart, BurnUpChart, CumulativeFlowChart, CycleTimeChart, ThroughputChart, WipChart } from './FlowCharts';
import { percent, plural } from './format';
import { MeasureChart } from './MeasureCharts';
import { CommitmentsChart, GoalsPanel, WinsPanel } from './OutcomeSections';
import { useMetrics } from './results-api';
import './results.css';

/** A name for downloaded files, from the engagement's title. */
export function fileSlug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase()
      .slice(0, 60) || 'engagement'
  );
}

function Summary({ m }: { m: MetricsResponse }) {
  const p85 = m.cycleTime.percentiles.p85;
  const o = m.commitments.overall;
  const c = m.contract;
  const tiles = [
    { label: 'In progress', value: String(m.wip.current), note: m.blockedCards > 0 ? `${m.blockedCards} blocked` : 'cards started, not finished' },
    { label: 'Finished', value: String(m.throughput.total), note: `${plural(m.throughput.weeks.at(-1)?.finished ?? 0, 'card')} this week` },
    {
      label: '85% finish within',
      value: p85.value === null ? '—' : plural(p85.value, 'day'),
      note:
        p85.value === null
          ? `needs ${p85.needs} finished cards (has ${m.cycleTime.items.length})`
          : `85 % of cards were finished within ${plural(p85.value, 'day')} of being started`,
    },
    {
      label: 'Commitments kept',
      value: percent(o.reliability),
      note: o.reliability === null ? 'none reviewed yet' : `${o.kept} of ${o.kept + o.missed} reviewed`,
    },
    c
      ? {
          label: 'Journey',
          value: `Day ${c.elapsedDays} of ${c.totalDays}`,
          note: c.deliverables.total === 0 ? 'no deliverables yet' : `${c.deliverables.done} of ${plural(c.deliverables.total, 'deliverable')} done`,
        }
      : { label: 'Journey', value: '—', note: 'no contract dates yet' },
    {
      label: 'Sessions held',
      value: String(m.sessions.held),
      note: m.sessions.included === null ? 'no package in the contract' : `${m.sessions.left} of ${m.sessions.included} left in the package`,
    },
  ];
  return (
    <dl className="results-summary">
      {tiles.map((t) => (
        <div key={t.label} className="results-summary__tile">
          <dt>{t.label}</dt>
          <dd>
            <span className="results-summary__value">{t.value}</span>
            <span className="small muted">{t.note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The Results tab: measurable results from the activity log, each chart with its numbers. */
export default function ResultsPage() {
  const { engagementId, data: e } = useEngagement();
  const metrics = useMetrics(engagementId);
  if (metrics.isPending || !e) return <div className="loading" aria-busy="true" />;
  if (metrics.error) {
    return (
      <section className="tab-page">
        <p className="form-error" role="alert">
          {metrics.error.message}
        </p>
      </section>
    );
  }
  const m = metrics.data;
  const slug = fileSlug(e.title);
  const mayExport = canDo(e, 'export.read');
  const measured = m.goals.filter((g) => g.measure);
  return (
    <section className="tab-page results">
      <header className="results__header">
        <div>
          <h2>Results</h2>
          <p className="muted small">
            {m.from
              ? `From ${formatDate(m.from)} to ${formatDate(m.asOf)}, in calendar days (${zoneCity(m.timeZone)} time).`
              : 'Numbers appear here as soon as cards move on the board.'}
          </p>
        </div>
        <div className="btn-row">
          {canDo(e, 'checkin.record') ? (
            <Link className="btn btn--small btn--primary" to="../check-in" relative="path">
              Check in
            </Link>
          ) : null}
          <Link className="btn btn--small" to="sponsor-report">
            Sponsor report
          </Link>
          {mayExport ? (
            <>
              <a className="btn btn--small btn--ghost" href={`/api/engagements/${engagementId}/export.csv`} download>
                Cards as CSV
              </a>
              {measured.length > 0 ? (
                <a className="btn btn--small btn--ghost" href={`/api/engagements/${engagementId}/check-ins.csv`} download>
                  Check-ins as CSV
                </a>
              ) : null}
              <a className="btn btn--small btn--ghost" href={`/api/engagements/${engagementId}/export.json`} download>
                Everything as JSON
              </a>
            </>
          ) : null}
        </div>
      </header>
      {m.redacted ? <p className="notice">You see the flow of the whole board, and by name only the goals and cards the coachee shared with you.</p> : null}
      <Summary m={m} />
      <div className="results__outcomes">
        <GoalsPanel m={m} engagementId={engagementId} canShare={canDo(e, 'goal.share')} />
        <WinsPanel m={m} />
      </div>
      {measured.length > 0 ? (
        <section aria-labelledby="measures-title" className="results__measures">
          <h2 id="measures-title" className="results__section-title">
            Measures
          </h2>
          <div className="results__charts">
            {measured.map((g) => (g.measure ? <MeasureChart key={g.cardId} title={g.title} m={g.measure} slug={slug} /> : null))}
          </div>
        </section>
      ) : null}
      <div className="results__charts">
        <BurnUpChart m={m} slug={slug} />
        <CommitmentsChart m={m} slug={slug} />
        <WipChart m={m} slug={slug} />
        <ThroughputChart m={m} slug={slug} />
        <CycleTimeChart m={m} slug={slug} />
        <AgingChart m={m} slug={slug} />
        <CumulativeFlowChart m={m} slug={slug} />
      </div>
    </section>
  );
}
