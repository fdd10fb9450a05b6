import { invoiceStateLabels } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { useEngagementEvents } from '../../realtime/use-engagement-events';
import { useMe } from '../auth/use-me';
import { formatDate, journey, roleLabel, statusLabel } from './format';
import { LiveIndicator } from './LiveIndicator';
import { NextSession } from './NextSession';
import { OnboardingChecklist, SampleBanner } from './OnboardingChecklist';
import { canDo, useEngagement } from './use-engagement';

/**
 * The engagement header (client, journey, status) and its tabs; the tab's page renders below. On the board
 * the header is compact (title, status, next session on one line) so the columns get the window's height.
 */
export function EngagementLayout() {
  const { engagementId, data: e, error, isPending } = useEngagement();
  const compact = useMatch('/e/:engagementId/board') !== null;
  const tabsRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownId = e?.id;
  // On a narrow screen the tabs scroll sideways: keep the current one in view (on each page, once the tabs exist).
  useEffect(() => {
    if (!pathname || !shownId) return;
    const active = tabsRef.current?.querySelector<HTMLElement>('a.active');
    if (active && tabsRef.current && tabsRef.current.scrollWidth > tabsRef.current.clientWidth) {
      tabsRef.current.scrollLeft = Math.max(0, active.offsetLeft - (tabsRef.current.clientWidth - active.offsetWidth) / 2);
    }
  }, [pathname, shownId]);
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const live = useEngagementEvents(engagementId, (ev) => {
    if ((ev.payload as { userId?: string }).userId === me.data?.user.id) {
      qc.removeQueries({ queryKey: ['engagement', engagementId] });
      navigate('/', { replace: true, state: { notice: 'You are no longer a member of that engagement.' } });
    }
  });
  if (isPending) return <div className="loading" aria-busy="true" />;
  if (error || !e) {
    return (
      <section className="page">
        <h1>Not found</h1>
        <p>This engagement does not exist, or you don't have access to it.</p>
      </section>
    );
  }
  const j = journey(e.startsOn, e.endsOn);
  const tabs = [
    canDo(e, 'board.read') ? { to: 'board', label: 'Board' } : null,
    { to: 'sessions', label: 'Sessions' },
    { to: 'contract', label: 'Contract' },
    canDo(e, 'invoice.read') ? { to: 'invoices', label: 'Invoices' } : null,
    { to: 'results', label: 'Results' },
    { to: 'people', label: 'People' },
  ].filter((t): t is { to: string; label: string } => t !== null);
  return (
    <div className={`engagement${compact ? ' engagement--compact' : ''}`}>
      <header className={`engagement__header${compact ? ' engagement__header--compact' : ''}`}>
        <div className="engagement__title">
          <p className="eyebrow">{e.clientType === 'organization' ? e.organizationName : 'Individual coaching'}</p>
          <h1 title={e.title}>
            {e.title}
            {e.sample ? <span className="badge badge--sample">Sample</span> : null}
          </h1>
          <p className="muted">
            {e.myRole === 'coach' ? e.otherParty : `Coached by ${e.coach.name}`} · You are {roleLabel[e.myRole].toLowerCase()}
          </p>
        </div>
        <dl className="engagement__facts">
          <div className="engagement__fact--key engagement__fact--status">
            <dt>Status</dt>
            <dd>
              <span className={`badge ${e.status === 'active' ? 'badge--ok' : ''}`}>{statusLabel[e.status]}</span>
            </dd>
          </div>
          <div>
            <dt>Journey</dt>
            <dd data-testid="journey">{j ? `Day ${j.day} of ${j.total}` : 'Dates not set'}</dd>
          </div>
          <div>
            <dt>Ends</dt>
            <dd>{formatDate(e.endsOn)}</dd>
          </div>
          {e.pulse && e.pulse.deliverables.total > 0 ? (
            <div>
              <dt>Deliverables</dt>
              <dd data-testid="deliverables">
                {e.pulse.deliverables.done} of {e.pulse.deliverables.total} done
              </dd>
            </div>
          ) : null}
          <div>
            <dt>Sessions</dt>
            <dd>
              <span data-testid="sessions-held">
                {e.pulse?.sessions.held ?? 0} held
                {e.pulse?.sessions.included != null ? ` · ${e.pulse.sessions.left} of ${e.pulse.sessions.included} left` : ''}
              </span>
              {e.pulse?.invoice ? (
                <span data-testid="latest-invoice">
                  {' · '}
                  <NavLink to={`invoices/${e.pulse.invoice.id}`}>
                    invoice {e.pulse.invoice.number} {invoiceStateLabels[e.pulse.invoice.state].toLowerCase()}
                  </NavLink>
                </span>
              ) : null}
            </dd>
          </div>
          <div className="engagement__fact--key">
            <dt>Next session</dt>
            <dd>{e.pulse?.nextSession ? <NextSession engagement={e} session={e.pulse.nextSession} /> : 'Not scheduled'}</dd>
          </div>
          <div className="engagement__fact--key engagement__fact--live">
            <dt>Updates</dt>
            <dd>
              <LiveIndicator state={live} />
            </dd>
          </div>
        </dl>
      </header>
      <nav className="tabs" aria-label="Engagement" ref={tabsRef}>
        {tabs.map((t) => (
          <NavLink key={t.to} to={t.to}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      {e.sample && e.myRole === 'coach' ? <SampleBanner engagement={e} compact={compact} /> : null}
      {!e.sample && e.onboarding ? <OnboardingChecklist engagement={e} collapsed={compact} /> : null}
      <Outlet context={e} />
    </div>
  );
}
