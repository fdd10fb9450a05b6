import type { MetricsResponse, PortfolioEntry, SponsorReport } from '@carriage/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, put } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export const resultKeys = {
  metrics: (id: string) => ['engagement', id, 'metrics'] as const,
  sponsorReport: (id: string) => ['engagement', id, 'sponsor-report'] as const,
  portfolio: ['portfolio'] as const,
};

// Every card change, sharing switch and check-in moves some number: refetch the results when one arrives.
for (const prefix of ['card.', 'goal.', 'session.', 'contract.', 'checkin.'] as const) {
  onLiveEvent(prefix, (qc, ev) => {
    void qc.invalidateQueries({ queryKey: resultKeys.metrics(ev.engagementId) });
    void qc.invalidateQueries({ queryKey: resultKeys.sponsorReport(ev.engagementId) });
  });
}

export function useMetrics(engagementId: string) {
  return useQuery({ queryKey: resultKeys.metrics(engagementId), queryFn: () => get<MetricsResponse>(`/api/engagements/${engagementId}/metrics`) });
}

export function useSponsorReport(engagementId: string) {
  return useQuery({ queryKey: resultKeys.sponsorReport(engagementId), queryFn: () => get<SponsorReport>(`/api/engagements/${engagementId}/sponsor-report`) });
}

export function usePortfolio(enabled: boolean) {
  return useQuery({
    queryKey: resultKeys.portfolio,
    queryFn: async () => (await get<{ engagements: PortfolioEntry[] }>('/api/portfolio')).engagements,
    enabled,
  });
}

/** Turns a goal's "shared with the sponsor" switch on or off, showing the new state at once. */
export function useShareGoal(engagementId: string) {
  const qc = useQueryClient();
  const key = resultKeys.metrics(engagementId);
  return useMutation({
    mutationFn: ({ cardId, shared }: { cardId: string; shared: boolean }) =>
      put<{ cardId: string; shared: boolean }>(`/api/cards/${cardId}/sharing`, { shared }),
    onMutate: async ({ cardId, shared }) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<MetricsResponse>(key);
      if (before)
        qc.setQueryData<MetricsResponse>(key, { ...before, goals: before.goals.map((g) => (g.cardId === cardId ? { ...g, sharedWithSponsor: shared } : g)) });
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) qc.setQueryData(key, context.before);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: resultKeys.sponsorReport(engagementId) });
    },
  });
}
