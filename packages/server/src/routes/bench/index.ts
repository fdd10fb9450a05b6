import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * The bare route the benchmark suite measures every figure against, in the same process and run,
 * so results compare across machines. It does no work and reveals nothing.
 */
export const benchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/bench/baseline', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () => ({ ok: true }));
};
