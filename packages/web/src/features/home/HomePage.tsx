import { joinState } from '@carriage/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, get, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { useNow } from '../../ui/use-now';
import { useMe } from '../auth/use-me';
import { formatDate, journey, roleLabel, statusLabel } from '../engagements/format';
import { NextSession } from '../engagements/NextSession';
import { canDo, engagementKeys } from '../engagements/use-engagement';
import { resultKeys } from '../results/results-api';
import { PortfolioPanel } from './PortfolioPanel';

/**
 * How often home looks for changes while it is shown (React Query pauses the interval while the tab is hidden).
 * Home spans engagements and opens no live stream; the engagement pages' streams refresh it too (realtime/).
 */
const HOME_POLL_MS = 30_000;

/**
 * The sessions that can be joined now, above the portfolio (which would push the list below the fold): one
 * click from home into the room. Nothing when none is within 15 minutes or running.
 */
function SessionsNow({ engagements }: { engagements: Engagement[] }) {
  const now = useNow();
  const open = engagements.filter((e) => {
    const s = e.pulse?.nextSession;
    if (!s || !canDo(e, 'session.run')) return false;
    const state = joinState(s, now);
    return state === 'joinable' || state === 'running';
  });
  if (open.length === 0) return null;
  return (
    <section className="sessions-now" aria-labelledby="sessions-now-title">
      <h2 id="sessions-now-title">Sessions now</h2>
      <ul>
        {open.map((e) => (
          <li key={e.id}>
            <span>
              <strong>{e.title}</strong> <span className="muted">· {e.otherParty}</span>
            </span>
            {e.pulse?.nextSession ? <NextSession engagement={e} session={e.pulse.nextSession} context={e.title} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Your engagements": every engagement the person belongs to, with their role, status and the other party. */
export function HomePage() {
  const me = useMe();
  // Home has no live stream (it spans engagements): it looks again every 30 s while the tab is visible.
  const list = useQuery({
    queryKey: engagementKeys.all,
    queryFn: async () => (await get<{ engagements: Engagement[] }>('/api/engagements')).engagements,
    refetchInterval: HOME_POLL_MS,
  });
  // The portfolio reads more (metrics of every engagement): it looks again only when the list's answer changed.
  const qc = useQueryClient();
  const seen = useRef(list.data);
  useEffect(() => {
    if (seen.current && list.data && seen.current !== list.data) void qc.invalidateQueries({ queryKey: resultKeys.portfolio });
    seen.current = list.data;
  }, [list.data, qc]);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const engagements = list.data ?? [];
  const hasSample = engagements.some((e) => e.sample && e.myRole === 'coach');
  return (
    <section className="page">
      <header className="page__header">
        <div>
          <h1>Your engagements</h1>
          <p className="muted">Welcome, {me.data?.user.name}.</p>
        </div>
        <div className="page__actions">
          {list.isSuccess && !hasSample ? <TrySample /> : null}
          <Link className="btn btn--primary" to="/engagements/new">
            New engagement
          </Link>
        </div>
      </header>
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {list.isPending ? <p className="muted">Loading…</p> : null}
      {list.isSuccess && engagements.length === 0 ? (
        <div className="empty">
          <h2>No engagements yet</h2>
          <p>
            Start one for a person or a company you coach, or follow the invitation link your coach sent you. To see first what an engagement looks like after a
            few weeks, try the sample: eight weeks of made-up history you can delete in one step.
          </p>
          <Link className="btn btn--primary" to="/engagements/new">
            Start an engagement
          </Link>
        </div>
      ) : null}
      {engagements.some((e) => e.myRole === 'coach') ? (
        <>
          <SessionsNow engagements={engagements} />
          <PortfolioPanel />
          <h2 className="section-title">All engagements</h2>
        </>
      ) : null}
      <ul className="engagement-list">
        {engagements.map((e) => {
          const j = journey(e.startsOn, e.endsOn);
          return (
            <li key={e.id}>
              <div className="engagement-item">
                <div className="engagement-item__main">
                  <h2>
                    <Link to={`/e/${e.id}`} className="engagement-item__link">
                      {e.title}
                    </Link>
                    {e.sample ? <span className="badge badge--sample">Sample</span> : null}
                  </h2>
                  <p className="muted">{e.myRole === 'coach' ? e.otherParty : `with ${e.otherParty}`}</p>
                  <p className="small">
                    {e.pulse?.nextSession ? (
                      <NextSession engagement={e} session={e.pulse.nextSession} prefix="Next session " context={e.title} />
                    ) : (
                      'No session scheduled'
                    )}
                  </p>
                </div>
                <div className="engagement-item__meta">
                  <span className={`badge ${e.status === 'active' ? 'badge--ok' : e.status === 'proposed' ? '' : 'badge--muted'}`}>
                    {statusLabel[e.status]}
                  </span>
                  <span className="badge badge--muted">{roleLabel[e.myRole]}</span>
                  {j ? (
                    <span className="small muted">
                      Day {j.day} of {j.total}
                    </span>
                  ) : e.startsOn ? (
                    <span className="small muted">Starts {formatDate(e.startsOn)}</span>
                  ) : null}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "Try a sample engagement": makes one with eight weeks of history and opens its results. */
function TrySample() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const e = await post<Engagement>('/api/engagements/sample');
      await qc.invalidateQueries({ queryKey: engagementKeys.all });
      await qc.invalidateQueries({ queryKey: ['portfolio'] });
      navigate(`/e/${e.id}/results`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
      setBusy(false);
    }
  };
  return (
    <span className="try-sample">
      <button type="button" className="btn" onClick={create} disabled={busy} aria-busy={busy}>
        {busy ? 'Making the sample…' : 'Try a sample engagement'}
      </button>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
