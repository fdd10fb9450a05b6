import type { Member } from '../../api/types';
import { formatTime, hourIn, sameClock, zoneCity } from '../../lib/dates';

/** Members whose clock differs from the viewer's at an instant, with the time there: "03:00 for Ana in New York". */
export function otherClocks(instant: string, viewerZone: string, members: readonly Member[], viewerId?: string): string[] {
  const out: string[] = [];
  for (const m of members) {
    if (m.userId === viewerId || m.role === 'sponsor' || sameClock(instant, m.timeZone, viewerZone)) continue;
    out.push(`${formatTime(instant, m.timeZone)} for ${m.name.split(' ')[0]} in ${zoneCity(m.timeZone)}`);
  }
  return out;
}

/** The earliest and latest hour a session may reasonably start for someone, in their own zone. */
export const REASONABLE_HOURS = { from: 7, to: 21 } as const;

/** Members for whom a session from `startsAt` to `endsAt` falls outside 07:00–21:00 in their own zone, as sentences. */
export function unreasonableFor(startsAt: string, endsAt: string, members: readonly Member[]): string[] {
  const out: string[] = [];
  for (const m of members) {
    if (m.role === 'sponsor') continue;
    const start = hourIn(startsAt, m.timeZone);
    const end = hourIn(endsAt, m.timeZone);
    // A session that crosses midnight ends "before" it starts on the clock.
    if (start < REASONABLE_HOURS.from || end > REASONABLE_HOURS.to || end < start) {
      out.push(`${formatTime(startsAt, m.timeZone)}–${formatTime(endsAt, m.timeZone)} for ${m.name} in ${zoneCity(m.timeZone)}`);
    }
  }
  return out;
}
