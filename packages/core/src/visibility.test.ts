import { describe, expect, it } from 'vitest';
import { eventCatalog, eventTypes } from './events/catalog.js';
import { mayTakeInEngagement } from './policies/policies.js';
import { canNameCard, canReadCheckInNotes, canSeeEvent, canSeeInvoices, canSeeSignerOrigin, visibleAudiences, visibleNoteKinds } from './visibility.js';

describe('what each role may see', () => {
  it('the coach sees every event, the coachee all but the coach-only ones, the sponsor only those for everyone', () => {
    const seen = (role: 'coach' | 'coachee' | 'sponsor') =>
      eventTypes.filter((type) =>
        canSeeEvent({ role }, { type, audience: eventCatalog[type].audience, payload: { cardId: 'g1' } }, { sharedGoalIds: new Set(['g1']) }),
      );
    expect(seen('coach')).toEqual(eventTypes);
    expect(seen('coachee')).not.toContain('session.private_notes_updated');
    expect(seen('coachee')).not.toContain('invitation.created');
    expect(seen('coachee')).toContain('card.moved');
    expect(seen('sponsor').some((t) => t.startsWith('card.') || t.startsWith('column.'))).toBe(false);
    expect(seen('sponsor')).toContain('goal.shared');
    expect(visibleAudiences('sponsor')).toEqual(['all']);
  });

  it('a sponsor sees a goal being shared only while it still is', () => {
    const ev = { type: 'goal.shared', audience: 'all', payload: { cardId: 'g1' } };
    expect(canSeeEvent({ role: 'sponsor' }, ev, { sharedGoalIds: new Set(['g1']) })).toBe(true);
    expect(canSeeEvent({ role: 'sponsor' }, ev, { sharedGoalIds: new Set() })).toBe(false);
    expect(canSeeEvent({ role: 'sponsor' }, ev)).toBe(false);
    expect(canSeeEvent({ role: 'coachee' }, ev)).toBe(true);
  });

  it('a sponsor receives the check-ins of a goal’s measure only while the goal is shared, and never their notes', () => {
    for (const type of ['checkin.recorded', 'checkin.corrected']) {
      const ev = {
        type,
        audience: eventCatalog[type as 'checkin.recorded'].audience,
        payload: { checkInId: 'c1', cardId: 'g1', goalId: 'goal-a', value: 3, on: '2030-01-08' },
      };
      expect(canSeeEvent({ role: 'sponsor' }, ev, { sharedGoalIds: new Set(['g1']) })).toBe(true);
      expect(canSeeEvent({ role: 'sponsor' }, ev, { sharedGoalIds: new Set(['g2']) })).toBe(false);
      expect(canSeeEvent({ role: 'sponsor' }, ev)).toBe(false);
      expect(canSeeEvent({ role: 'coachee' }, ev)).toBe(true);
    }
    expect(canReadCheckInNotes('sponsor')).toBe(false);
    expect(canReadCheckInNotes('coachee')).toBe(true);
  });

  it('private notes are the coach’s, signers’ origins the coach’s and their own, and sponsors read names of shared goals only', () => {
    expect(visibleNoteKinds('coach')).toEqual(['shared', 'private']);
    expect(visibleNoteKinds('coachee')).toEqual(['shared']);
    expect(visibleNoteKinds('sponsor')).toEqual([]);
    expect(canSeeSignerOrigin({ userId: 'c', role: 'coach' }, 'x')).toBe(true);
    expect(canSeeSignerOrigin({ userId: 'x', role: 'sponsor' }, 'x')).toBe(true);
    expect(canSeeSignerOrigin({ userId: 'y', role: 'coachee' }, 'x')).toBe(false);
    const sharing = {
      shared: new Set(['goal']),
      parents: new Map([
        ['task', 'goal'],
        ['other', null],
      ]),
    };
    expect(canNameCard({ role: 'sponsor' }, 'task', sharing)).toBe(true);
    expect(canNameCard({ role: 'sponsor' }, 'other', sharing)).toBe(false);
    expect(canNameCard({ role: 'coachee' }, 'other', sharing)).toBe(true);
  });

  it('invoices are the coach’s and the billed party’s: the sponsor of a company, the coachee of a person', () => {
    const org = { clientType: 'organization' };
    const person = { clientType: 'individual' };
    expect([canSeeInvoices({ role: 'coach' }, org), canSeeInvoices({ role: 'sponsor' }, org), canSeeInvoices({ role: 'coachee' }, org)]).toEqual([
      true,
      true,
      false,
    ]);
    expect([canSeeInvoices({ role: 'coach' }, person), canSeeInvoices({ role: 'sponsor' }, person), canSeeInvoices({ role: 'coachee' }, person)]).toEqual([
      true,
      false,
      true,
    ]);
    const issued = { type: 'invoice.issued', audience: 'billing', payload: {} };
    expect(canSeeEvent({ role: 'sponsor' }, issued, { clientType: 'organization' })).toBe(true);
    expect(canSeeEvent({ role: 'coachee' }, issued, { clientType: 'organization' })).toBe(false);
    expect(canSeeEvent({ role: 'coachee' }, issued, { clientType: 'individual' })).toBe(true);
    // Without knowing who is billed, no one but the coach sees billing events.
    expect(canSeeEvent({ role: 'sponsor' }, issued)).toBe(false);
    expect(visibleAudiences('coachee', person)).toContain('billing');
    expect(mayTakeInEngagement({ userId: 'x', role: 'coachee' }, 'invoice.read', org)).toBe(false);
    expect(mayTakeInEngagement({ userId: 'x', role: 'sponsor' }, 'invoice.manage', org)).toBe(false);
  });
});
