import { putVisionBody, visionCommentBody, visionSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessOf } from '../../plugins/access.js';
import { commentOnVision, presentVision, putVision } from '../../services/contracts/write-vision.js';
import { engagementAccess, errors, idParams, tags } from './shared.js';

/** The vision document and quote: the coach writes it, the client reads and comments. */
export const visionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/engagements/:id/vision',
    {
      schema: { tags, summary: 'The vision document and quote, with comments', params: idParams, response: { 200: visionSchema } },
      config: engagementAccess('vision.read'),
    },
    async (request) => presentVision(app.db, accessOf(request).engagement.id),
  );

  app.put(
    '/api/engagements/:id/vision',
    {
      schema: {
        tags,
        summary: 'Write the vision document: current situation, desired future, goals and the quote',
        params: idParams,
        body: putVisionBody,
        response: { 200: visionSchema, ...errors },
      },
      config: engagementAccess('vision.write'),
    },
    async (request) => {
      const a = accessOf(request);
      await putVision(app.db, a.engagement.id, a.userId, request.body);
      return presentVision(app.db, a.engagement.id);
    },
  );

  app.post(
    '/api/engagements/:id/vision/comments',
    {
      schema: { tags, summary: 'Comment on the vision document', params: idParams, body: visionCommentBody, response: { 201: visionSchema, ...errors } },
      config: engagementAccess('vision.comment'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      await commentOnVision(app.db, a.engagement.id, a.userId, request.body.body);
      return reply.status(201).send(await presentVision(app.db, a.engagement.id));
    },
  );
};
