import type { CheckIn, CheckInHistory, MeasuredGoalResult } from '@carriage/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export interface MeasuresResponse {
  goals: MeasuredGoalResult[];
  notOnBoard: { goalId: string; what: string }[];
}

export const measureKeys = {
  all: (engagementId: string) => ['engagement', engagementId, 'measures'] as const,
  history: (engagementId: string, cardId: string) => ['engagement', engagementId, 'measures', 'history', cardId] as const,
};

// A value recorded or corrected anywhere, a contract signed or a goal shared: the measures move.
for (const prefix of ['checkin.', 'contract.', 'goal.', 'session.'] as const) {
  onLiveEvent(prefix, (qc, ev) => void qc.invalidateQueries({ queryKey: measureKeys.all(ev.engagementId) }));
}

/** Each goal with a measure, its values and where it stands (for the coach and the coachee). */
export function useMeasures(engagementId: string, enabled = true) {
  return useQuery({ queryKey: measureKeys.all(engagementId), queryFn: () => get<MeasuresResponse>(`/api/engagements/${engagementId}/measures`), enabled });
}

/** Every value recorded for one goal, corrected ones too. */
export function useCheckInHistory(engagementId: string, cardId: string, enabled: boolean) {
  return useQuery({
    queryKey: measureKeys.history(engagementId, cardId),
    queryFn: () => get<CheckInHistory>(`/api/cards/${cardId}/check-ins`),
    enabled,
  });
}

export interface CheckInDraft {
  value: number;
  on?: string;
  note?: string;
  sessionId?: string | null;
}

/** Records a value, or corrects one (`corrects`), and refreshes what shows the measure. */
export function useRecordCheckIn(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ cardId, corrects, draft }: { cardId: string; corrects?: string; draft: CheckInDraft }) =>
      corrects ? post<CheckIn>(`/api/check-ins/${corrects}/corrections`, draft) : post<CheckIn>(`/api/cards/${cardId}/check-ins`, draft),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: measureKeys.all(engagementId) });
      void qc.invalidateQueries({ queryKey: ['engagement', engagementId, 'metrics'] });
    },
  });
}

/** Today as YYYY-MM-DD where the person is. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
