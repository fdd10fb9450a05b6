import { AppError, verifyHashBody, verifyResultSchema } from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findContract } from '../../db/queries/contracts.js';
import { fileAnswer } from '../../plugins/api-document.js';
import { printContractPdf, verifyContract } from '../../services/contracts/issue-contract-pdf.js';
import { contractAccess, errors, idParams, tags } from './shared.js';

const MAX_PDF_BYTES = 20 * 1024 * 1024;

/** A signed contract as a PDF with its certificate, and verification of a PDF or a hash. */
export const contractDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  // Verification accepts the PDF itself as the request body.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES }, (_req, body, done) => done(null, body));

  app.get(
    '/api/contracts/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The signed contract as a PDF with its signature certificate',
        params: idParams,
        response: { 200: fileAnswer('The PDF, with X-Content-SHA256 and X-PDF-SHA256 headers', 'application/pdf'), ...errors },
      },
      config: contractAccess('contract.read'),
    },
    async (request, reply) => {
      const row = await findContract(app.db, request.params.id);
      if (!row) throw new AppError('not_found', 'That contract was not found.');
      const { pdf, sha256, filename } = await printContractPdf(app.db, row, app.config.publicUrl);
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
        bodyContent: { 'application/json': verifyHashBody, 'application/pdf': null },
        response: { 200: verifyResultSchema },
      },
      config: { access: { kind: 'public' }, rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => {
      if (Buffer.isBuffer(request.body)) {
        if (request.body.length === 0) throw new AppError('validation_failed', 'The uploaded file is empty. Choose the PDF again.');
        return verifyContract(app.db, { pdf: request.body }, app.config.publicUrl);
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
      return verifyContract(app.db, { sha256: parsed.data.sha256 }, app.config.publicUrl);
    },
  );
};
