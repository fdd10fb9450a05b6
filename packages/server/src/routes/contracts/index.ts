import {
  AppError,
  contractAuditEntrySchema,
  contractSchema,
  contractSummarySchema,
  createContractBody,
  errorBodySchema,
  idSchema,
  putVisionBody,
  reasonBody,
  renewContractBody,
  signContractBody,
  updateContractBody,
  verifyHashBody,
  verifyResultSchema,
  visionCommentBody,
  visionSchema,
} from '@carriage/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findContract, listContracts } from '../../db/queries/contracts.js';
import type { ContractsTable } from '../../db/schema.js';
import { accessOf, type EngagementAccess, registerResource } from '../../plugins/access.js';
import type { RequestOrigin } from '../../services/contracts/contract-record.js';
import { declineContract } from '../../services/contracts/decline-contract.js';
import { createContract, updateContract } from '../../services/contracts/edit-contract.js';
import { followCalendar } from '../../services/contracts/follow-calendar.js';
import { issueContractPdf, verifyContract } from '../../services/contracts/issue-contract-pdf.js';
import { renewContract, startNewVersion } from '../../services/contracts/new-version.js';
import { presentAudit, presentContract, presentContractList, recordView } from '../../services/contracts/present-contract.js';
import { putContractOnBoard } from '../../services/contracts/put-contract-on-board.js';
import { sendContract } from '../../services/contracts/send-contract.js';
import { signContract } from '../../services/contracts/sign-contract.js';
import { withdrawContract } from '../../services/contracts/withdraw-contract.js';
import { commentOnVision, presentVision, putVision } from '../../services/contracts/write-vision.js';

registerResource('contract', async (db, id) => (await findContract(db, id))?.engagement_id);

const tags = ['contracts'];
const idParams = z.object({ id: idSchema });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip ?? null,
  userAgent: (request.headers['user-agent'] ?? '').slice(0, 500) || null,
});
const contractAccess = (action: 'contract.read' | 'contract.manage' | 'contract.sign') => ({
  access: { kind: 'engagement' as const, action, resource: 'contract' },
});
const engagementAccess = (action: 'vision.read' | 'vision.write' | 'vision.comment' | 'contract.read' | 'contract.manage') => ({
  access: { kind: 'engagement' as const, action, resource: 'engagement' },
});
const MAX_PDF_BYTES = 20 * 1024 * 1024;

