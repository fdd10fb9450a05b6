import { formatDateTime } from '../../lib/dates';
import type { SessionStatus } from './sessions-api';

/** A session's start as the viewer reads it, in their own time zone (the one date-and-time format of lib/dates). */
export function sessionWhen(instant: string, timeZone: string): string {
  return formatDateTime(instant, timeZone);
}

// Input values (HH:MM and YYYY-MM-DD in a zone) come from lib/dates too.
export { dateIn, timeIn } from '../../lib/dates';

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
