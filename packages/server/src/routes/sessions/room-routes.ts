import {
  addendumBody,
  agreeBody,
  cardSchema,
  errorBodySchema,
  focusBody,
  holdNowBody,
  idSchema,
  okSchema,
  pullBody,
  sendBackBody,
  sessionSchema,
} from '@carriage/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../../plugins/access.js';
import { addAddendum, agree, holdNow, pullInSession, sendBack, setFocus } from '../../services/sessions/room.js';
import { presentSessionDetail } from './present.js';

const tags = ['sessions'];
const idParams = z.object({ id: idSchema });
const errors = { 409: errorBodySchema };

/**
 * The session room's own writes: meet now, the card in focus, send back, pull in one step, "We agree", and
 * addenda after the close. Registered by the session routes; the rules are in services/sessions/room.ts.
 */
export function registerRoomRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const actorOf = (a: ReturnType<typeof accessOf>) => ({ engagementId: a.engagement.id, membership: a.membership, settings: a.settings });

  app.post(
    '/api/engagements/:id/sessions/now',
    {
      schema: {
        tags,
        summary: 'Hold an unscheduled session now: one session from this minute, started at once',
        params: idParams,
        body: holdNowBody,
        response: { 201: sessionSchema.loose(), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.schedule', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const me = await app.db.selectFrom('users').select('time_zone').where('id', '=', a.userId).executeTakeFirst();
      const s = await holdNow(app.db, a.engagement, a.userId, {
        durationMinutes: request.body.durationMinutes,
        timeZone: request.body.timeZone ?? me?.time_zone ?? 'UTC',
      });
      return reply.status(201).send(await presentSessionDetail(app.db, s, a.membership));
    },
  );

  app.put(
    '/api/sessions/:id/focus',
    {
      schema: {
        tags,
        summary: 'Bring a card into focus at the room’s stage (the coach leads; coachees follow by default)',
        params: idParams,
        body: focusBody,
        response: { 200: okSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.lead', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await setFocus(app.db, request.params.id, a.userId, request.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/sessions/:id/send-back',
    {
      schema: {
        tags,
        summary: 'Send a card back from Verify to In Progress with what is still missing (shown on the card and in the recap)',
        params: idParams,
        body: sendBackBody,
        response: { 200: cardSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      return sendBack(app.db, request.params.id, actorOf(a), request.body);
    },
  );

  app.post(
    '/api/sessions/:id/pull',
    {
      schema: {
        tags,
        summary: 'Pull a card into In Progress in one step: fill what it lacks, move it within the WIP limit, commit to it',
        params: idParams,
        body: pullBody,
        response: { 200: cardSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      return pullInSession(app.db, request.params.id, actorOf(a), request.body);
    },
  );

  app.put(
    '/api/sessions/:id/agreement',
    {
      schema: {
        tags,
        summary: '“We agree”: agree to the session’s commitments (or take it back), at the Commitments stage',
        params: idParams,
        body: agreeBody,
        response: { 200: okSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.run', resource: 'session' } },
    },
    async (request) => {
      const a = accessOf(request);
      await agree(app.db, request.params.id, a.userId, request.body.agreed);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/sessions/:id/addenda',
    {
      schema: {
        tags,
        summary: 'Add to the notes of a closed session: an addendum, dated and signed, shown as such in the recap',
        params: idParams,
        body: addendumBody,
        response: { 201: z.object({ id: z.string() }), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'session.notes.shared', resource: 'session' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      return reply.status(201).send({ id: await addAddendum(app.db, request.params.id, a.userId, request.body.body) });
    },
  );
}
