import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, get, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { whenWithZone } from '../../lib/dates';
import { useMe } from '../auth/use-me';
import { formatDate, journey, roleLabel, statusLabel } from '../engagements/format';
import { engagementKeys } from '../engagements/use-engagement';
import { PortfolioPanel } from './PortfolioPanel';

/** "Your engagements": every engagement the person belongs to, with their role, status and the other party. */
export function HomePage() {
  const me = useMe();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const list = useQuery({ queryKey: engagementKeys.all, queryFn: async () => (await get<{ engagements: Engagement[] }>('/api/engagements')).engagements });
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
          <PortfolioPanel />
          <h2 className="section-title">All engagements</h2>
        </>
      ) : null}
      <ul className="engagement-list">
        {engagements.map((e) => {
          const j = journey(e.startsOn, e.endsOn);
          return (
            <li key={e.id}>
              <Link to={`/e/${e.id}`} className="engagement-item">
                <div className="engagement-item__main">
                  <h2>
                    {e.title}
                    {e.sample ? <span className="badge badge--sample">Sample</span> : null}
                  </h2>
                  <p className="muted">{e.myRole === 'coach' ? e.otherParty : `with ${e.otherParty}`}</p>
                  <p className="small">
                    {e.pulse?.nextSession ? `Next session ${whenWithZone(e.pulse.nextSession.startsAt, e.pulse.nextSession.timeZone)}` : 'No session scheduled'}
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
              </Link>
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
