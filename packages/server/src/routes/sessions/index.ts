import {
  AppError,
  can,
  commitmentBody,
  createdSessionsSchema,
  createSessionBody,
  errorBodySchema,
  idSchema,
  notesBody,
  okSchema,
  recapSchema,
  sessionSchema,
  stageBody,
  updateSessionBody,
  wifleBody,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findSeries, findSession } from '../../db/queries/sessions.js';
import { accessOf, registerResource } from '../../plugins/access.js';
import { errorAnswer, fileAnswer } from '../../plugins/api-document.js';
import { sessionCalendar } from '../../services/calendar/build-calendar.js';
import { changeStage } from '../../services/sessions/change-stage.js';
import { closeSession } from '../../services/sessions/close-session.js';
import { loadRecapView } from '../../services/sessions/mail-recap.js';
import { addCommitment, removeCommitment } from '../../services/sessions/manage-commitments.js';
import { presentSession } from '../../services/sessions/present-session.js';
import { type RecapView, recapMarkdown, recapPdf } from '../../services/sessions/recap.js';
import { readNotes, saveNotes, saveWifle } from '../../services/sessions/save-notes.js';
import { scheduleSessions } from '../../services/sessions/schedule-sessions.js';
import { sessionPackage } from '../../services/sessions/session-package.js';
import { updateSession } from '../../services/sessions/update-session.js';
import { presentSessionDetail, presentSessionList } from './present.js';
import { registerRoomRoutes } from './room-routes.js';

registerResource('session', async (db, id) => (await findSession(db, id))?.engagement_id);
registerResource(
  'commitment',
  async (db, id) => (await db.selectFrom('commitments').select('engagement_id').where('id', '=', id).executeTakeFirst())?.engagement_id,
);

const tags = ['sessions'];
const idParams = z.object({ id: idSchema });
const errors = { 409: errorBodySchema };
/** A recap exists once the session closed. */
const notYet = { 409: errorAnswer(409, 'The session is not closed yet, so it has no recap.') };
const noteSchema = z.object({ body: z.string(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });
const packageSchema = z.object({
  held: z.number(),
  included: z.number().nullable(),
  used: z.number(),
  left: z.number().nullable(),
  contractId: z.string().nullable(),
});

/** Safe file name part for downloads. */
function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'session'
  );
}

