import type { World } from './world.js';

/**
 * How to make a fresh resource of each type inside a world, for the authorization matrix.
 * A route whose resource type has no fixture here fails the matrix test, so add one with the route.
 */
export const resourceFixtures: Record<string, (w: World) => Promise<string>> = {
  engagement: async (w) => w.engagementId,
  invitation: async (w) => {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, {
      email: `matrix-${Math.random().toString(36).slice(2)}@example.com`,
      role: 'coachee',
    });
    if (res.statusCode !== 201) throw new Error(`invitation fixture failed: ${res.body}`);
    return res.json().id;
  },
};

/** Values for URL parameters other than the route's resource id. */
export const extraParams: Record<string, (w: World) => Promise<string>> = {
  userId: async (w) => w.coachee.user?.id as string,
};
