import { describe, expect, it } from 'vitest';
import { sessionPackageUsage } from './package.js';

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
