import {
  engagementExportSchema,
  errorBodySchema,
  idSchema,
  metricsQuery,
  metricsSchema,
  portfolioSchema,
  shareGoalBody,
  sponsorReportSchema,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { coacheeNames } from '../../db/queries/engagements.js';
import { findUserById } from '../../db/queries/users.js';
import type { EngagementsTable } from '../../db/schema.js';
import { sendEncoded } from '../../lib/encoded-body.js';
import { accessOf } from '../../plugins/access.js';
import { fileAnswer } from '../../plugins/api-document.js';
import { requireUser } from '../../plugins/auth.js';
import { buildPortfolio } from '../../services/metrics/build-portfolio.js';
import { cardsCsv, checkInsCsv, engagementJson } from '../../services/metrics/export-engagement.js';
import { createResultsCache, loadEngagementResults, type ResultsSource } from '../../services/metrics/load-metrics.js';
import { metricsBody } from '../../services/metrics/present-metrics.js';
import { renderSponsorReportPdf } from '../../services/metrics/render-sponsor-report-pdf.js';
import { shareGoal } from '../../services/metrics/share-goal.js';
import { buildSponsorReport } from '../../services/metrics/sponsor-report.js';

const tags = ['results'];
const idParams = z.object({ id: idSchema });
const errors = { 409: errorBodySchema };

/** A file name made of the engagement's title, safe in a header. */
const fileSlug = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'engagement';

/** Measurable results: metrics, goal sharing, the coach's portfolio, the sponsor report and exports. */
export const resultRoutes: FastifyPluginAsyncZod = async (app) => {
  // Results are computed once per engagement version and day, and shared by every view of them.
  const source: ResultsSource = { db: app.db, engine: app.database.engine, cache: createResultsCache() };
  const reportNames = async (e: EngagementsTable) => {
    const coach = await findUserById(app.db, e.coach_id);
    const coachees = (await coacheeNames(app.db, [e.id])).get(e.id) ?? [];
    return { coachName: coach?.name ?? 'Coach', clientName: e.organization_name ?? (coachees.join(', ') || e.title) };
  };

  app.get(
    '/api/engagements/:id/metrics',
    {
      schema: {
        tags,
        summary: 'Flow metrics, goal progress, commitment reliability, the contract journey and wins, from the activity log',
        params: idParams,
        querystring: metricsQuery,
        response: { 200: metricsSchema },
      },
      config: { access: { kind: 'engagement', action: 'metrics.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const results = await loadEngagementResults(source, a.engagement, { asOf: request.query.asOf });
      return sendEncoded(request, reply.type('application/json; charset=utf-8'), metricsBody(a.engagement.id, results, a.membership.role));
    },
  );

  app.put(
    '/api/cards/:id/sharing',
    {
      schema: {
        tags,
        summary: 'Share a goal card with the sponsor, or stop sharing it',
        params: idParams,
        body: shareGoalBody,
        response: { 200: z.object({ cardId: z.string(), shared: z.boolean() }), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'goal.share', resource: 'card' } },
    },
    async (request) => {
      const a = accessOf(request);
      const { shared } = await shareGoal(app.db, a.engagement.id, request.params.id, a.userId, request.body.shared);
      return { cardId: request.params.id, shared };
    },
  );

  app.get(
    '/api/portfolio',
    {
      schema: {
        tags,
        summary: 'Every engagement you coach with its health, the one that needs attention first',
        response: { 200: portfolioSchema },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      return { engagements: await buildPortfolio(source, me.id) };
    },
  );

  const report = async (e: EngagementsTable, asOf?: string) => buildSponsorReport(source, e, await reportNames(e), { asOf });

  app.get(
    '/api/engagements/:id/sponsor-report',
    {
      schema: {
        tags,
        summary: 'The sponsor report: journey, shared goals and their progress, sessions held, commitment reliability (the PDF is at sponsor-report.pdf)',
        params: idParams,
        querystring: metricsQuery,
        response: { 200: sponsorReportSchema },
      },
      config: { access: { kind: 'engagement', action: 'sponsorReport.read', resource: 'engagement' } },
    },
    async (request) => report(accessOf(request).engagement, request.query.asOf),
  );

  app.get(
    '/api/engagements/:id/sponsor-report.pdf',
    {
      schema: {
        tags,
        summary: 'The sponsor report as a PDF',
        params: idParams,
        querystring: metricsQuery,
        response: { 200: fileAnswer('The PDF', 'application/pdf') },
      },
      config: { access: { kind: 'engagement', action: 'sponsorReport.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const r = await report(a.engagement, request.query.asOf);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="sponsor-report-${fileSlug(a.engagement.title)}-${r.asOf}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(await renderSponsorReportPdf(r));
    },
  );

  app.get(
    '/api/engagements/:id/export.csv',
    {
      schema: {
        tags,
        summary: 'Cards with their column history, one row per stay in a column (CSV)',
        params: idParams,
        response: { 200: fileAnswer('CSV with a header row', 'text/csv') },
      },
      config: { access: { kind: 'engagement', action: 'export.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileSlug(a.engagement.title)}-cards.csv"`)
        .header('cache-control', 'private, no-store')
        .send(await cardsCsv(source, a.engagement));
    },
  );

  app.get(
    '/api/engagements/:id/check-ins.csv',
    {
      schema: {
        tags,
        summary: 'Each goal’s measure with every value recorded for it, corrections and the values they replaced too (CSV)',
        params: idParams,
        produces: ['text/csv'],
        response: { 200: z.any().describe('CSV with a header row'), ...errors },
      },
      config: { access: { kind: 'engagement', action: 'export.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileSlug(a.engagement.title)}-check-ins.csv"`)
        .header('cache-control', 'private, no-store')
        .send(await checkInsCsv(source, a.engagement));
    },
  );

  app.get(
    '/api/engagements/:id/export.json',
    {
      schema: {
        tags,
        summary: 'The whole engagement as JSON (data portability): people, board, cards, contracts, sessions, measures and check-ins, activity and metrics',
        params: idParams,
        response: { 200: { description: 'The engagement document, as an attachment', content: { 'application/json': { schema: engagementExportSchema } } } },
      },
      config: { access: { kind: 'engagement', action: 'export.read', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const body = await engagementJson(source, a.engagement, { userId: a.userId, role: a.membership.role });
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileSlug(a.engagement.title)}-export.json"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );
};
