import type { ActivityEvent, EventPrefix } from '@carriage/core';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

/** An event of the catalog in core, as the live stream delivers it. */
export type LiveEvent = ActivityEvent;

type Handler = (qc: QueryClient, ev: LiveEvent) => void;

/**
 * What each kind of event refreshes: the one small map from the live stream to the cache.
 * Feature modules add their entries with `onLiveEvent` (e.g. the board applies card moves in place).
 */
const handlers: { prefix: EventPrefix; handle: Handler }[] = [
  { prefix: 'engagement.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId] }) },
  { prefix: 'member.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId, 'members'] }) },
  { prefix: 'invitation.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId, 'invitations'] }) },
];

/** Registers how events whose type starts with `prefix` update the cache. */
export function onLiveEvent(prefix: EventPrefix, handle: Handler): void {
  handlers.push({ prefix, handle });
}

const listeners = new Set<(ev: LiveEvent) => void>();
/** Lets a component watch raw events (e.g. to celebrate a card reaching Done). */
export function useLiveEventListener(fn: (ev: LiveEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l = (ev: LiveEvent) => ref.current(ev);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
}

/** One EventSource per open engagement; the browser resumes with Last-Event-ID after a drop. */
export function useEngagementEvents(engagementId: string | undefined, onRemoved?: (ev: LiveEvent) => void): 'connecting' | 'live' | 'offline' {
  const qc = useQueryClient();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const removed = useRef(onRemoved);
  removed.current = onRemoved;
  useEffect(() => {
    if (!engagementId) return;
    const source = new EventSource(`/api/engagements/${engagementId}/events`);
    let wasOffline = false;
    const dispatch = (msg: MessageEvent) => {
      const ev = JSON.parse(msg.data) as LiveEvent;
      for (const h of handlers) if (ev.type.startsWith(h.prefix)) h.handle(qc, ev);
      for (const l of listeners) l(ev);
    };
    source.addEventListener('ready', () => {
      setState('live');
      // After a long outage the server may have trimmed nothing, but refetching is cheap insurance.
      if (wasOffline) void qc.invalidateQueries({ queryKey: ['engagement', engagementId] });
      wasOffline = false;
    });
    // The login ended (logged out elsewhere, expired, password reset): stop reconnecting and let the app ask to log in.
    source.addEventListener('logged-out', () => {
      source.close();
      setState('offline');
      void qc.invalidateQueries({ queryKey: ['me'] });
    });
    source.onmessage = (msg) => {
      dispatch(msg);
      const ev = JSON.parse(msg.data) as LiveEvent;
      if (ev.type === 'member.removed' && removed.current) removed.current(ev);
    };
    source.onerror = () => {
      wasOffline = true;
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    return () => source.close();
  }, [engagementId, qc]);
  return state;
}
