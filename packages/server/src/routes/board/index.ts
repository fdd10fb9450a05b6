import {
  AppError,
  boardSchema,
  cardSchema,
  columnSchema,
  commentBody,
  createCardBody,
  createColumnBody,
  errorBodySchema,
  idSchema,
  moveCardBody,
  okSchema,
  olderCardsPageSchema,
  olderCardsQuery,
  updateCardBody,
  updateColumnBody,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cardHistory, childProgress, commentCount, findCard, findColumn, insertComment, listArchivedCards, listComments } from '../../db/queries/board.js';
import { sendEncoded, varyOnEncoding } from '../../lib/encoded-body.js';
import { newId, nowIso } from '../../lib/ids.js';
import { accessOf, type EngagementAccess, registerResource } from '../../plugins/access.js';
import { emptyAnswer } from '../../plugins/api-document.js';
import { requireUser } from '../../plugins/auth.js';
import { BoardBodyCache } from '../../services/board/board-cache.js';
import { createCard } from '../../services/board/create-card.js';
import { loadBoard, loadOlderCards } from '../../services/board/load-board.js';
import { createColumn, deleteColumn, updateColumn } from '../../services/board/manage-columns.js';
import { moveCard } from '../../services/board/move-card.js';
import { presentCard } from '../../services/board/present-card.js';
import { updateCard } from '../../services/board/update-card.js';
import { recordEvent, writeTransaction } from '../../services/events/record-event.js';

registerResource('card', async (db, id) => (await findCard(db, id))?.engagement_id);
registerResource('column', async (db, id) => (await findColumn(db, id))?.engagement_id);

const tags = ['board'];
const idParams = z.object({ id: idSchema });
const errors = { 409: errorBodySchema };
const commentSchema = z
  .object({ id: z.string(), body: z.string(), createdAt: z.string(), author: z.object({ id: z.string(), name: z.string() }) })
  .meta({ id: 'Comment' });
const actorOf = (a: EngagementAccess) => ({ engagementId: a.engagement.id, membership: a.membership, settings: a.settings });

