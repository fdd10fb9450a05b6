import {
  checkInBody,
  checkInHistorySchema,
  checkInSchema,
  correctionBody,
  dateOfDay,
  dayInZone,
  errorBodySchema,
  idSchema,
  measuresSchema,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCheckIn } from '../../db/queries/check-ins.js';
import { coachTimeZone } from '../../db/queries/metrics.js';
import { findUserById } from '../../db/queries/users.js';
import { accessOf, registerResource } from '../../plugins/access.js';
import { correctCheckIn } from '../../services/measures/correct-check-in.js';
import { buildGoalMeasures, readMeasureSources } from '../../services/measures/goal-measures.js';
import { checkInHistory, presentCheckIn } from '../../services/measures/present-check-ins.js';
import { recordCheckIn } from '../../services/measures/record-check-in.js';

registerResource('checkin', async (db, id) => (await findCheckIn(db, id))?.engagement_id);

const tags = ['measures'];
const idParams = z.object({ id: idSchema });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Goal measures and their check-ins: recording a value, correcting one, the history and where each measure stands. */
export const measureRoutes: FastifyPluginAsyncZod = async (app) => {
  const withName = async <T extends { recorded_by: string | null }>(row: T) => ({
    ...row,
    recorded_by_name: row.recorded_by ? ((await findUserById(app.db, row.recorded_by))?.name ?? '') : null,
  });

  app.post(
    '/api/cards/:id/check-ins',
    {
      schema: {
        tags,
        summary: 'Record a value of the goal’s measure (today unless `on` says which day), with an optional note',
        params: idParams,
        body: checkInBody,
        response: { 201: checkInSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'checkin.record', resource: 'card' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await recordCheckIn(app.db, a.engagement.id, request.params.id, a.userId, request.body);
      return reply.code(201).send(presentCheckIn(await withName(row), null));
    },
  );

  app.post(
    '/api/check-ins/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct a recorded value: a new check-in replaces it, and the old one stays in the history',
        params: idParams,
        body: correctionBody,
        response: { 201: checkInSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'checkin.record', resource: 'checkin' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await correctCheckIn(app.db, a.engagement.id, request.params.id, a.userId, request.body);
      return reply.code(201).send(presentCheckIn(await withName(row), null));
    },
  );

  app.get(
    '/api/cards/:id/check-ins',
    {
      schema: {
        tags,
        summary: 'Every value recorded for the goal’s measure, latest first, corrected ones too',
        params: idParams,
        response: { 200: checkInHistorySchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'checkin.read', resource: 'card' } },
    },
    async (request) => checkInHistory(app.db, accessOf(request).engagement, request.params.id),
  );

  app.get(
    '/api/engagements/:id/measures',
    {
      schema: {
        tags,
        summary: 'Each goal with a measure: its values, how far it has come, its trend and whether a check-in is due',
        params: idParams,
        response: { 200: measuresSchema.extend({ notOnBoard: z.array(z.object({ goalId: z.string(), what: z.string() })) }), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'checkin.read', resource: 'engagement' } },
    },
    async (request) => {
      const e = accessOf(request).engagement;
      const zone = await coachTimeZone(app.db, e.coach_id);
      const { goals, notOnBoard } = buildGoalMeasures(await readMeasureSources(app.db, e.id, zone), dateOfDay(dayInZone(zone)(Date.now())));
      return { goals, notOnBoard: notOnBoard.map((g) => ({ goalId: g.goalId, what: g.what })) };
    },
  );
};
