/** The roles a member can hold in an engagement. */
export const roles = ['coach', 'coachee', 'sponsor'] as const;
export type Role = (typeof roles)[number];

/** What the policies need to know about the person asking, for one engagement. */
export interface Membership {
  userId: string;
  role: Role;
}

/** Engagement settings that loosen or tighten a default rule. */
export interface EngagementSettings {
  coacheeMayAcceptToDone: boolean;
}
