import { joinState } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Engagement } from '../../api/types';
import { whenWithZone } from '../../lib/dates';
import { useNow } from '../../ui/use-now';
import { canDo, engagementKeys } from './use-engagement';

type PulseSession = NonNullable<NonNullable<Engagement['pulse']>['nextSession']>;

/**
 * An engagement's next session at a glance: its time (a way into its room for the people in it), "Live now"
 * while it runs, and "Join now" from 15 minutes before it until it ends or closes. The sponsor, who has no
 * room to join, sees the time only. The state follows the clock without a reload.
 */
export function NextSession({
  engagement,
  session,
  prefix = '',
  context,
}: {
  engagement: Engagement;
  session: PulseSession;
  prefix?: string;
  context?: string;
}) {
  const now = useNow();
  const inRoom = canDo(engagement, 'session.run');
  const state = joinState(session, now);
  const qc = useQueryClient();
  // Once this session is over by the clock, ask which session comes next.
  useEffect(() => {
    if (state !== 'over') return;
    void qc.invalidateQueries({ queryKey: engagementKeys.one(engagement.id), exact: true });
    void qc.invalidateQueries({ queryKey: engagementKeys.all });
  }, [state, qc, engagement.id]);
  // Labelled with the viewer's zone, and the session's own when its clock differs ("09:00 Paris time (03:00 New York time)").
  const when = `${prefix}${whenWithZone(session.startsAt, session.timeZone)}`;
  const room = `/e/${engagement.id}/sessions/${session.id}`;
  if (!inRoom) return <span data-testid="next-session">{when}</span>;
  const open = state === 'joinable' || state === 'running';
  return (
    <span className="next-session" data-testid="next-session">
      <Link to={room} className="next-session__when">
        {when}
      </Link>
      {state === 'running' ? <span className="badge badge--live">Live now</span> : null}
      {open ? (
        <Link to={room} className="btn btn--primary btn--small next-session__join">
          Join now{context ? <span className="visually-hidden"> — {context}</span> : null}
        </Link>
      ) : null}
    </span>
  );
}
