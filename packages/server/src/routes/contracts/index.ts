import {
  AppError,
  contractAuditEntrySchema,
  contractSchema,
  contractSummarySchema,
  createContractBody,
  okSchema,
  reasonBody,
  renewContractBody,
  signContractBody,
  updateContractBody,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findContract, listContracts } from '../../db/queries/contracts.js';
import type { ContractsTable } from '../../db/schema.js';
import { accessOf, type EngagementAccess, registerResource } from '../../plugins/access.js';
import { declineContract } from '../../services/contracts/decline-contract.js';
import { createContract, updateContract } from '../../services/contracts/edit-contract.js';
import { renewContract, startNewVersion } from '../../services/contracts/new-version.js';
import { presentAudit, presentContract, presentContractList, recordView } from '../../services/contracts/present-contract.js';
import { putContractOnBoard } from '../../services/contracts/put-contract-on-board.js';
import { sendContract } from '../../services/contracts/send-contract.js';
import { signContract } from '../../services/contracts/sign-contract.js';
import { withdrawContract } from '../../services/contracts/withdraw-contract.js';
import { contractDocumentRoutes } from './documents.js';
import { contractAccess, engagementAccess, errors, idParams, originOf, tags } from './shared.js';
import { visionRoutes } from './vision.js';

registerResource('contract', async (db, id) => (await findContract(db, id))?.engagement_id);

/** Contracts: drafts, sending, signatures, versions and renewals, deliverables onto the board; with the vision and PDF routes. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(visionRoutes);
  await app.register(contractDocumentRoutes);

  const show = async (row: ContractsTable, a: EngagementAccess) => presentContract(app.db, row, a.membership);
  /** After a change: tell the engagement's live clients, then answer with the contract as this member sees it. */
  const changed = async (row: ContractsTable, a: EngagementAccess) => {
    return show(row, a);
  };
  const fresh = async (id: string) => {
    const row = await findContract(app.db, id);
    if (!row) throw new AppError('not_found', 'That contract was not found.');
    return row;
  };

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
      return reply.status(201).send(await changed(row, a));
    },
  );

  app.get(
    '/api/engagements/:id/contracts',
    {
      schema: {
        tags,
        summary: 'Every contract of the engagement, newest first',
        params: idParams,
        response: { 200: z.object({ contracts: z.array(contractSummarySchema) }) },
      },
      config: engagementAccess('contract.read'),
    },
    async (request) => {
      const a = accessOf(request);
      return { contracts: await presentContractList(app.db, await listContracts(app.db, a.engagement.id)) };
    },
  );

  app.get(
    '/api/contracts/:id',
    {
      schema: {
        tags,
        summary: 'One contract: content, status, signatures and what changed since the previous version',
        params: idParams,
        response: { 200: contractSchema },
      },
      config: contractAccess('contract.read'),
    },
    async (request) => {
      return show(await fresh(request.params.id), accessOf(request));
    },
  );

  app.post(
    '/api/contracts/:id/viewed',
    {
      schema: {
        tags,
        summary: 'Note that you opened a contract awaiting signatures (the audit trail’s “viewed”, once per member); the web app calls it',
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: contractAccess('contract.read'),
    },
    async (request) => {
      const a = accessOf(request);
      await recordView(app.db, await fresh(request.params.id), a.userId, originOf(request));
      return { ok: true as const };
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
      return changed(row, a);
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
      return changed(row, a);
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
      return changed(await fresh(request.params.id), a);
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
      return changed(row, a);
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
      return changed(row, a);
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
      return reply.status(201).send(await changed(row, a));
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
      return reply.status(201).send(await changed(row, a));
    },
  );

  app.get(
    '/api/contracts/:id/audit',
    {
      schema: {
        tags,
        summary: 'The audit trail: created, sent, viewed, signed, declined, withdrawn…',
        params: idParams,
        response: { 200: z.object({ entries: z.array(contractAuditEntrySchema) }) },
      },
      config: contractAccess('contract.read'),
    },
    async (request) => ({ entries: await presentAudit(app.db, request.params.id, accessOf(request).membership) }),
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
            cards: z.array(
              z.object({
                id: z.string(),
                type: z.string(),
                title: z.string(),
                parentId: z.string().nullable(),
                contractId: z.string().nullable(),
                deliverableId: z.string().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
      config: contractAccess('contract.manage'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const result = await putContractOnBoard(app.db, request.params.id, { membership: a.membership, settings: a.settings }, originOf(request));
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
