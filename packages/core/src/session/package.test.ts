import { describe, expect, it } from 'vitest';
import { countSessions, sessionPackageUsage } from './package.js';

describe('sessions used of a package', () => {
  const held = ['2026-01-04T23:30:00Z', '2026-01-12T09:00:00Z', '2026-01-19T09:00:00Z'];
  it('counts held sessions from the contract start, by the coach’s calendar day', () => {
    // 23:30 UTC on the 4th is already the 5th in Paris, so it counts for a contract starting on the 5th.
    expect(sessionPackageUsage(held, { startsOn: '2026-01-05', sessionsIncluded: 10 }, 'Europe/Paris')).toEqual({ included: 10, used: 3, left: 7 });
    expect(sessionPackageUsage(held, { startsOn: '2026-01-05', sessionsIncluded: 10 }, 'UTC')).toEqual({ included: 10, used: 2, left: 8 });
  });
  it('never goes below zero left, and without a package counts every held session', () => {
    expect(sessionPackageUsage(held, { startsOn: null, sessionsIncluded: 2 }, 'UTC')).toEqual({ included: 2, used: 3, left: 0 });
    expect(sessionPackageUsage(held, null, 'UTC')).toEqual({ included: null, used: 3, left: null });
  });
});

describe('sessions held, counted one way everywhere', () => {
  const sessions = [
    { startsAt: '2025-12-20T09:00:00Z', status: 'held' },
    { startsAt: '2026-01-04T23:30:00Z', status: 'held' },
    { startsAt: '2026-01-12T09:00:00Z', status: 'cancelled' },
    { startsAt: '2026-01-19T09:00:00Z', status: 'held' },
    { startsAt: '2026-01-26T09:00:00Z', status: 'scheduled' },
  ];
  it('counts every held session up to the day, and the package from the contract’s start', () => {
    // Held: 20 Dec, 4 Jan (the 5th in Paris), 19 Jan. The package counts the two from 5 January.
    expect(countSessions(sessions, { startsOn: '2026-01-05', sessionsIncluded: 6 }, 'Europe/Paris')).toEqual({
      held: 3,
      lastHeldAt: '2026-01-19T09:00:00Z',
      included: 6,
      used: 2,
      left: 4,
    });
    // As of 18 January the session of the 19th has not happened.
    expect(countSessions(sessions, { startsOn: '2026-01-05', sessionsIncluded: 6 }, 'Europe/Paris', '2026-01-18')).toMatchObject({ held: 2, used: 1, left: 5 });
    expect(countSessions(sessions, null, 'UTC')).toEqual({ held: 3, lastHeldAt: '2026-01-19T09:00:00Z', included: null, used: 3, left: null });
  });
});
