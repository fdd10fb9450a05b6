import { describe, expect, it } from 'vitest';
import { joinState, startRefusal } from './join.js';

const s = { startsAt: '2026-12-01T09:00:00.000Z', endsAt: '2026-12-01T10:00:00.000Z', status: 'scheduled', stage: null };
const at = (iso: string) => new Date(iso);

describe('joining a session', () => {
  it('offers Join now from 15 minutes before until the end', () => {
    expect(joinState(s, at('2026-12-01T08:44:59Z'))).toBe('upcoming');
    expect(joinState(s, at('2026-12-01T08:45:00Z'))).toBe('joinable');
    expect(joinState(s, at('2026-12-01T10:00:00Z'))).toBe('joinable');
    expect(joinState(s, at('2026-12-01T10:00:01Z'))).toBe('over');
  });
  it('keeps a started session joinable until it closes, whatever the clock says', () => {
    expect(joinState({ ...s, stage: 'pull' }, at('2026-12-01T13:00:00Z'))).toBe('running');
    expect(joinState({ ...s, stage: 'recap', status: 'held' }, at('2026-12-01T09:30:00Z'))).toBe('over');
    expect(joinState({ ...s, status: 'cancelled' }, at('2026-12-01T09:30:00Z'))).toBe('over');
  });
  it('refuses to start a session far ahead, and names the way out', () => {
    expect(startRefusal(s, at('2026-10-25T09:00:00Z'))).toMatch(/unscheduled session/);
    expect(startRefusal(s, at('2026-12-01T08:50:00Z'))).toBeNull();
    expect(startRefusal(s, at('2026-12-03T08:50:00Z'))).toBeNull();
  });
});
