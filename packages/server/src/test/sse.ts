import type { FastifyInstance } from 'fastify';
import { baseUrlOf, type TestClient } from './harness.js';

export interface StreamEvent {
  id: number | null;
  event: string | null;
  data: any;
}

/** A real EventSource-like reader over HTTP, for live-update tests. */
export interface Stream {
  events: StreamEvent[];
  ended: Promise<void>;
  waitFor(pred: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openStream(appOrBase: FastifyInstance | string, client: TestClient, engagementId: string, lastEventId?: number): Promise<Stream> {
  const base = typeof appOrBase === 'string' ? appOrBase : await baseUrlOf(appOrBase);
  const ac = new AbortController();
  const headers: Record<string, string> = { ...client.authHeaders(), accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const res = await fetch(`${base}/api/engagements/${engagementId}/events`, { headers, signal: ac.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream failed: ${res.status}`);
  const events: StreamEvent[] = [];
  const waiters: { pred: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let idx = buffer.indexOf('\n\n');
        while (idx >= 0) {
          const frame = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          idx = buffer.indexOf('\n\n');
          let id: number | null = null;
          let event: string | null = null;
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('id: ')) id = Number(line.slice(4));
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          const e = { id, event, data: JSON.parse(data.join('\n')) };
          events.push(e);
          for (const w of [...waiters]) {
            if (w.pred(e)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    ended,
    waitFor(pred, timeoutMs = 10_000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.data?.type ?? e.event).join(', ')}`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
    close() {
      ac.abort();
    },
  };
}
