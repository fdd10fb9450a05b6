import type { SessionStage } from '@carriage/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { onLiveEvent } from '../../realtime/use-engagement-events';

export type SessionStatus = 'scheduled' | 'held' | 'cancelled' | 'no_show';

export interface Session {
  id: string;
  engagementId: string;
  seriesId: string | null;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  timeZone: string;
  status: SessionStatus;
  recurrence: string | null;
  recurrenceText: string | null;
  videoUrl?: string | null;
  place?: string | null;
  stage?: SessionStage | null;
  startedAt?: string | null;
  closedAt?: string | null;
  cancelReason?: string | null;
  number?: number;
  commitments?: { made: number; kept: number; missed: number; reliability: number | null };
}

export interface ReviewItem {
  id: string;
  cardId: string;
  title: string;
  ownerName: string | null;
  dueOn: string | null;
  result: 'kept' | 'missed';
}

export interface CommitmentRow {
  id: string;
  cardId: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  columnKind: string;
  columnName: string;
  cardVersion: number;
}

export interface SessionDetail extends Session {
  participants?: { userId: string; name: string; role: 'coach' | 'coachee'; wifleNote: string; wifleDone: boolean; agreedAt: string | null }[];
  /** The card the coach is discussing at the current stage (null: the first one). */
  focusCardId?: string | null;
  /** The next scheduled session: its day is the default due date of what is pulled now. */
  nextSession?: { id: string; startsAt: string; timeZone: string; on: string } | null;
  review?: { kept: number; missed: number; items: ReviewItem[] };
  commitmentList?: CommitmentRow[];
}

export interface SessionPackage {
  contractId: string | null;
  held: number;
  included: number | null;
  used: number;
  left: number | null;
}

export interface Note {
  body: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface Recap {
  sessionId: string;
  engagementTitle: string;
  startsAt: string;
  timeZone: string;
  closedAt: string;
  review: { kept: number; missed: number; items: { cardId: string; title: string; result: 'kept' | 'missed' }[] };
  completed: { cardId: string; title: string }[];
  moved: { cardId: string; title: string; from: string; to: string }[];
  blocked: { cardId: string; title: string; reason: string | null }[];
  commitments: { cardId: string; title: string; ownerName: string | null; dueOn: string | null }[];
  nextSession: { id: string; startsAt: string; timeZone: string } | null;
  /** Values of the goals' measures recorded since the previous session (absent in older recaps). */
  checkIns?: {
    cardId: string;
    goal: string;
    measure: string;
    unit: string;
    value: number;
    on: string;
    note: string;
    corrects: number | null;
    recordedBy: string | null;
  }[];
  sentBack?: { cardId: string; title: string; reason: string }[];
  agreements?: { userId: string; name: string; agreedAt: string | null }[];
  notAShortStep?: string[];
  sharedNotes: string;
  addenda: { id: string; body: string; authorName: string; createdAt: string }[];
}

export interface Reminder {
  id: string;
  kind: 'session' | 'commitment' | 'checkin';
  title: string;
  dueAt: string;
  engagementId: string;
  subjectId: string;
  link: string;
}

export const sessionKeys = {
  list: (engagementId: string) => ['engagement', engagementId, 'sessions'] as const,
  one: (engagementId: string, sessionId: string) => ['engagement', engagementId, 'sessions', sessionId] as const,
  notes: (engagementId: string, sessionId: string) => ['engagement', engagementId, 'sessions', sessionId, 'notes'] as const,
  recap: (engagementId: string, sessionId: string) => ['engagement', engagementId, 'sessions', sessionId, 'recap'] as const,
  reminders: ['reminders'] as const,
  calendar: ['calendar'] as const,
};

export function useSessions(engagementId: string) {
  return useQuery({
    queryKey: sessionKeys.list(engagementId),
    queryFn: () => get<{ sessions: Session[]; package: SessionPackage | null }>(`/api/engagements/${engagementId}/sessions`),
  });
}

export function useSession(engagementId: string, sessionId: string) {
  return useQuery({ queryKey: sessionKeys.one(engagementId, sessionId), queryFn: () => get<SessionDetail>(`/api/sessions/${sessionId}`) });
}

export function useNotes(engagementId: string, sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: sessionKeys.notes(engagementId, sessionId),
    queryFn: () => get<{ shared: Note; private?: Note }>(`/api/sessions/${sessionId}/notes`),
    enabled,
  });
}

export function useRecap(engagementId: string, sessionId: string, enabled: boolean) {
  return useQuery({ queryKey: sessionKeys.recap(engagementId, sessionId), queryFn: () => get<Recap>(`/api/sessions/${sessionId}/recap`), enabled });
}

export function useReminders(engagementId: string) {
  return useQuery({
    queryKey: [...sessionKeys.reminders, engagementId],
    queryFn: async () => (await get<{ reminders: Reminder[] }>(`/api/reminders?engagementId=${engagementId}`)).reminders,
    refetchInterval: 5 * 60_000,
  });
}

// Every session event refreshes the session lists and the session it is about; both devices follow the room.
onLiveEvent('session.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: sessionKeys.list(ev.engagementId) });
});
// A card moving changes the commitments shown in a running session.
onLiveEvent('card.', (qc, ev) => {
  void qc.invalidateQueries({ queryKey: sessionKeys.list(ev.engagementId), predicate: (q) => q.queryKey.length === 4 });
});
