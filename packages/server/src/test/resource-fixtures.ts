import { draftInvoiceIn, issue } from './invoices.js';
import { checkIn, measuredGoal } from './measures.js';
import type { World } from './world.js';

/**
 * How to make a fresh resource of each type inside a world, for the authorization matrix.
 * A route whose resource type has no fixture here fails the matrix test, so add one with the route.
 */
export const resourceFixtures: Record<string, (w: World) => Promise<string>> = {
  engagement: async (w) => w.engagementId,
  card: async (w) => {
    const board = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
    const todo = board.json().columns[0].id;
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: todo, type: 'task', title: 'Matrix card' });
    if (res.statusCode !== 201) throw new Error(`card fixture failed: ${res.body}`);
    return res.json().id;
  },
  column: async (w) => {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/columns`, { name: `Matrix ${Math.random().toString(36).slice(2, 6)}`, kind: 'todo' });
    if (res.statusCode !== 201) throw new Error(`column fixture failed: ${res.body}`);
    return res.json().id;
  },
  session: async (w) => {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
    });
    if (res.statusCode !== 201) throw new Error(`session fixture failed: ${res.body}`);
    return res.json().sessions[0].id;
  },
  commitment: async (w) => {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, {
      startsAt: '2026-03-17T09:00:00+01:00',
      durationMinutes: 60,
      timeZone: 'Europe/Paris',
    });
    const sessionId = res.json().sessions[0].id;
    await w.coach.post(`/api/sessions/${sessionId}/stage`, { stage: 'wifle' });
    const board = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
    const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: board.json().columns[0].id,
      type: 'task',
      title: 'Matrix commitment',
    });
    const added = await w.coach.post(`/api/sessions/${sessionId}/commitments`, { cardId: card.json().id });
    if (added.statusCode !== 200) throw new Error(`commitment fixture failed: ${added.body}`);
    return (await w.coach.get(`/api/sessions/${sessionId}`)).json().commitmentList[0].id;
  },
  invitation: async (w) => {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, {
      email: `matrix-${Math.random().toString(36).slice(2)}@example.com`,
      role: 'coachee',
    });
    if (res.statusCode !== 201) throw new Error(`invitation fixture failed: ${res.body}`);
    return res.json().id;
  },
  contract: async (w) => {
    // A complete draft every member signs, so each role reaches the contract's own rules.
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'organization',
      startsOn: '2030-01-01',
      endsOn: '2030-03-31',
      rate: { amountMinor: 120000, currency: 'EUR', unit: 'fixed' },
      deliverables: [{ description: 'A first deliverable' }],
      signers: [{ userId: w.coach.user?.id }, { userId: w.sponsor.user?.id }, { userId: w.coachee.user?.id }],
    });
    if (res.statusCode !== 201) throw new Error(`contract fixture failed: ${res.body}`);
    return res.json().id;
  },
  // An issued invoice, so the billed party reaches it too (a draft is the coach's alone).
  invoice: async (w) => (await issue(w, (await draftInvoiceIn(w)).id)).id,
  'invoice line': async (w) => (await draftInvoiceIn(w)).lines[0].id,
  checkin: async (w) => {
    const { cardId } = await measuredGoal(w);
    return (await checkIn(w.coachee, cardId, { value: 2, on: '2026-09-08' })).id;
  },
};

/** Values for URL parameters other than the route's resource id. */
export const extraParams: Record<string, (w: World) => Promise<string>> = {
  userId: async (w) => w.coachee.user?.id as string,
};
