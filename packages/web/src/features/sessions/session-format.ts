import type { SessionStatus } from './sessions-api';

/** A session's start as the viewer reads it, in their own time zone: "Tue 17 Mar 2026, 09:00". */
export function sessionWhen(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
}

/** Just the time of day in a zone: "09:00". */
export function timeIn(instant: string, timeZone: string): string {
  return new Date(instant).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
}

/** The date part in a zone, YYYY-MM-DD (for date inputs). */
export function dateIn(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(instant));
  return parts;
}

export const statusLabel: Record<SessionStatus, string> = { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled', no_show: 'No-show' };
export const statusBadge: Record<SessionStatus, string> = { scheduled: '', held: 'badge--ok', cancelled: 'badge--muted', no_show: 'badge--warn' };

/** Every IANA zone the browser knows, for the schedule form. */
export const timeZones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();
