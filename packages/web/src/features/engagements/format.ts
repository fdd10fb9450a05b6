/** Date and label helpers shared by engagement screens. */
export const statusLabel: Record<string, string> = { proposed: 'Proposed', active: 'Active', completed: 'Completed', cancelled: 'Cancelled' };
export const roleLabel: Record<string, string> = { coach: 'Coach', coachee: 'Coachee', sponsor: 'Sponsor' };

// Dates are written by lib/dates (one format per locale); re-exported for the screens that import them from here.
export { formatDate, formatDateTime } from '../../lib/dates';

/** "day 23 of 90" for a span of dates, or null when the span is unknown. */
export function journey(startsOn: string | null, endsOn: string | null, today = new Date()): { day: number; total: number } | null {
  if (!startsOn || !endsOn) return null;
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  const end = Date.parse(`${endsOn}T00:00:00Z`);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const total = Math.round((end - start) / 86_400_000) + 1;
  const day = Math.min(total, Math.max(0, Math.round((now - start) / 86_400_000) + 1));
  return { day, total };
}
