import { AppError, errorBodySchema, idSchema, okSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newSecret, nowIso } from '../../lib/ids.js';
import { requireUser } from '../../plugins/auth.js';
import { userCalendar } from '../../services/calendar/build-calendar.js';
import { listReminders } from '../../services/reminders/send-reminders.js';

const errors = { 401: errorBodySchema, 404: errorBodySchema };
const reminderSchema = z.object({
  id: z.string(),
  kind: z.enum(['session', 'commitment']),
  title: z.string(),
  dueAt: z.string(),
  engagementId: z.string(),
  subjectId: z.string(),
  link: z.string(),
});

/** The private calendar feed (a secret URL per user, revocable), and in-app reminders. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const feedUrl = (token: string) => `${app.config.publicUrl}/api/calendar/${token}.ics`;

  const feedSchema = z.object({ url: z.string(), createdAt: z.string() });

  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The address of your private calendar feed, if you have one (POST /api/calendar makes one)',
        response: { 200: feedSchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const existing = await app.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', me.id).executeTakeFirst();
      if (!existing) throw new AppError('not_found', 'You have no calendar feed yet. Create one from Settings (POST /api/calendar).');
      return { url: feedUrl(existing.token), createdAt: existing.created_at };
    },
  );

  app.post(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Your private calendar feed’s address, made on first use; subscribe to it in your calendar app',
        response: { 200: feedSchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      await app.db
        .insertInto('calendar_feeds')
        .values({ user_id: me.id, token: newSecret(), created_at: nowIso(), last_fetched_at: null })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      const saved = await app.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', me.id).executeTakeFirstOrThrow();
      return { url: feedUrl(saved.token), createdAt: saved.created_at };
    },
  );

  app.delete(
    '/api/calendar',
    {
      schema: { tags: ['calendar'], summary: 'Revoke your calendar feed address; the next request makes a new one', response: { 200: okSchema, ...errors } },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      await app.db.deleteFrom('calendar_feeds').where('user_id', '=', me.id).execute();
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
        produces: ['text/calendar'],
        response: { 200: z.any().describe('An .ics feed'), 404: errorBodySchema },
      },
      config: { access: { kind: 'public' } },
    },
    async (request, reply) => {
      const feed = await app.db.selectFrom('calendar_feeds').selectAll().where('token', '=', request.params.token).executeTakeFirst();
      if (!feed) throw new AppError('not_found', 'This calendar address is not valid any more. Copy the new one from Carriage.');
      const now = nowIso();
      // Record fetches at most hourly, so polling calendar apps stay reads.
      if (!feed.last_fetched_at || Date.parse(now) - Date.parse(feed.last_fetched_at) > 3_600_000) {
        await app.db.updateTable('calendar_feeds').set({ last_fetched_at: now }).where('user_id', '=', feed.user_id).execute();
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
        summary: 'Your reminders: sessions coming up and commitments falling due',
        querystring: z.object({ engagementId: idSchema.optional() }),
        response: { 200: z.object({ reminders: z.array(reminderSchema) }), ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const rows = (await listReminders(app.db, me.id)).filter((r) => !request.query.engagementId || r.engagement_id === request.query.engagementId);
      return {
        reminders: rows.map((r) => ({
          id: r.id,
          kind: r.kind as 'session' | 'commitment',
          title: r.title,
          dueAt: r.due_at,
          engagementId: r.engagement_id,
          subjectId: r.subject_id,
          link: r.kind === 'session' ? `/e/${r.engagement_id}/sessions/${r.subject_id}` : `/e/${r.engagement_id}/board`,
        })),
      };
    },
  );

  app.post(
    '/api/reminders/:id/dismiss',
    {
      schema: { tags: ['reminders'], summary: 'Dismiss one of your reminders', params: z.object({ id: idSchema }), response: { 200: okSchema, ...errors } },
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
