import { AppError, type ErrorBody } from '@carriage/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request', message: 'The request body is empty; send a JSON object.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'The request body length does not match its Content-Length.' },
};

function fieldPath(v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const issue = v.params?.issue as { path?: (string | number)[] } | undefined;
  if (issue?.path?.length) return issue.path.join('.');
  return (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || '_';
}

/** Answers every error in the one shape `{ error: { code, message, fields? } }`. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(err.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const key = fieldPath(v as never);
        let message = v.message ?? 'This value is not valid.';
        if (/expected .*, received undefined/i.test(message) || /Required/.test(message)) message = `${key} is required.`;
        if (!fields[key]) fields[key] = message;
      }
      const where = err.validationContext === 'querystring' ? 'query' : err.validationContext === 'params' ? 'address' : 'request';
      const first = Object.entries(fields)[0];
      const summary = Object.keys(fields).length === 1 && first ? first[1] : `Some fields of the ${where} need attention: ${Object.keys(fields).join(', ')}.`;
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
      return reply.status(status).send({ error: { code: 'bad_request', message: err.message } });
    }
    request.log.error({ err }, 'Unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged; please try again.' } });
  });
}
