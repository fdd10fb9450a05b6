import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, post } from '../../api/client';
import { sessionKeys } from './sessions-api';

/** The private calendar feed: its secret address to copy into a calendar app, and revoking it. */
export function CalendarFeed({ compact = false }: { compact?: boolean }) {
  const qc = useQueryClient();
  const [shown, setShown] = useState(!compact);
  const [message, setMessage] = useState<string | null>(null);
  // The address is made on first use (POST returns the existing one after that).
  const feed = useQuery({
    queryKey: sessionKeys.calendar,
    queryFn: () => post<{ url: string; createdAt: string }>('/api/calendar'),
    enabled: shown,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const revoke = async () => {
    if (!window.confirm('Revoke this address? Calendars subscribed to it stop updating; you get a new address to subscribe again.')) return;
    await del('/api/calendar');
    await qc.invalidateQueries({ queryKey: sessionKeys.calendar });
    setMessage('The old address no longer works. Here is your new one.');
  };
  if (!shown) {
    return (
      <button type="button" className="btn btn--small" onClick={() => setShown(true)}>
        Add sessions to your calendar
      </button>
    );
  }
  return (
    <div className="calendar-feed">
      <p className="small muted">
        Subscribe to this private address in Google Calendar, Apple Calendar or Outlook (“add calendar from URL”). It lists your sessions and event cards.
        Anyone with the address can read it, so keep it to yourself.
      </p>
      {message ? (
        <div className="notice" role="status">
          {message}
        </div>
      ) : null}
      {feed.data ? (
        <div className="btn-row">
          <input className="copy-link" readOnly value={feed.data.url} aria-label="Calendar feed address" onFocus={(e) => e.target.select()} />
          <button type="button" className="btn btn--small" onClick={() => void navigator.clipboard?.writeText(feed.data.url).then(() => setMessage('Copied.'))}>
            Copy
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={() => void revoke()}>
            Revoke
          </button>
        </div>
      ) : (
        <p className="small muted">Loading…</p>
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
