import { describe, expect, it } from 'vitest';
import type { Member } from '../../api/types';
import { formatRelative, hourIn, zoneCity } from '../../lib/dates';
import { otherClocks, unreasonableFor } from './member-zones';

const member = (name: string, role: Member['role'], timeZone: string): Member => ({
  userId: name,
  name,
  email: `${name}@example.org`,
  role,
  joinedAt: '2026-01-01T00:00:00.000Z',
  timeZone,
});
const coach = member('Camille Martin', 'coach', 'Europe/Paris');
const ana = member('Ana Ferreira', 'coachee', 'America/New_York');
const sponsor = member('Sam Sponsor', 'sponsor', 'Asia/Tokyo');

describe('member zones', () => {
  // 09:00 in Paris on 17 March 2026 (before Europe's DST change, after America's): 04:00 in New York.
  const start = '2026-03-17T08:00:00.000Z';
  const end = '2026-03-17T09:00:00.000Z';

  it('names the members whose clock differs, with their time, and leaves out the viewer, same-clock zones and sponsors', () => {
    expect(otherClocks(start, 'Europe/Paris', [coach, ana, sponsor], coach.userId)).toEqual([expect.stringMatching(/^0?4:00\s?(AM)? for Ana in New York$/)]);
    expect(otherClocks(start, 'Europe/Berlin', [coach], undefined)).toEqual([]);
  });

  it('warns for the member whose own clock puts the session outside 07:00–21:00', () => {
    expect(unreasonableFor(start, end, [coach, ana])).toEqual([expect.stringContaining('for Ana Ferreira in New York')]);
    // 15:00–16:00 in Paris is 10:00–11:00 in New York: fine for both.
    expect(unreasonableFor('2026-03-17T14:00:00.000Z', '2026-03-17T15:00:00.000Z', [coach, ana])).toEqual([]);
    // Ending after 21:00 counts, and so does crossing midnight.
    expect(unreasonableFor('2026-03-17T19:30:00.000Z', '2026-03-17T20:30:00.000Z', [coach])).toHaveLength(1);
    expect(unreasonableFor('2026-03-17T22:30:00.000Z', '2026-03-17T23:30:00.000Z', [coach])).toHaveLength(1);
  });

  it('reads hours on a zone’s wall clock and names zones as people do', () => {
    expect(hourIn(start, 'Europe/Paris')).toBe(9);
    expect(hourIn('2026-03-17T08:30:00.000Z', 'Asia/Kolkata')).toBe(14);
    expect(zoneCity('America/New_York')).toBe('New York');
  });

  it('says how long ago a day was in days up to two months', () => {
    const now = new Date('2026-03-21T12:00:00.000Z');
    expect(formatRelative('2026-03-01T12:00:00.000Z', now)).toMatch(/20 days ago/);
    expect(formatRelative('2026-03-24T12:00:00.000Z', now)).toMatch(/in 3 days/);
  });
});
