import { AppError, type ErrorBody, notFound } from '@carriage/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isSentence, issuePath, sentenceFor, type ValidationIssue } from './validation-messages.js';

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request', message: 'The request body is empty; send a JSON object.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'The request body length does not match its Content-Length.' },
};

/** Answers every error in the one shape `{ error: { code, message, fields? } }`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(err.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = err.validationContext;
      const fields: Record<string, string> = {};
      const names = [...new Set(err.validation.map((v) => issuePath(v as ValidationIssue)))];
      // At most 50 fields are described; the summary counts them all.
      for (const v of err.validation) {
        const key = issuePath(v as ValidationIssue);
        if (!fields[key] && Object.keys(fields).length < 50) fields[key] = sentenceFor(v as ValidationIssue, part);
      }
      const where = part === 'querystring' ? 'query' : part === 'params' ? 'address' : 'request';
      const first = Object.entries(fields)[0];
      // A list of thousands of bad items names the first few, so the sentence stays readable.
      const named = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${(names.length - 5).toLocaleString('en-US')} more` : names.join(', ');
      const summary = names.length === 1 && first ? first[1] : `Some fields of the ${where} need attention: ${named}.`;
      const body: ErrorBody = { error: { code: 'validation_failed', message: summary, fields } };
      return reply.status(400).send(body);
    }
    const known = err.code ? fastifyCodes[err.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message } });
    const status = (err as FastifyError).statusCode;
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'too_many_requests', message: 'Too many attempts. Wait a few minutes and try again.' } });
    }
    if (status && status >= 400 && status < 500) {
      const message = isSentence(err.message) ? err.message : 'The request could not be read. Check its format and try again.';
      return reply.status(status).send({ error: { code: 'bad_request', message } });
    }
    request.log.error({ err }, 'Unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged; please try again.' } });
  });
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): answered in the one
 * error shape, without echoing the address back.
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  // An id longer than the router allows can't name anything: the same 404 as any unknown id.
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(404).send(notFound('That address').toBody());
    return;
  }
  const message =
    err.code === 'FST_ERR_BAD_URL'
      ? 'The address has a broken %-escape. Check the link and try again.'
      : 'The request could not be read. Check it and try again.';
  reply.status(400).send({ error: { code: 'bad_request', message } });
}
