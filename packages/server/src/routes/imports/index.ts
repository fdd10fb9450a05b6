import { csvImportBody, errorBodySchema, idSchema, importReportSchema, planFromTrello, trelloImportBody } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessOf } from '../../plugins/access.js';
import { requireUser } from '../../plugins/auth.js';
import { applyImport } from '../../services/imports/apply-import.js';
import { planFromCsv } from '../../services/imports/csv-plan.js';

const tags = ['import'];
const idParams = z.object({ id: idSchema });
// A Trello export of a busy board runs to several megabytes and hundreds of thousands of JSON items.
const bodyLimit = 20 * 1024 * 1024;
const importAccess = { access: { kind: 'engagement' as const, action: 'board.import' as const, resource: 'engagement' }, maxJsonItems: 2_000_000 };

/**
 * Imports onto an engagement's board: a Trello board's JSON export, or a CSV of cards. Each has a
 * preview (what would be made, matched and skipped; nothing changes) and the import itself (the same,
 * in one transaction). Importing the same source again adds only what is new.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const preview of [true, false]) {
    const suffix = preview ? '/preview' : '';
    app.post(
      `/api/engagements/:id/import/trello${suffix}`,
      {
        bodyLimit,
        schema: {
          tags,
          summary: preview
            ? 'Preview importing a Trello board: lists mapped to columns, members matched by email, what would be skipped'
            : 'Import a Trello board: cards with descriptions, due dates, labels, checklists, members, comments and archived cards',
          params: idParams,
          body: trelloImportBody,
          response: { [preview ? 200 : 201]: importReportSchema, 409: errorBodySchema },
        },
        config: importAccess,
      },
      async (request, reply) => {
        const a = accessOf(request);
        const plan = planFromTrello(request.body.board, request.body.memberEmails);
        const report = await applyImport(
          app.db,
          { engagementId: a.engagement.id, membership: a.membership, name: requireUser(request).name },
          plan,
          `trello:${request.body.board.id}`,
          {
            preview,
            mapping: request.body.mapping,
          },
        );
        return reply.status(preview ? 200 : 201).send(report);
      },
    );
    app.post(
      `/api/engagements/:id/import/csv${suffix}`,
      {
        bodyLimit,
        schema: {
          tags,
          summary: preview ? 'Preview importing cards from a CSV file' : 'Import cards from a CSV file',
          params: idParams,
          body: csvImportBody,
          response: { [preview ? 200 : 201]: importReportSchema, 409: errorBodySchema },
        },
        config: importAccess,
      },
      async (request, reply) => {
        const a = accessOf(request);
        const plan = planFromCsv(request.body.csv, request.body.name || 'cards.csv');
        const report = await applyImport(app.db, { engagementId: a.engagement.id, membership: a.membership, name: requireUser(request).name }, plan, 'csv', {
          preview,
          mapping: request.body.mapping,
        });
        return reply.status(preview ? 200 : 201).send(report);
      },
    );
  }
};
