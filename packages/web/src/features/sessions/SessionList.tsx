import { joinState, zonedTimeToInstant } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, patch, post } from '../../api/client';
import type { Engagement, Member } from '../../api/types';
import { sameClock, timeWithZone, viewerZone, zoneCity } from '../../lib/dates';
import { Field, FormError } from '../../ui/Field';
import { useMe } from '../auth/use-me';
import { Modal } from '../board/Modal';
import { canDo, useMembers } from '../engagements/use-engagement';
import { CalendarFeed } from './CalendarFeed';
import { otherClocks } from './member-zones';
import { firstStart, ScheduleForm, ScheduleWarnings } from './ScheduleForm';
import { dateIn, sessionWhen, statusBadge, statusLabel, timeIn } from './session-format';
import { type Session, sessionKeys, useReminders, useSessions } from './sessions-api';
import { WifleTerm } from './WifleTerm';

type Change = { kind: 'reschedule' | 'cancel'; session: Session };

/** " · 03:00 for Ana in New York": the members whose clock differs from the viewer's, else the session's own zone when it differs. */
function clocksText(s: Session, zone: string, members: readonly Member[], viewerId: string | undefined): string {
  const others = otherClocks(s.startsAt, zone, members, viewerId);
  if (others.length) return ` · ${others.join('; ')}`;
  return sameClock(s.startsAt, zone, s.timeZone) ? '' : ` · ${timeWithZone(s.startsAt, s.timeZone)}`;
}

