import {
  AppError,
  billingDetailsSchema,
  createInvoiceBody,
  errorBodySchema,
  idSchema,
  invoiceLineBody,
  invoiceSchema,
  invoiceSummarySchema,
  paymentBody,
  updateInvoiceBody,
  updateInvoiceLineBody,
  voidInvoiceBody,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findContract } from '../../db/queries/contracts.js';
import { findInvoice, findLine, listEngagementInvoices } from '../../db/queries/invoices.js';
import type { InvoicesTable } from '../../db/schema.js';
import { accessOf, registerResource } from '../../plugins/access.js';
import { fileAnswer } from '../../plugins/api-document.js';
import { addInvoiceLine } from '../../services/invoices/add-invoice-line.js';
import { discardInvoice } from '../../services/invoices/discard-invoice.js';
import { draftInvoice } from '../../services/invoices/draft-invoice.js';
import { resendInvoice } from '../../services/invoices/email-invoice.js';
import { coachToday } from '../../services/invoices/invoice-record.js';
import { issueInvoice } from '../../services/invoices/issue-invoice.js';
import { presentInvoice, presentInvoiceSummary } from '../../services/invoices/present-invoice.js';
import { recordPayment } from '../../services/invoices/record-payment.js';
import { removeInvoiceLine } from '../../services/invoices/remove-invoice-line.js';
import { renderInvoicePdf } from '../../services/invoices/render-invoice-pdf.js';
import { billingDetailsOf, updateBillingDetails } from '../../services/invoices/update-billing-details.js';
import { updateInvoice } from '../../services/invoices/update-invoice.js';
import { updateInvoiceLine } from '../../services/invoices/update-invoice-line.js';
import { voidInvoice } from '../../services/invoices/void-invoice.js';
import { moneyRoutes } from './money.js';

registerResource('invoice', async (db, id) => (await findInvoice(db, id))?.engagement_id);
registerResource('invoice line', async (db, id) => (await findLine(db, id))?.engagement_id);

const tags = ['invoices'];
const idParams = z.object({ id: idSchema });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const on = (action: 'invoice.read' | 'invoice.manage', resource: 'invoice' | 'invoice line' | 'contract' | 'engagement') => ({
  access: { kind: 'engagement' as const, action, resource },
});

/**
 * Invoices: drafts generated from a signed contract, their lines, issuing (a gapless number per coach),
 * payments, voiding with a credit note, the PDF and its email; who a contract bills; the coach's money
 * view and business details. Only the coach and the billed party reach them (core's visibility rules).
 */
