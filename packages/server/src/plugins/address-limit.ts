import { AppError } from '@carriage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * One budget per client address shared by every route that touches accounts from outside (log-in,
 * password reset, sign-up): the per-account limits stop many guesses at one account, this stops one
 * guess at each of many accounts (password spraying). It is a limiter of @fastify/rate-limit, so it
 * lives in the same store as the others; it keys by the plugin's own address normalisation (an IPv6
 * address counts as its /64, which one client usually holds whole). Every attempt counts, answered or
 * refused, so parallel requests cannot slip past the count.
 */
export function addressLimit(app: FastifyInstance, opts: { max: number; timeWindowMs: number }) {
  const limiter = app.createRateLimit({ max: opts.max, timeWindow: opts.timeWindowMs });
  return async function limitByAddress(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const r = await limiter(request);
    if (r.isAllowed || !r.isExceeded) return;
    const minutes = Math.max(1, Math.ceil(r.ttl / 60_000));
    reply.header('retry-after', r.ttlInSeconds);
    throw new AppError(
      'too_many_requests',
      `Too many log-in, sign-up and password-reset attempts have come from your network. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    );
  };
}