/** Reschedule or cancel one session, or this one and the following of its series. */
function ChangeDialog({ change, onClose }: { change: Change; onClose: () => void }) {
  const qc = useQueryClient();
  const s = change.session;
  const [scope, setScope] = useState<'one' | 'following'>('one');
  const [date, setDate] = useState(dateIn(s.startsAt, s.timeZone));
  const [time, setTime] = useState(timeIn(s.startsAt, s.timeZone));
  const [reason, setReason] = useState('');
  const newStart = firstStart(date, time, s.timeZone);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body =
        change.kind === 'cancel'
          ? { scope, status: 'cancelled', cancelReason: reason || null }
          : { scope, startsAt: zonedTimeToInstant(date, time, s.timeZone) };
      await patch(`/api/sessions/${s.id}`, body);
      await qc.invalidateQueries({ queryKey: sessionKeys.list(s.engagementId) });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={change.kind === 'cancel' ? 'Cancel the session' : 'Reschedule the session'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormError message={error} />
        {change.kind === 'reschedule' ? (
          <div className="two-col">
            <Field label="New date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            <Field label="New start time" type="time" value={time} onChange={(e) => setTime(e.target.value)} hint={`In ${s.timeZone.replace(/_/g, ' ')}`} />
          </div>
        ) : null}
        {change.kind === 'reschedule' && newStart ? (
          <ScheduleWarnings startsAt={newStart} durationMinutes={s.durationMinutes} timeZone={s.timeZone} engagementId={s.engagementId} />
        ) : null}
        {change.kind === 'reschedule' ? null : <Field label="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />}
        {s.seriesId ? (
          <fieldset className="fieldset">
            <legend>Which sessions</legend>
            <div className="segmented" role="radiogroup">
              <label>
                <input type="radio" name="scope" checked={scope === 'one'} onChange={() => setScope('one')} /> This session only
              </label>
              <label>
                <input type="radio" name="scope" checked={scope === 'following'} onChange={() => setScope('following')} /> This and the following
              </label>
            </div>
          </fieldset>
        ) : null}
        <div className="btn-row modal__actions">
          <button type="button" className="btn" onClick={onClose}>
            Keep it
          </button>
          <button type="submit" className={`btn ${change.kind === 'cancel' ? 'btn--danger' : 'btn--primary'}`} disabled={busy}>
            {change.kind === 'cancel' ? 'Cancel session' : 'Reschedule'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Meet now without a scheduled session: it is created and started at once, and the room opens. */
function HoldNow({ engagementId }: { engagementId: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const hold = async () => {
    setError(null);
    try {
      const s = await post<Session>(`/api/engagements/${engagementId}/sessions/now`, {});
      navigate(s.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void hold()}>
        Hold a session now
      </button>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function SessionRow({
  s,
  zone,
  engagement,
  onChange,
  members,
}: {
  s: Session;
  zone: string;
  engagement: Engagement;
  onChange: (c: Change) => void;
  members: readonly Member[];
}) {
  const me = useMe();
  const qc = useQueryClient();
  const schedule = canDo(engagement, 'session.schedule');
  const run = canDo(engagement, 'session.run');
  const [error, setError] = useState<string | null>(null);
  const mark = async (status: 'held' | 'no_show') => {
    setError(null);
    try {
      await patch(`/api/sessions/${s.id}`, { status });
      await qc.invalidateQueries({ queryKey: sessionKeys.list(s.engagementId) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong.');
    }
  };
  // Attendance is recorded once the session's time has come.
  const started = Date.parse(s.startsAt) <= Date.now();
  const open = s.status === 'scheduled' || s.stage;
  return (
    <li className={`session-row session-row--${s.status}`} data-testid="session-row">
      <div className="session-row__when">
        <strong>{sessionWhen(s.startsAt, zone)}</strong>
        <span className="small muted">
          {s.durationMinutes} min
          {clocksText(s, zone, members, me.data?.user.id)}
          {s.recurrenceText ? ` · ${s.recurrenceText}` : ''}
        </span>
        {s.place || s.videoUrl ? (
          <span className="small">
            {s.place ?? (
              <a href={s.videoUrl ?? '#'} target="_blank" rel="noreferrer noopener">
                Video call
              </a>
            )}
          </span>
        ) : null}
        {error ? <span className="field__error">{error}</span> : null}
      </div>
      <div className="session-row__state">
        <span className={`badge ${statusBadge[s.status]}`}>{statusLabel[s.status]}</span>
        {s.stage && s.stage !== 'recap' ? <span className="badge badge--warn">In progress</span> : null}
        {s.commitments && s.commitments.kept + s.commitments.missed > 0 ? (
          <span className="small muted">
            Commitments kept {s.commitments.kept} of {s.commitments.made}
          </span>
        ) : null}
      </div>
      <div className="btn-row">
        {run && open && s.status !== 'cancelled' && s.status !== 'no_show' ? (
          <Link className="btn btn--small btn--primary" to={s.id}>
            {s.stage ? 'Open the room' : joinState(s, new Date()) === 'joinable' ? 'Start' : 'Open'}
          </Link>
        ) : null}
        {run && s.stage === 'recap' ? (
          <Link className="btn btn--small" to={s.id}>
            Recap
          </Link>
        ) : null}
        {schedule && s.status === 'scheduled' && !s.stage ? (
          <>
            <button type="button" className="btn btn--small" onClick={() => onChange({ kind: 'reschedule', session: s })}>
              Reschedule
            </button>
            {started ? (
              <>
                <button type="button" className="btn btn--small" onClick={() => void mark('held')}>
                  Mark held
                </button>
                <button type="button" className="btn btn--small" onClick={() => void mark('no_show')}>
                  No-show
                </button>
              </>
            ) : null}
            <button type="button" className="btn btn--small btn--danger" onClick={() => onChange({ kind: 'cancel', session: s })}>
              Cancel
            </button>
          </>
        ) : null}
        <a
          className="btn btn--small btn--ghost"
          href={`/api/sessions/${s.id}/calendar.ics`}
          download
          aria-label={`Download ${sessionWhen(s.startsAt, zone)} as .ics`}
        >
          .ics
        </a>
      </div>
    </li>
  );
}

/** Upcoming and past sessions in the viewer's time zone; the coach schedules, reschedules and cancels. */
export function SessionList({ engagement }: { engagement: Engagement }) {
  const me = useMe();
  const zone = me.data?.user.timeZone ?? viewerZone();
  const q = useSessions(engagement.id);
  const members = useMembers(engagement.id);
  const reminders = useReminders(engagement.id);
  const qc = useQueryClient();
  const [scheduling, setScheduling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [change, setChange] = useState<Change | null>(null);
  const now = Date.now();
  const sessions = q.data?.sessions ?? [];
  const upcoming = sessions.filter((s) => (s.stage && s.stage !== 'recap') || (s.status === 'scheduled' && Date.parse(s.endsAt) >= now));
  const past = sessions.filter((s) => !upcoming.includes(s)).reverse();
  const pkg = q.data?.package;
  const dismiss = async (id: string) => {
    await post(`/api/reminders/${id}/dismiss`);
    await qc.invalidateQueries({ queryKey: sessionKeys.reminders });
  };
  return (
    <section className="tab-page sessions">
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {(reminders.data ?? []).length ? (
        <ul className="reminders" aria-label="Reminders">
          {(reminders.data ?? []).map((r) => (
            <li key={r.id} className="reminder">
              <span className="badge badge--warn">{r.kind === 'session' ? 'Session' : r.kind === 'checkin' ? 'Check in' : 'Due'}</span>
              <Link to={r.link}>{r.title}</Link>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => void dismiss(r.id)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="sessions__head">
        <div>
          <h2>Sessions</h2>
          <p className="small muted">
            Times are shown in your time zone ({zoneCity(zone)} time), with the time of anyone whose clock differs.
            {pkg
              ? pkg.included !== null
                ? ` ${pkg.held} held · ${pkg.left} of the contract’s ${pkg.included} left.`
                : pkg.held
                  ? ` ${pkg.held} held so far.`
                  : ''
              : ''}
          </p>
          <p className="small muted">
            Each session follows the same steps: <WifleTerm /> → Verify → In Progress → Pull → Commitments.
          </p>
        </div>
        <div className="btn-row">
          <CalendarFeed compact />
          {canDo(engagement, 'session.schedule') ? (
            <>
              <HoldNow engagementId={engagement.id} />
              <button type="button" className="btn btn--primary" onClick={() => setScheduling((v) => !v)} aria-expanded={scheduling}>
                Schedule a session
              </button>
            </>
          ) : null}
        </div>
      </div>
      {scheduling ? (
        <div className="panel">
          <h3>Schedule</h3>
          <ScheduleForm
            engagementId={engagement.id}
            defaultZone={zone}
            onDone={(n) => {
              setScheduling(false);
              setNotice(n === 1 ? 'Session scheduled.' : `${n} sessions scheduled.`);
            }}
          />
        </div>
      ) : null}
      <div className="panel">
        <h3>Upcoming</h3>
        {q.isPending ? <p className="muted">Loading…</p> : null}
        {!q.isPending && upcoming.length === 0 ? <p className="empty">No session is scheduled.</p> : null}
        <ul className="session-list">
          {upcoming.map((s) => (
            <SessionRow key={s.id} s={s} zone={zone} engagement={engagement} onChange={setChange} members={members.data ?? []} />
          ))}
        </ul>
      </div>
      {past.length ? (
        <div className="panel">
          <h3>Past</h3>
          <ul className="session-list">
            {past.map((s) => (
              <SessionRow key={s.id} s={s} zone={zone} engagement={engagement} onChange={setChange} members={members.data ?? []} />
            ))}
          </ul>
        </div>
      ) : null}
      {change ? <ChangeDialog change={change} onClose={() => setChange(null)} /> : null}
    </section>
  );
}