export const invoiceRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(moneyRoutes);

  const show = async (row: InvoicesTable) => presentInvoice(app.db, row, (await coachToday(app.db, row.coach_id)).today);
  const fresh = async (id: string) => {
    const row = await findInvoice(app.db, id);
    if (!row) throw new AppError('not_found', 'That invoice was not found.');
    return row;
  };
  const lineOrFail = async (id: string) => {
    const line = await findLine(app.db, id);
    if (!line) throw new AppError('not_found', 'That line was not found. Reload the invoice.');
    return line;
  };

  app.get(
    '/api/engagements/:id/invoices',
    {
      schema: {
        tags,
        summary: 'The engagement’s invoices and credit notes, newest first (the coach and the billed party)',
        params: idParams,
        response: { 200: z.object({ invoices: z.array(invoiceSummarySchema) }), ...errors },
      },
      config: on('invoice.read', 'engagement'),
    },
    async (request) => {
      const a = accessOf(request);
      const { today } = await coachToday(app.db, a.engagement.coach_id);
      const rows = await listEngagementInvoices(app.db, a.engagement.id);
      // The billed party sees what was sent to them, not the coach's drafts.
      const visible = a.membership.role === 'coach' ? rows : rows.filter((r) => r.status !== 'draft');
      return { invoices: visible.map((r) => presentInvoiceSummary(r, today)) };
    },
  );

  app.post(
    '/api/contracts/:id/invoices',
    {
      schema: {
        tags,
        summary: 'Draft the contract’s next invoice from what it has to bill ({blank: true} for an empty draft)',
        params: idParams,
        body: createInvoiceBody,
        response: { 201: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'contract'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await draftInvoice(app.db, request.params.id, a.userId, { blank: request.body.blank });
      return reply.status(201).send(await show(row));
    },
  );

  app.get(
    '/api/invoices/:id',
    {
      schema: { tags, summary: 'One invoice: lines, tax summary, payments and how to pay', params: idParams, response: { 200: invoiceSchema, ...errors } },
      config: on('invoice.read', 'invoice'),
    },
    async (request) => {
      const a = accessOf(request);
      const row = await fresh(request.params.id);
      if (row.status === 'draft' && a.membership.role !== 'coach') throw new AppError('not_found', 'That invoice was not found, or it is not issued yet.');
      return show(row);
    },
  );

  app.patch(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft’s days to pay, notes or reverse-charge note (an issued invoice answers 409 invoice_locked)',
        params: idParams,
        body: updateInvoiceBody,
        response: { 200: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request) => show(await updateInvoice(app.db, request.params.id, accessOf(request).userId, request.body)),
  );

  app.delete(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft (an issued invoice is voided instead)',
        params: idParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request) => {
      await discardInvoice(app.db, request.params.id, accessOf(request).userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/invoices/:id/lines',
    {
      schema: { tags, summary: 'Add a line to a draft', params: idParams, body: invoiceLineBody, response: { 201: invoiceSchema, ...errors } },
      config: on('invoice.manage', 'invoice'),
    },
    async (request, reply) => reply.status(201).send(await show(await addInvoiceLine(app.db, request.params.id, accessOf(request).userId, request.body))),
  );

  app.patch(
    '/api/invoice-lines/:id',
    {
      schema: {
        tags,
        summary: 'Edit a line of a draft (answers the invoice)',
        params: idParams,
        body: updateInvoiceLineBody,
        response: { 200: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice line'),
    },
    async (request) => {
      const line = await lineOrFail(request.params.id);
      return show(await updateInvoiceLine(app.db, line.invoice_id, line.id, accessOf(request).userId, request.body));
    },
  );

  app.delete(
    '/api/invoice-lines/:id',
    {
      schema: { tags, summary: 'Remove a line from a draft (answers the invoice)', params: idParams, response: { 200: invoiceSchema, ...errors } },
      config: on('invoice.manage', 'invoice line'),
    },
    async (request) => {
      const line = await lineOrFail(request.params.id);
      return show(await removeInvoiceLine(app.db, line.invoice_id, line.id, accessOf(request).userId));
    },
  );

  app.post(
    '/api/invoices/:id/issue',
    {
      schema: {
        tags,
        summary: 'Issue a draft: the coach’s next number, frozen from then on, and emailed as a PDF to the billed party',
        params: idParams,
        response: { 200: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request) => {
      const a = accessOf(request);
      return show(await issueInvoice(app.db, request.params.id, a.userId));
    },
  );

  app.post(
    '/api/invoices/:id/send',
    {
      schema: {
        tags,
        summary: 'Email an issued invoice or credit note to the billed party again (a reminder when it is overdue)',
        params: idParams,
        response: { 200: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request) => {
      await resendInvoice(app.db, request.params.id, accessOf(request).userId);
      return show(await fresh(request.params.id));
    },
  );

  app.post(
    '/api/invoices/:id/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment (partial or in full) on an issued invoice',
        params: idParams,
        body: paymentBody,
        response: { 201: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request, reply) => reply.status(201).send(await show(await recordPayment(app.db, request.params.id, accessOf(request).userId, request.body))),
  );

  app.post(
    '/api/invoices/:id/void',
    {
      schema: {
        tags,
        summary: 'Void an issued invoice without payments: a credit note with the next number cancels it (answers the credit note)',
        params: idParams,
        body: voidInvoiceBody,
        response: { 200: invoiceSchema, ...errors },
      },
      config: on('invoice.manage', 'invoice'),
    },
    async (request) => {
      const a = accessOf(request);
      const { creditNote } = await voidInvoice(app.db, request.params.id, a.userId, request.body.reason);
      return show(creditNote);
    },
  );

  app.get(
    '/api/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The invoice or credit note as a PDF (a draft prints marked as a draft)',
        params: idParams,
        response: { 200: fileAnswer('The PDF', 'application/pdf'), ...errors },
      },
      config: on('invoice.read', 'invoice'),
    },
    async (request, reply) => {
      const a = accessOf(request);
      const row = await fresh(request.params.id);
      if (row.status === 'draft' && a.membership.role !== 'coach') throw new AppError('not_found', 'That invoice was not found, or it is not issued yet.');
      const contract = row.contract_id ? await findContract(app.db, row.contract_id) : undefined;
      const pdf = await renderInvoicePdf(await show(row), contract?.title ?? null);
      const name = `${row.kind === 'credit_note' ? 'credit-note' : 'invoice'}-${row.number ?? 'draft'}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/contracts/:id/billing',
    {
      schema: {
        tags,
        summary: 'Who the contract bills: legal name, address, tax id and billing email',
        params: idParams,
        response: { 200: billingDetailsSchema, ...errors },
      },
      config: on('invoice.read', 'contract'),
    },
    async (request) => billingDetailsOf(app.db, request.params.id),
  );

  app.put(
    '/api/contracts/:id/billing',
    {
      schema: {
        tags,
        summary: 'Set who the contract bills (beside the signed text: changing it needs no new signature)',
        params: idParams,
        body: billingDetailsSchema,
        response: { 200: billingDetailsSchema, ...errors },
      },
      config: on('invoice.manage', 'contract'),
    },
    async (request) => updateBillingDetails(app.db, request.params.id, accessOf(request).userId, request.body),
  );
};