/** Coaching sessions: scheduling, the session room (stages, WIFLE, notes, commitments), the recap. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const loadSession = async (id: string) => {
    const s = await findSession(app.db, id);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    return s;
  };

  const recapView = (id: string): Promise<RecapView> => loadRecapView(app.db, id);

  app.post(
    '/api/engagements/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Schedule a session, or a recurring series in the coach’s time zone',
        params: idParams,
        body: createSessionBody,
        response: { 201: createdSessionsSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.schedule', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const { seriesId, rule, sessions } = await scheduleSessions(app.db, a.engagement, a.userId, request.body);
      return reply.status(201).send({ seriesId, sessions: sessions.map((s) => presentSession(s, a.membership, { rule })) });
    },
  );

  app.get(
    '/api/engagements/:id/sessions',
    {
      schema: {
        tags,
        summary: 'The sessions of an engagement, and the contract’s package (sessions held, used and left)',
        params: idParams,
        response: { 200: z.object({ sessions: z.array(sessionSchema), package: packageSchema.nullable() }) },
      },
      config: { access: { kind: 'engagement', action: 'session.read', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      return {
        sessions: await presentSessionList(app.db, a.engagement.id, a.membership),
        package: await sessionPackage(app.db, a.engagement.id),
      };
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      schema: {
        tags,
        summary: 'One session; the coach and coachees also get WIFLE, the commitment review and commitments (a sponsor: attendance)',
        params: idParams,
        response: { 200: sessionSchema.loose() },
      },
      config: { access: { kind: 'engagement', action: 'session.read', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      return presentSessionDetail(app.db, await loadSession(request.params.id), a.membership);
    },
  );

  app.patch(
    '/api/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Reschedule or cancel this session or this and the following ones; mark held or no-show',
        params: idParams,
        body: updateSessionBody,
        response: { 200: z.object({ sessions: z.array(sessionSchema) }), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.schedule', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      const updated = await updateSession(app.db, request.params.id, a.userId, request.body);
      const series = updated[0]?.series_id ? await findSeries(app.db, updated[0].series_id) : undefined;
      return { sessions: updated.map((s) => presentSession(s, a.membership, { rule: series?.rule ?? null })) };
    },
  );

  app.post(
    '/api/sessions/:id/stage',
    {
      schema: {
        tags,
        summary: 'Move the session room to a stage (WIFLE starts it, with the review of earlier commitments)',
        params: idParams,
        body: stageBody,
        response: { 200: sessionSchema.loose(), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      const s = await changeStage(app.db, request.params.id, a.userId, request.body.stage);
      return presentSessionDetail(app.db, s, a.membership);
    },
  );

  registerRoomRoutes(app);

  app.put(
    '/api/sessions/:id/wifle',
    {
      schema: {
        tags,
        summary: 'Your WIFLE: what you feel like expressing, and whether you are done',
        params: idParams,
        body: wifleBody,
        response: { 200: okSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await saveWifle(app.db, request.params.id, a.userId, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/sessions/:id/notes',
    {
      schema: {
        tags,
        summary: 'Shared notes (coach and coachees) and, for the coach only, private notes',
        params: idParams,
        response: { 200: z.object({ shared: noteSchema, private: noteSchema.optional() }) },
      },
      config: { access: { kind: 'engagement', action: 'session.notes.shared', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      const s = await loadSession(request.params.id);
      return readNotes(app.db, s.id, a.membership);
    },
  );

  app.put(
    '/api/sessions/:id/notes',
    {
      schema: {
        tags,
        summary: 'Save shared notes and (coach only) private notes',
        params: idParams,
        body: notesBody,
        response: { 200: z.object({ shared: noteSchema, private: noteSchema.optional() }), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.notes.shared', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await saveNotes(app.db, request.params.id, a.membership, request.body);
      return readNotes(app.db, request.params.id, a.membership);
    },
  );

  app.post(
    '/api/sessions/:id/commitments',
    {
      schema: { tags, summary: 'Commit to a card in this session', params: idParams, body: commitmentBody, response: { 200: okSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await addCommitment(app.db, request.params.id, request.body.cardId, a.userId);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/commitments/:id',
    {
      schema: { tags, summary: 'Take back a commitment while its session runs', params: idParams, response: { 200: okSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'commitment' } },
    },
    async (request) => {
      const a = accessOf(request);
      await removeCommitment(app.db, request.params.id, a.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/sessions/:id/close',
    {
      schema: { tags, summary: 'Close the session: it counts as held and its recap is written', params: idParams, response: { 200: recapSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await closeSession(app.db, request.params.id, a.userId);
      return recapView(request.params.id);
    },
  );

  const sendRecap = async (id: string, format: 'json' | 'md' | 'pdf', reply: import('fastify').FastifyReply) => {
    const view = await recapView(id);
    const name = `recap-${fileSlug(view.engagementTitle)}-${view.startsAt.slice(0, 10)}`;
    if (format === 'md') {
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.md"`)
        .send(recapMarkdown(view));
    }
    if (format === 'pdf') {
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}.pdf"`)
        .send(await recapPdf(view));
    }
    return view;
  };

  app.get(
    '/api/sessions/:id/recap',
    {
      schema: {
        tags,
        summary: 'The recap of a closed session (JSON; ?format=md or pdf, or the .md / .pdf routes)',
        params: idParams,
        querystring: z.object({ format: z.enum(['json', 'md', 'pdf']).optional() }),
        response: {
          200: {
            description: 'The recap, as JSON, Markdown or PDF by ?format',
            content: { 'application/json': { schema: recapSchema }, ...fileAnswer('', 'text/markdown', 'application/pdf').content },
          },
          ...notYet,
        },
      },
      config: { access: { kind: 'engagement', action: 'session.notes.shared', resource: 'session' } },
    },
    async (request, reply) => sendRecap(request.params.id, request.query.format ?? 'json', reply),
  );

  for (const format of ['md', 'pdf'] as const) {
    app.get(
      `/api/sessions/:id/recap.${format}`,
      {
        schema: {
          tags,
          summary: `The recap as ${format === 'md' ? 'Markdown' : 'PDF'}`,
          params: idParams,
          response: {
            200: format === 'md' ? fileAnswer('The recap in Markdown', 'text/markdown') : fileAnswer('The recap as a PDF', 'application/pdf'),
            ...notYet,
          },
        },
        config: { access: { kind: 'engagement', action: 'session.notes.shared', resource: 'session' } },
      },
      async (request, reply) => sendRecap(request.params.id, format, reply),
    );
  }

  app.get(
    '/api/sessions/:id/calendar.ics',
    {
      schema: {
        tags,
        summary: 'This session as an iCalendar file',
        params: idParams,
        response: { 200: fileAnswer('The session as an iCalendar event', 'text/calendar') },
      },
      config: { access: { kind: 'engagement', action: 'session.read', resource: 'session' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const s = await loadSession(request.params.id);
      const ics = sessionCalendar(s, a.engagement.title, !can(a.membership, 'session.run'), app.config.publicUrl);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="session-${s.starts_at.slice(0, 10)}.ics"`)
        .send(ics);
    },
  );
};