/** The shared board: columns, cards, moves under the WIP and readiness rules, comments and history. */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  const boardBodies = new BoardBodyCache();

  app.get(
    '/api/engagements/:id/board',
    {
      schema: {
        tags,
        summary: 'The whole board in one request (ETag from the last event id; send If-None-Match for 304)',
        params: idParams,
        response: { 200: boardSchema, 304: emptyAnswer('Not modified: the board you have (its ETag in If-None-Match) is current') },
      },
      config: { access: { kind: 'engagement', action: 'board.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const lastEventId = await app.bus.latestId(a.engagement.id);
      const etag = `W/"board-${a.engagement.id}-${lastEventId}"`;
      varyOnEncoding(reply.header('etag', etag).header('cache-control', 'private, no-cache'));
      // No payload at all: a serialized `null` would announce a 4-byte body the 304 never carries.
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(undefined as never);
      const body = await boardBodies.get(a.engagement.id, lastEventId, () => loadBoard(app.db, a.engagement.id, lastEventId));
      return sendEncoded(request, reply.type('application/json; charset=utf-8'), body);
    },
  );

  app.get(
    '/api/engagements/:id/cards/archived',
    {
      schema: { tags, summary: 'Archived cards, newest first', params: idParams, response: { 200: z.object({ cards: z.array(cardSchema) }) } },
      config: { access: { kind: 'engagement', action: 'board.read', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      return { cards: (await listArchivedCards(app.db, a.engagement.id)).map((c) => presentCard(c)) };
    },
  );

  app.get(
    '/api/columns/:id/cards',
    {
      schema: {
        tags,
        summary: 'A page of a column’s older cards, the ones that entered it last first (the board carries only a done column’s recent cards)',
        params: idParams,
        querystring: olderCardsQuery,
        response: { 200: olderCardsPageSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'board.read', resource: 'column' } },
    },
    async (request) => loadOlderCards(app.db, request.params.id, request.query.before, request.query.limit),
  );

  app.post(
    '/api/engagements/:id/columns',
    {
      schema: { tags, summary: 'Add a column', params: idParams, body: createColumnBody, response: { 201: columnSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'column.manage', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const column = await createColumn(app.db, a.engagement.id, a.userId, request.body);
      return reply.status(201).send(column);
    },
  );

  app.patch(
    '/api/columns/:id',
    {
      schema: {
        tags,
        summary: 'Rename, change kind, WIP limit or policy, or reorder a column',
        params: idParams,
        body: updateColumnBody,
        response: { 200: columnSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'column.manage', resource: 'column' } },
    },
    async (request) => {
      const a = accessOf(request);
      const { column } = await updateColumn(app.db, a.engagement.id, request.params.id, a.userId, request.body);
      return column;
    },
  );

  app.delete(
    '/api/columns/:id',
    {
      schema: { tags, summary: 'Remove an empty column', params: idParams, response: { 200: okSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'column.manage', resource: 'column' } },
    },
    async (request) => {
      const a = accessOf(request);
      await deleteColumn(app.db, a.engagement.id, request.params.id, a.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/engagements/:id/cards',
    {
      schema: {
        tags,
        summary: 'Create a card (WIP limit and readiness apply to its column)',
        params: idParams,
        body: createCardBody,
        response: { 201: cardSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'card.create', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const card = await createCard(app.db, a.engagement.id, actorOf(a), request.body);
      return reply.status(201).send(card);
    },
  );

  app.get(
    '/api/cards/:id',
    {
      schema: { tags, summary: 'One card', params: idParams, response: { 200: cardSchema } },
      config: { access: { kind: 'engagement', action: 'board.read', resource: 'card' } },
    },
    async (request) => {
      const card = await findCard(app.db, request.params.id);
      if (!card) throw new AppError('not_found', 'That card was not found.');
      const children = card.type === 'goal' ? (await childProgress(app.db, card.engagement_id, [card.id])).get(card.id) : undefined;
      return presentCard(card, { commentCount: await commentCount(app.db, card.id), children });
    },
  );

  app.patch(
    '/api/cards/:id',
    {
      schema: {
        tags,
        summary: 'Edit a card; send the version you saw (409 with the current card if it changed)',
        params: idParams,
        body: updateCardBody,
        response: { 200: cardSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'card.update', resource: 'card' } },
    },
    async (request) => {
      const { card } = await updateCard(app.db, request.params.id, actorOf(accessOf(request)), request.body);
      return card;
    },
  );

  app.post(
    '/api/cards/:id/move',
    {
      schema: {
        tags,
        summary:
          'Move a card to a column and position; refused past the WIP limit unless overrideReason is given, and into a doing column unless the card is ready',
        params: idParams,
        body: moveCardBody,
        response: { 200: cardSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'card.move', resource: 'card' } },
    },
    async (request) => {
      const { card } = await moveCard(app.db, request.params.id, actorOf(accessOf(request)), request.body);
      return card;
    },
  );

  app.get(
    '/api/cards/:id/history',
    {
      schema: {
        tags,
        summary: 'Every change of a card, with who and when',
        params: idParams,
        response: {
          200: z.object({
            history: z.array(
              z.object({
                id: z.number(),
                type: z.string(),
                at: z.string(),
                actor: z.object({ id: z.string().nullable(), name: z.string() }),
                payload: z.unknown(),
              }),
            ),
          }),
          ...errors,
        },
      },
      config: { access: { kind: 'engagement', action: 'card.history', resource: 'card' } },
    },
    async (request) => {
      const rows = await cardHistory(app.db, request.params.id);
      return {
        history: rows.map((r) => ({
          id: Number(r.id),
          type: r.type,
          at: r.created_at,
          actor: { id: r.actor_id, name: r.actor_name ?? 'Someone' },
          payload: JSON.parse(r.payload),
        })),
      };
    },
  );

  app.get(
    '/api/cards/:id/comments',
    {
      schema: { tags, summary: 'Comments on a card', params: idParams, response: { 200: z.object({ comments: z.array(commentSchema) }) } },
      config: { access: { kind: 'engagement', action: 'board.read', resource: 'card' } },
    },
    async (request) => {
      const rows = await listComments(app.db, request.params.id);
      return { comments: rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at, author: { id: r.author_id, name: r.author_name } })) };
    },
  );

  app.post(
    '/api/cards/:id/comments',
    {
      schema: { tags, summary: 'Comment on a card (Markdown)', params: idParams, body: commentBody, response: { 201: commentSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'card.comment', resource: 'card' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const me = requireUser(request);
      const comment = await writeTransaction(app.db, a.engagement.id, async (trx) => {
        const row = {
          id: newId(),
          card_id: request.params.id,
          engagement_id: a.engagement.id,
          author_id: a.userId,
          body: request.body.body,
          created_at: nowIso(),
        };
        await insertComment(trx, row);
        const presented = { id: row.id, body: row.body, createdAt: row.created_at, author: { id: me.id, name: me.name } };
        await recordEvent(trx, {
          engagementId: a.engagement.id,
          type: 'card.commented',
          actorId: a.userId,
          entityId: row.card_id,
          payload: { cardId: row.card_id, comment: presented },
        });
        return presented;
      });
      return reply.status(201).send(comment);
    },
  );
};
