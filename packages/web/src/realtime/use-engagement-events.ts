import type { ActivityEvent, EventPrefix } from '@carriage/core';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

/** An event of the catalog in core, as the live stream delivers it. */
export type LiveEvent = ActivityEvent;

type Handler = (qc: QueryClient, ev: LiveEvent) => void;

/** Session events that change what is shown at a glance (next session, Join now, sessions held); WIFLE and note autosaves don't. */
const glanceEvents = new Set<string>(['session.scheduled', 'session.updated', 'session.started', 'session.stage_changed', 'session.closed']);

/** Home's engagement list and the coach's portfolio span engagements: they refetch when any open stream reports a change they show. */
function refreshGlances(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: ['engagements'] });
  void qc.invalidateQueries({ queryKey: ['portfolio'] });
}

/**
 * What each kind of event refreshes: the one small map from the live stream to the cache.
 * Feature modules add their entries with `onLiveEvent` (e.g. the board applies card moves in place).
 */
const handlers: { prefix: EventPrefix; handle: Handler }[] = [
  { prefix: 'engagement.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId] }) },
  { prefix: 'member.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId, 'members'] }) },
  { prefix: 'invitation.', handle: (qc, ev) => void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId, 'invitations'] }) },
  {
    prefix: 'session.',
    handle: (qc, ev) => {
      if (!glanceEvents.has(ev.type)) return;
      // The engagement header, home's list and the portfolio show the next session and the sessions held.
      void qc.invalidateQueries({ queryKey: ['engagement', ev.engagementId], exact: true });
      refreshGlances(qc);
    },
  },
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

/** What the live indicator says: first connection, streaming, down (network or server) and retrying, or ended with the login. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/**
 * One EventSource per open engagement. A drop resumes from the last event seen (Last-Event-ID, or `lastEventId`
 * when the stream is opened anew): while the browser is offline the stream is closed and reopened when it is back;
 * a stream the browser gave up on (the server answered an error) is retried with backoff. After any drop the
 * engagement's queries are refetched, since the replay covers only events this member may see.
 */
export function useEngagementEvents(engagementId: string | undefined, onRemoved?: (ev: LiveEvent) => void): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const removed = useRef(onRemoved);
  removed.current = onRemoved;
  useEffect(() => {
    if (!engagementId) return;
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let dropped = false;
    let ended = false;
    let attempts = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    setState('connecting');

    const dispatch = (msg: MessageEvent) => {
      const ev = JSON.parse(msg.data) as LiveEvent;
      for (const h of handlers) if (ev.type.startsWith(h.prefix)) h.handle(qc, ev);
      for (const l of listeners) l(ev);
      if (ev.type === 'member.removed' && removed.current) removed.current(ev);
    };
    const drop = () => {
      dropped = true;
      setState('reconnecting');
    };
    const open = () => {
      clearTimeout(retry);
      source?.close();
      const s = new EventSource(`/api/engagements/${engagementId}/events${lastEventId ? `?lastEventId=${lastEventId}` : ''}`);
      source = s;
      s.addEventListener('ready', (msg) => {
        attempts = 0;
        const id = (JSON.parse((msg as MessageEvent).data) as { lastEventId?: number }).lastEventId;
        if (typeof id === 'number') lastEventId = String(id);
        setState('live');
        if (dropped) {
          void qc.invalidateQueries({ queryKey: ['engagement', engagementId] });
          refreshGlances(qc);
        }
        dropped = false;
      });
      // The login ended (logged out elsewhere, expired, password reset): stop reconnecting and let the app ask to log in.
      s.addEventListener('logged-out', () => {
        ended = true;
        s.close();
        setState('ended');
        void qc.invalidateQueries({ queryKey: ['me'] });
      });
      s.onmessage = (msg) => {
        if (msg.lastEventId) lastEventId = msg.lastEventId;
        dispatch(msg);
      };
      s.onerror = () => {
        if (ended || source !== s) return;
        drop();
        // The browser retries a dropped stream itself; one it closed (an error answer) is ours to retry.
        if (s.readyState === EventSource.CLOSED && navigator.onLine) {
          retry = setTimeout(open, Math.min(30_000, 2_000 * 2 ** attempts));
          attempts += 1;
        }
      };
    };
    const goneOffline = () => {
      if (ended) return;
      clearTimeout(retry);
      source?.close();
      source = null;
      drop();
    };
    const backOnline = () => {
      if (!ended) open();
    };
    window.addEventListener('offline', goneOffline);
    window.addEventListener('online', backOnline);
    if (navigator.onLine) open();
    else goneOffline();
    return () => {
      ended = true;
      clearTimeout(retry);
      source?.close();
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
    };
  }, [engagementId, qc]);
  return state;
}
