import { AppError, idSchema, okSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteCalendarFeed, findCalendarFeed, findCalendarFeedByHash, markCalendarFeedFetched, replaceCalendarFeed } from '../../db/queries/calendar-feeds.js';
import { hashSecret, newSecret, nowIso } from '../../lib/ids.js';
import { fileAnswer } from '../../plugins/api-document.js';
import { requireUser } from '../../plugins/auth.js';
import { userCalendar } from '../../services/calendar/build-calendar.js';
import { listReminders } from '../../services/reminders/send-reminders.js';

const calendarFeedSchema = z.object({ active: z.boolean(), createdAt: z.string().nullable(), lastFetchedAt: z.string().nullable() });
const reminderSchema = z.object({
  id: z.string(),
  kind: z.enum(['session', 'commitment', 'checkin']),
  title: z.string(),
  dueAt: z.string(),
  engagementId: z.string(),
  subjectId: z.string(),
  link: z.string(),
});

/** The private calendar feed (a secret address per user, stored hashed, shown once, replaceable and revocable), and in-app reminders. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const feedUrl = (token: string) => `${app.config.publicUrl}/api/calendar/${token}.ics`;

  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Whether you have a private calendar feed, since when and when a calendar app last read it',
        description: 'The address itself is shown once, when POST /api/calendar makes it: only its hash is stored.',
        response: { 200: calendarFeedSchema },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const feed = await findCalendarFeed(app.db, me.id);
      return { active: !!feed, createdAt: feed?.created_at ?? null, lastFetchedAt: feed?.last_fetched_at ?? null };
    },
  );

  app.post(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Make a new private calendar feed address (shown once) to subscribe to in your calendar app; a previous address stops working',
        response: { 201: z.object({ url: z.string(), createdAt: z.string() }) },
      },
      config: { access: { kind: 'user' } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      const token = newSecret();
      const now = nowIso();
      await replaceCalendarFeed(app.db, me.id, hashSecret(token), now);
      return reply.status(201).send({ url: feedUrl(token), createdAt: now });
    },
  );

  app.delete(
    '/api/calendar',
    {
      schema: { tags: ['calendar'], summary: 'Revoke your calendar feed address', response: { 200: okSchema } },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      await deleteCalendarFeed(app.db, me.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/calendar/:token.ics',
    {
      schema: {
        tags: ['calendar'],
        summary: 'A private iCalendar feed (RFC 5545): your sessions and event cards. The secret address is the key',
        params: z.object({ token: z.string().min(20).max(100) }),
        response: { 200: fileAnswer('The feed: one event per session and event card', 'text/calendar') },
      },
      config: { access: { kind: 'public' } },
    },
    async (request, reply) => {
      const feed = await findCalendarFeedByHash(app.db, hashSecret(request.params.token));
      if (!feed) throw new AppError('not_found', 'This calendar address is not valid any more. Make a new one in Carriage (Settings, Calendar feed).');
      const now = nowIso();
      // Record fetches at most hourly, so polling calendar apps stay reads.
      if (!feed.last_fetched_at || Date.parse(now) - Date.parse(feed.last_fetched_at) > 3_600_000) {
        await markCalendarFeedFetched(app.db, feed.user_id, now);
      }
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(await userCalendar(app.db, feed.user_id, app.config.publicUrl));
    },
  );

  app.get(
    '/api/reminders',
    {
      schema: {
        tags: ['reminders'],
        summary: 'Your reminders: sessions coming up, commitments falling due and check-ins due',
        querystring: z.object({ engagementId: idSchema.optional() }),
        response: { 200: z.object({ reminders: z.array(reminderSchema) }) },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const rows = (await listReminders(app.db, me.id)).filter((r) => !request.query.engagementId || r.engagement_id === request.query.engagementId);
      return {
        reminders: rows.map((r) => ({
          id: r.id,
          kind: r.kind as 'session' | 'commitment' | 'checkin',
          title: r.title,
          dueAt: r.due_at,
          engagementId: r.engagement_id,
          subjectId: r.subject_id,
          link:
            r.kind === 'session'
              ? `/e/${r.engagement_id}/sessions/${r.subject_id}`
              : r.kind === 'checkin'
                ? `/e/${r.engagement_id}/check-in`
                : `/e/${r.engagement_id}/board`,
        })),
      };
    },
  );

  app.post(
    '/api/reminders/:id/dismiss',
    {
      schema: { tags: ['reminders'], summary: 'Dismiss one of your reminders', params: z.object({ id: idSchema }), response: { 200: okSchema } },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const r = await app.db
        .updateTable('reminders')
        .set({ dismissed_at: nowIso() })
        .where('id', '=', request.params.id)
        .where('user_id', '=', me.id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'That reminder was not found.');
      return { ok: true as const };
    },
  );
};
