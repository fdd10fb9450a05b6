import { errorBodySchema, idSchema } from '@carriage/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RequestOrigin } from '../../services/contracts/contract-record.js';

/** What the contract routes share: OpenAPI tags, params, error responses, access declarations, the signer's origin. */
export const tags = ['contracts'];
export const idParams = z.object({ id: idSchema });
export const errors = { 409: errorBodySchema };

/** Where a request came from, for the audit trail. */
export const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip ?? null,
  userAgent: (request.headers['user-agent'] ?? '').slice(0, 500) || null,
});

export const contractAccess = (action: 'contract.read' | 'contract.manage' | 'contract.sign') => ({
  access: { kind: 'engagement' as const, action, resource: 'contract' },
});

export const engagementAccess = (action: 'vision.read' | 'vision.write' | 'vision.comment' | 'contract.read' | 'contract.manage') => ({
  access: { kind: 'engagement' as const, action, resource: 'engagement' },
});