/** Vision documents, contracts and their signatures, PDFs and verification, and deliverables onto the board. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  // Verification accepts the PDF itself as the request body.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_req, body, done) => done(null, body));

  const show = async (row: ContractsTable, a: EngagementAccess) => presentContract(app.db, row, a.membership);
  const fresh = async (id: string) => {
    const row = await findContract(app.db, id);
    if (!row) throw new AppError('not_found', 'That contract was not found.');
    return row;
  };

  app.get(
    '/api/engagements/:id/vision',
    {
      schema: { tags, summary: 'The vision document and quote, with comments', params: idParams, response: { 200: visionSchema, ...errors } },
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
      app.bus.notify(a.engagement.id);
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
      app.bus.notify(a.engagement.id);
      return reply.status(201).send(await presentVision(app.db, a.engagement.id));
    },
  );

  app.post(
    '/api/engagements/:id/contracts',
    {
      schema: {
        tags,
        summary: 'Draft a contract from a template, or from the vision document in one step ({fromVision: true})',
        params: idParams,
        body: createContractBody,
        response: { 201: contractSchema, ...errors },
      },
      config: engagementAccess('contract.manage'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await createContract(app.db, a.engagement.id, a.userId, request.body, originOf(request));
      app.bus.notify(a.engagement.id);
      return reply.status(201).send(await show(row, a));
    },
  );

  app.get(
    '/api/engagements/:id/contracts',
    {
      schema: {
        tags,
        summary: 'Every contract of the engagement, newest first',
        params: idParams,
        response: { 200: z.object({ contracts: z.array(contractSummarySchema) }), ...errors },
      },
      config: engagementAccess('contract.read'),
    },
    async (request) => {
      const a = accessOf(request);
      let rows = await listContracts(app.db, a.engagement.id);
      if (await followCalendar(app.db, rows)) {
        app.bus.notify(a.engagement.id);
        rows = await listContracts(app.db, a.engagement.id);
      }
      return { contracts: await presentContractList(app.db, rows) };
    },
  );

  app.get(
    '/api/contracts/:id',
    {
      schema: {
        tags,
        summary: 'One contract: content, status, signatures and what changed since the previous version',
        params: idParams,
        response: { 200: contractSchema, ...errors },
      },
      config: contractAccess('contract.read'),
    },
    async (request) => {
      const a = accessOf(request);
      let row = await fresh(request.params.id);
      if (await followCalendar(app.db, [row])) {
        app.bus.notify(a.engagement.id);
        row = await fresh(row.id);
      }
      await recordView(app.db, row, a.userId, originOf(request));
      return show(row, a);
    },
  );

  app.patch(
    '/api/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft (a sent or signed contract answers 409 contract_locked)',
        params: idParams,
        body: updateContractBody,
        response: { 200: contractSchema, ...errors },
      },
      config: contractAccess('contract.manage'),
    },
    async (request) => {
      const a = accessOf(request);
      const row = await updateContract(app.db, request.params.id, a.userId, request.body, originOf(request));
      app.bus.notify(a.engagement.id);
      return show(row, a);
    },
  );

  app.post(
    '/api/contracts/:id/send',
    {
      schema: { tags, summary: 'Send a complete draft to its signers', params: idParams, response: { 200: contractSchema, ...errors } },
      config: contractAccess('contract.manage'),
    },
    async (request) => {
      const a = accessOf(request);
      const row = await sendContract(app.db, request.params.id, a.userId, originOf(request));
      app.bus.notify(a.engagement.id);
      return show(row, a);
    },
  );

  app.post(
    '/api/contracts/:id/sign',
    {
      schema: {
        tags,
        summary: 'Sign with your typed full name and explicit consent (signers only)',
        params: idParams,
        body: signContractBody,
        response: { 200: contractSchema, ...errors },
      },
      config: contractAccess('contract.sign'),
    },
    async (request) => {
      const a = accessOf(request);
      await signContract(app.db, request.params.id, a.membership, request.body, originOf(request));
      app.bus.notify(a.engagement.id);
      return show(await fresh(request.params.id), a);
    },
  );

  app.post(
    '/api/contracts/:id/decline',
    {
      schema: { tags, summary: 'Decline a contract awaiting your signature', params: idParams, body: reasonBody, response: { 200: contractSchema, ...errors } },
      config: contractAccess('contract.sign'),
    },
    async (request) => {
      const a = accessOf(request);
      const row = await declineContract(app.db, request.params.id, a.membership, request.body.reason, originOf(request));
      app.bus.notify(a.engagement.id);
      return show(row, a);
    },
  );

  app.post(
    '/api/contracts/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a draft or a contract awaiting signatures',
        params: idParams,
        body: reasonBody,
        response: { 200: contractSchema, ...errors },
      },
      config: contractAccess('contract.manage'),
    },
    async (request) => {
      const a = accessOf(request);
      const row = await withdrawContract(app.db, request.params.id, a.userId, request.body.reason, originOf(request));
      app.bus.notify(a.engagement.id);
      return show(row, a);
    },
  );

  app.post(
    '/api/contracts/:id/versions',
    {
      schema: {
        tags,
        summary: 'Start a new version: amend a signed contract, or revise a declined or withdrawn one (signed again)',
        params: idParams,
        response: { 201: contractSchema, ...errors },
      },
      config: contractAccess('contract.manage'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await startNewVersion(app.db, request.params.id, a.userId, originOf(request));
      app.bus.notify(a.engagement.id);
      return reply.status(201).send(await show(row, a));
    },
  );

  app.post(
    '/api/contracts/:id/renew',
    {
      schema: {
        tags,
        summary: 'Draft the next 30-, 60- or 90-day plan, carrying unfinished goals and deliverables forward',
        params: idParams,
        body: renewContractBody,
        response: { 201: contractSchema, ...errors },
      },
      config: contractAccess('contract.manage'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await renewContract(app.db, request.params.id, a.userId, request.body.days, originOf(request));
      app.bus.notify(a.engagement.id);
      return reply.status(201).send(await show(row, a));
    },
  );

  app.get(
    '/api/contracts/:id/audit',
    {
      schema: {
        tags,
        summary: 'The audit trail: created, sent, viewed, signed, declined, withdrawn…',
        params: idParams,
        response: { 200: z.object({ entries: z.array(contractAuditEntrySchema) }), ...errors },
      },
      config: contractAccess('contract.read'),
    },
    async (request) => ({ entries: await presentAudit(app.db, request.params.id) }),
  );

  app.get(
    '/api/contracts/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The signed contract as a PDF with its signature certificate',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('The PDF'), ...errors },
      },
      config: contractAccess('contract.read'),
    },
    async (request, reply) => {
      const row = await fresh(request.params.id);
      const { pdf, sha256, filename } = await issueContractPdf(app.db, row, app.config.publicUrl);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('x-content-sha256', row.content_sha256)
        .header('x-pdf-sha256', sha256)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/contracts/verify',
    {
      schema: {
        tags,
        summary: 'Check a PDF (send it as application/pdf) or a SHA-256 ({sha256}) against the contracts signed in Carriage',
        response: { 200: verifyResultSchema, 400: errorBodySchema, 413: errorBodySchema, 429: errorBodySchema },
      },
      config: { access: { kind: 'public' }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => {
      if (Buffer.isBuffer(request.body)) {
        if (request.body.length === 0) throw new AppError('validation_failed', 'The uploaded file is empty. Choose the PDF again.');
        return verifyContract(app.db, { pdf: request.body });
      }
      const body = request.body;
      if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
        throw new AppError('validation_failed', 'Send {"sha256": "…"} as JSON, or the PDF itself as application/pdf.');
      }
      const parsed = verifyHashBody.safeParse(body ?? {});
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'Give a SHA-256 hash or upload the PDF.';
        throw new AppError('validation_failed', message, { fields: { sha256: message } });
      }
      return verifyContract(app.db, { sha256: parsed.data.sha256 });
    },
  );

  app.post(
    '/api/contracts/:id/cards',
    {
      schema: {
        tags,
        summary: 'Put the goals and deliverables on the board: goal cards with their task cards, in the first To Do column',
        params: idParams,
        response: {
          201: z.object({
            created: z.number(),
            alreadyOnBoard: z.number(),
            columnId: z.string(),
            cards: z.array(z.object({ id: z.string(), type: z.string(), title: z.string(), parentId: z.string().nullable() })),
          }),
          ...errors,
        },
      },
      config: contractAccess('contract.manage'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const result = await putContractOnBoard(app.db, request.params.id, { membership: a.membership, settings: a.settings }, originOf(request));
      app.bus.notify(a.engagement.id);
      return reply.status(201).send({
        created: result.cards.length,
        alreadyOnBoard: result.alreadyOnBoard,
        columnId: result.columnId,
        cards: result.cards.map((c) => ({
          id: c.id,
          type: c.type,
          title: c.title,
          parentId: c.parentId,
          contractId: c.contractId,
          deliverableId: c.deliverableId,
        })),
      });
    },
  );
};
