import { zonedTimeToInstant } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../../api/client';
import { formatDateTime, formatRelative, timeWithZone, zoneCity } from '../../lib/dates';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { useMe } from '../auth/use-me';
import { useMembers } from '../engagements/use-engagement';
import { otherClocks, unreasonableFor } from './member-zones';
import { timeZones } from './session-format';
import { type Session, sessionKeys } from './sessions-api';

type Cadence = 'once' | 'weekly' | 'biweekly' | 'monthly' | 'custom';

const cadenceLabels: Record<Cadence, string> = {
  once: 'Once',
  weekly: 'Every week',
  biweekly: 'Every two weeks',
  monthly: 'Every month',
  custom: 'Custom rule (RRULE)',
};

/**
 * Beside the date and time being chosen: the time in the chosen zone and for each member whose clock
 * differs, and warnings that do not block — the start is in the past, or outside 07:00–21:00 for someone.
 */
export function ScheduleWarnings({
  startsAt,
  durationMinutes,
  timeZone,
  engagementId,
}: {
  startsAt: string;
  durationMinutes: number;
  timeZone: string;
  engagementId: string;
}) {
  const members = useMembers(engagementId);
  const me = useMe();
  const endsAt = new Date(Date.parse(startsAt) + durationMinutes * 60_000).toISOString();
  const clocks = otherClocks(startsAt, timeZone, members.data ?? [], undefined);
  const late = unreasonableFor(startsAt, endsAt, members.data ?? []);
  const past = Date.parse(startsAt) < Date.now();
  return (
    <div className="schedule-form__when" aria-live="polite">
      <p className="small" data-testid="schedule-when">
        {formatDateTime(startsAt, timeZone)} {zoneCity(timeZone)} time
        {clocks.length ? ` (${clocks.join('; ')})` : ''}
        {me.data && me.data.user.timeZone !== timeZone ? ` · ${timeWithZone(startsAt, me.data.user.timeZone)} for you` : ''}
      </p>
      {past ? (
        <p className="field__warning" data-testid="schedule-past">
          This is {formatRelative(startsAt)} — scheduling it records a past session. Check the date if you meant the future.
        </p>
      ) : null}
      {late.length ? (
        <p className="field__warning" data-testid="schedule-hours">
          Outside 07:00–21:00 for someone: {late.join('; ')}. You can still schedule it.
        </p>
      ) : null}
    </div>
  );
}

/** The first session's start as an instant, or null while the date or time is incomplete. */
export function firstStart(date: string, time: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  try {
    return zonedTimeToInstant(date, time, timeZone);
  } catch {
    return null;
  }
}

/** Schedules a one-off session or a recurring series, in the coach's time zone. */
export function ScheduleForm({ engagementId, defaultZone, onDone }: { engagementId: string; defaultZone: string; onDone: (count: number) => void }) {
  const qc = useQueryClient();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [duration, setDuration] = useState(60);
  const [timeZone, setTimeZone] = useState(defaultZone);
  const [cadence, setCadence] = useState<Cadence>('once');
  const [rule, setRule] = useState('');
  const [endKind, setEndKind] = useState<'count' | 'until' | 'open'>('count');
  const [count, setCount] = useState(6);
  const [until, setUntil] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [place, setPlace] = useState('');
  const form = useSubmit(async () => {
    if (!date || !time) {
      form.setMessage('Pick the date and time of the first session.');
      return;
    }
    const recurrence =
      cadence === 'once'
        ? null
        : {
            cadence,
            rule: cadence === 'custom' ? rule : undefined,
            count: endKind === 'count' ? count : undefined,
            until: endKind === 'until' && until ? until : undefined,
          };
    const res = await post<{ sessions: Session[] }>(`/api/engagements/${engagementId}/sessions`, {
      startsAt: zonedTimeToInstant(date, time, timeZone),
      durationMinutes: duration,
      timeZone,
      recurrence,
      videoUrl: videoUrl || null,
      place: place || null,
    });
    await qc.invalidateQueries({ queryKey: sessionKeys.list(engagementId) });
    onDone(res.sessions.length);
  });
  const startsAt = firstStart(date, time, timeZone);
  return (
    <form onSubmit={form.submit} noValidate className="schedule-form">
      <FormError message={form.message} />
      <div className="two-col">
        <Field label="Date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={form.fields.startsAt} />
        <Field label="Start time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
      </div>
      {startsAt ? <ScheduleWarnings startsAt={startsAt} durationMinutes={duration} timeZone={timeZone} engagementId={engagementId} /> : null}
      <div className="two-col">
        <div className="field">
          <label htmlFor="session-duration">Length</label>
          <select id="session-duration" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
            {[30, 45, 60, 75, 90, 120].map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
          </select>
        </div>
        <div className={`field${form.fields.timeZone ? ' field--error' : ''}`}>
          <label htmlFor="session-zone">Time zone</label>
          <select id="session-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {(timeZones.includes(timeZone) ? timeZones : [timeZone, ...timeZones]).map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          {form.fields.timeZone ? <p className="field__error">{form.fields.timeZone}</p> : null}
        </div>
      </div>
      <div className="field">
        <label htmlFor="session-cadence">Repeats</label>
        <select id="session-cadence" value={cadence} onChange={(e) => setCadence(e.target.value as Cadence)}>
          {(Object.keys(cadenceLabels) as Cadence[]).map((c) => (
            <option key={c} value={c}>
              {cadenceLabels[c]}
            </option>
          ))}
        </select>
        {cadence === 'monthly' ? <p className="field__hint">From the 29th–31st, shorter months use their last day.</p> : null}
      </div>
      {cadence === 'custom' ? (
        <Field
          label="Recurrence rule"
          value={rule}
          placeholder="FREQ=WEEKLY;BYDAY=TU,TH"
          onChange={(e) => setRule(e.target.value)}
          error={form.fields.recurrence}
          hint="An RFC 5545 rule, as calendar apps use. The first session’s date and time anchor it."
        />
      ) : form.fields.recurrence ? (
        <p className="field__error">{form.fields.recurrence}</p>
      ) : null}
      {cadence !== 'once' ? (
        <fieldset className="fieldset">
          <legend>Ends</legend>
          <div className="segmented" role="radiogroup">
            <label>
              <input type="radio" name="ends" checked={endKind === 'count'} onChange={() => setEndKind('count')} /> After a set number
            </label>
            <label>
              <input type="radio" name="ends" checked={endKind === 'until'} onChange={() => setEndKind('until')} /> On a date
            </label>
            <label>
              <input type="radio" name="ends" checked={endKind === 'open'} onChange={() => setEndKind('open')} /> With the engagement
            </label>
          </div>
          {endKind === 'count' ? (
            <Field
              label="Number of sessions"
              type="number"
              min={1}
              max={200}
              value={count}
              onChange={(e) => setCount(Number(e.target.value))}
              error={form.fields.count}
            />
          ) : null}
          {endKind === 'until' ? (
            <Field label="Last date" type="date" value={until} onChange={(e) => setUntil(e.target.value)} error={form.fields.until} />
          ) : null}
        </fieldset>
      ) : null}
      <Field
        label="Video call link (optional)"
        type="url"
        value={videoUrl}
        placeholder="https://…"
        onChange={(e) => setVideoUrl(e.target.value)}
        error={form.fields.videoUrl}
      />
      <Field label="Place (optional)" value={place} onChange={(e) => setPlace(e.target.value)} error={form.fields.place} />
      <button className="btn btn--primary" type="submit" disabled={form.busy}>
        Schedule
      </button>
    </form>
  );
}
