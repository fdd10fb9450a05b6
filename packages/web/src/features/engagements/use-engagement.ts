import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { get } from '../../api/client';
import type { Engagement, Member } from '../../api/types';

export const engagementKeys = {
  all: ['engagements'] as const,
  one: (id: string) => ['engagement', id] as const,
  members: (id: string) => ['engagement', id, 'members'] as const,
  invitations: (id: string) => ['engagement', id, 'invitations'] as const,
  failedJobs: (id: string) => ['engagement', id, 'failed-jobs'] as const,
};

/** The engagement of the current page (from the :engagementId in the URL). */
export function useEngagement() {
  const { engagementId = '' } = useParams();
  const q = useQuery({
    queryKey: engagementKeys.one(engagementId),
    queryFn: () => get<Engagement>(`/api/engagements/${engagementId}`),
    enabled: !!engagementId,
  });
  return { engagementId, ...q };
}

export function useMembers(engagementId: string) {
  return useQuery({
    queryKey: engagementKeys.members(engagementId),
    queryFn: async () => (await get<{ members: Member[] }>(`/api/engagements/${engagementId}/members`)).members,
  });
}

/** Whether the signed-in member may take an action here (the server decides; this only hides controls). */
export function canDo(engagement: Engagement | undefined, action: string): boolean {
  return !!engagement?.abilities.includes(action);
}
