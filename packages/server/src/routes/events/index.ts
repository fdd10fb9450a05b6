import { canSeeEvent, idSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sharedGoalIds } from '../../db/queries/metrics.js';
import { accessOf } from '../../plugins/access.js';
import { fileAnswer } from '../../plugins/api-document.js';
import type { LiveEvent } from '../../plugins/event-bus.js';
import type { WatchedLogin } from '../../plugins/login-watch.js';

// One serialization per event, shared by every subscriber.
const frames = new WeakMap<LiveEvent, string>();
function frameOf(ev: LiveEvent): string {
  let f = frames.get(ev);
  if (!f) {
    // Unnamed frames: clients read the type from the data, so new event types need no new listeners.
    f = `id: ${ev.id}\ndata: ${JSON.stringify(ev)}\n\n`;
    frames.set(ev, f);
  }
  return f;
}

/**
 * The live stream of an engagement's changes (Server-Sent Events), resumable with Last-Event-ID. It closes
 * when the member is removed (after the member.removed frame) and when its login ends (after a
 * `logged-out` frame, so the client stops reconnecting and asks the person to log in).
 */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/engagements/:id/events',
    {
      schema: {
        tags: ['live'],
        summary: 'Server-Sent Events of an engagement; send Last-Event-ID to resume',
        params: z.object({ id: idSchema }),
        querystring: z.object({ lastEventId: z.coerce.number().int().min(0).optional() }),
        response: {
          200: fileAnswer('The stream: a `ready` event with the last event id, then one unnamed event per change, each with its id', 'text/event-stream'),
        },
      },
      config: { access: { kind: 'engagement', action: 'events.subscribe', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const engagementId = a.engagement.id;
      const viewer = a.membership;
      const userId = a.userId;
      // What the sponsor may see of goals depends on their sharing now: read once, then kept current by the live events.
      const context = {
        sharedGoalIds: viewer.role === 'sponsor' ? await sharedGoalIds(app.db, engagementId) : new Set<string>(),
        clientType: a.engagement.client_type,
      };
      const header = request.headers['last-event-id'];
      // At most 15 digits: a longer number is no id of ours and would overflow PostgreSQL's bigint.
      const fromHeader = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
      let lastSent = fromHeader ?? request.query.lastEventId ?? -1;

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      raw.write('retry: 2000\n\n');

      let open = true;
      let replaying = true;
      const buffered: LiveEvent[] = [];
      const close = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        unwatch();
        clearInterval(heartbeat);
        raw.end();
      };
      // The stream lives only as long as its login: logout, expiry, a reset or a revoked token close it.
      const login: WatchedLogin =
        request.authKind === 'token' ? { kind: 'token', id: request.authTokenId ?? '' } : { kind: 'session', id: request.authSessionHash ?? '' };
      const unwatch = app.logins.watch(login, () => {
        if (!open) return;
        raw.write(`event: logged-out\ndata: ${JSON.stringify({ message: 'Your login has ended. Log in again to see live changes.' })}\n\n`);
        close();
      });
      const send = (ev: LiveEvent) => {
        if (!open || ev.id <= lastSent) return;
        lastSent = ev.id;
        if (ev.type === 'member.removed' && (ev.payload as { userId?: string }).userId === userId) {
          raw.write(frameOf(ev));
          close();
          return;
        }
        if (!replaying) {
          const goalId = (ev.payload as { cardId?: string }).cardId;
          if (ev.type === 'goal.shared' && goalId) context.sharedGoalIds.add(goalId);
          if (ev.type === 'goal.unshared' && goalId) context.sharedGoalIds.delete(goalId);
        }
        if (canSeeEvent(viewer, ev, context)) raw.write(frameOf(ev));
      };
      const unsubscribe = app.bus.subscribe(engagementId, (ev) => {
        if (replaying) buffered.push(ev);
        else send(ev);
      });
      const heartbeat = setInterval(() => {
        if (open) raw.write(': keep-alive\n\n');
      }, 25_000);
      request.raw.on('close', close);

      try {
        const latest = await app.bus.latestId(engagementId);
        // A fresh client starts from now: it has just loaded the current state. So does one that
        // claims an id from the future, which would otherwise wait for ids that never come.
        if (lastSent < 0 || lastSent > latest) {
          lastSent = latest;
          raw.write(`event: ready\ndata: ${JSON.stringify({ lastEventId: lastSent })}\n\n`);
        } else {
          for (;;) {
            const batch = await app.bus.since(engagementId, lastSent, 1000);
            for (const ev of batch) send(ev);
            if (batch.length < 1000 || !open) break;
          }
          raw.write(`event: ready\ndata: ${JSON.stringify({ lastEventId: lastSent })}\n\n`);
        }
      } catch (err) {
        request.log.error({ err }, 'Replaying events failed');
        close();
        return;
      }
      replaying = false;
      for (const ev of buffered.splice(0)) send(ev);
    },
  );
};
