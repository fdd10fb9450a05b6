/** Error codes the API can answer with, and the HTTP status each one maps to. */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_code: 401,
  login_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  wrong_account: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  stale_version: 409,
  wip_limit_exceeded: 409,
  not_ready: 409,
  column_not_empty: 409,
  contract_locked: 409,
  invoice_locked: 409,
  illegal_transition: 409,
  already_member: 409,
  link_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The one error body the whole API answers with. */
export interface ErrorBody {
  error: { code: ErrorCode | string; message: string; fields?: Record<string, string>; [extra: string]: unknown };
}

/** An error a user can cause: it carries a status, a code and a sentence they can act on. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: Record<string, string>;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { fields?: Record<string, string>; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.fields = opts.fields;
    this.details = opts.details;
  }

  toBody(): ErrorBody {
    return {
      error: {
        ...(this.details ?? {}),
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}

export const notFound = (what = 'That page'): AppError => new AppError('not_found', `${what} was not found, or you don't have access to it.`);
export const forbidden = (message: string): AppError => new AppError('forbidden', message);
