import type { PortfolioEntry } from '@carriage/core';
import { Link } from 'react-router';
import { formatDate, formatDateTime, statusLabel } from '../engagements/format';
import { usePortfolio } from '../results/results-api';
import './portfolio.css';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

function Facts({ h }: { h: PortfolioEntry['health'] }) {
  const facts: [string, string][] = [
    ['Last session', h.daysSinceLastSession === null ? 'none yet' : h.daysSinceLastSession === 0 ? 'today' : `${h.daysSinceLastSession} days ago`],
    ['Next session', h.nextSessionAt ? formatDateTime(h.nextSessionAt) : 'not scheduled'],
    ['Commitments kept', pct(h.reliability)],
    ['In progress', `${h.wip}${h.blockedCards ? ` (${h.blockedCards} blocked)` : ''}`],
    ['Sessions left', h.sessionsLeft === null ? '—' : String(h.sessionsLeft)],
    ['Contract ends', h.contractEndsOn ? formatDate(h.contractEndsOn) : '—'],
  ];
  return (
    <dl className="portfolio-item__facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The coach's portfolio: every engagement they coach with its health, the one needing attention first. */
export function PortfolioPanel() {
  const portfolio = usePortfolio(true);
  const list = portfolio.data ?? [];
  if (portfolio.isPending || list.length === 0) return null;
  const needing = list.filter((e) => e.attention.score > 0).length;
  return (
    <section className="portfolio" aria-labelledby="portfolio-title">
      <div className="portfolio__head">
        <h2 id="portfolio-title">Portfolio health</h2>
        <p className="muted small">
          {needing === 0 ? 'Every engagement you coach is on track.' : `${needing} of ${list.length} engagements need your attention, the most pressing first.`}
        </p>
      </div>
      <ol className="portfolio__list">
        {list.map((e) => (
          <li key={e.id} className={`portfolio-item${e.attention.score > 0 ? ' portfolio-item--attention' : ''}`}>
            <div className="portfolio-item__main">
              <h3>
                <Link to={`/e/${e.id}/results`}>{e.title}</Link>
              </h3>
              <p className="muted small">
                {e.otherParty} · {statusLabel[e.status] ?? e.status}
              </p>
              {e.attention.reasons.length > 0 ? (
                <ul className="portfolio-item__reasons" aria-label="Needs attention">
                  {e.attention.reasons.map((r) => (
                    <li key={r} className="badge badge--warn">
                      {r}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small portfolio-item__ok">On track</p>
              )}
            </div>
            <Facts h={e.health} />
          </li>
        ))}
      </ol>
    </section>
  );
}
