import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, post } from '../../api/client';
import { formatDate } from '../../lib/dates';
import { FormError } from '../../ui/Field';
import { sessionKeys } from './sessions-api';

interface FeedStatus {
  active: boolean;
  createdAt: string | null;
  lastFetchedAt: string | null;
}

const day = (iso: string) => formatDate(iso);

/**
 * The private calendar feed. Its address is a secret stored only as a hash, so it is shown once, when it
 * is made; afterwards the person sees that they have one, and can make a new one (the old stops) or revoke it.
 */
export function CalendarFeed({ compact = false }: { compact?: boolean }) {
  const qc = useQueryClient();
  const [shown, setShown] = useState(!compact);
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const feed = useQuery({ queryKey: sessionKeys.calendar, queryFn: () => get<FeedStatus>('/api/calendar'), enabled: shown });
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const make = (replacing: boolean) =>
    run(async () => {
      if (replacing && !window.confirm('Make a new address? Calendars subscribed to the current one stop updating until you subscribe them to the new one.'))
        return;
      const res = await post<{ url: string }>('/api/calendar');
      setUrl(res.url);
      setMessage(replacing ? 'The old address no longer works. Copy the new one now: it is shown only once.' : 'Copy this address now: it is shown only once.');
      await qc.invalidateQueries({ queryKey: sessionKeys.calendar });
    });
  const revoke = () =>
    run(async () => {
      if (!window.confirm('Revoke the address? Calendars subscribed to it stop updating.')) return;
      await del('/api/calendar');
      setUrl(null);
      setMessage('The address no longer works.');
      await qc.invalidateQueries({ queryKey: sessionKeys.calendar });
    });
  if (!shown) {
    return (
      <button type="button" className="btn btn--small" onClick={() => setShown(true)}>
        Add sessions to your calendar
      </button>
    );
  }
  const status = feed.data;
  return (
    <div className="calendar-feed">
      <p className="small muted">
        Subscribe to a private address in Google Calendar, Apple Calendar or Outlook (“add calendar from URL”). It lists your sessions and event cards. Anyone
        with the address can read it, so keep it to yourself.
      </p>
      <FormError message={error} />
      {message ? (
        <div className="notice" role="status">
          {message}
        </div>
      ) : null}
      {url ? (
        <div className="btn-row">
          <input className="copy-link" readOnly value={url} aria-label="Calendar feed address" onFocus={(e) => e.target.select()} />
          <button type="button" className="btn btn--small" onClick={() => void navigator.clipboard?.writeText(url).then(() => setMessage('Copied.'))}>
            Copy
          </button>
        </div>
      ) : null}
      {!status ? (
        <p className="small muted">Loading…</p>
      ) : status.active ? (
        <>
          {!url && status.createdAt ? (
            <p className="small">
              You made your address on {day(status.createdAt)}
              {status.lastFetchedAt ? `; a calendar app last read it on ${day(status.lastFetchedAt)}` : '; no calendar app has read it yet'}. It was shown once;
              if you no longer have it, make a new one.
            </p>
          ) : null}
          <div className="btn-row">
            <button type="button" className="btn btn--small" onClick={() => void make(true)}>
              Make a new address
            </button>
            <button type="button" className="btn btn--small btn--danger" onClick={() => void revoke()}>
              Revoke
            </button>
          </div>
        </>
      ) : (
        <button type="button" className="btn btn--small btn--primary" onClick={() => void make(false)}>
          Make my calendar address
        </button>
      )}
    </div>
  );
}

/** The calendar feed as a Settings section. */
export function CalendarSection() {
  return (
    <section className="panel" aria-labelledby="calendar-h">
      <h2 id="calendar-h">Calendar feed</h2>
      <CalendarFeed />
    </section>
  );
}
