import { describe, expect, it } from 'vitest';
import { canChangeEngagementStatus, engagementStatusRefusal } from './status.js';

describe('engagement status flow', () => {
  it('allows the forward path and cancellation', () => {
    expect(canChangeEngagementStatus('proposed', 'active')).toBe(true);
    expect(canChangeEngagementStatus('active', 'completed')).toBe(true);
    expect(canChangeEngagementStatus('proposed', 'cancelled')).toBe(true);
    expect(canChangeEngagementStatus('active', 'cancelled')).toBe(true);
  });
  it('refuses going back or leaving a closed engagement, with a reason', () => {
    expect(canChangeEngagementStatus('active', 'proposed')).toBe(false);
    expect(canChangeEngagementStatus('completed', 'active')).toBe(false);
    expect(canChangeEngagementStatus('proposed', 'completed')).toBe(false);
    expect(engagementStatusRefusal('completed', 'active')).toBe("A completed engagement is closed and can't change status any more.");
    expect(engagementStatusRefusal('proposed', 'completed')).toBe('An engagement that is proposed can become active or cancelled, not completed.');
  });
});
