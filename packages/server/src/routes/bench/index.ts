import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Kept bodies of the sizes asked for, like a kept board body: sending one costs its bytes and nothing else. */
const bodies = new Map<number, Buffer>();
function bodyOf(bytes: number): Buffer {
  let body = bodies.get(bytes);
  if (!body) {
    if (bodies.size >= 4) bodies.clear();
    body = Buffer.alloc(bytes, 'carriage ');
    bodies.set(bytes, body);
  }
  return body;
}

/**
 * The bare route the benchmark suite measures every figure against, in the same process and run,
 * so results compare across machines. It does no work and reveals nothing. Its sibling `bytes?n=N` sends
 * N kept bytes: the cost of sending an answer of that size, which a board read from its cache is measured against.
 */
export const benchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/bench/baseline', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () => ({ ok: true }));
  app.get(
    '/api/bench/bytes',
    {
      schema: { hide: true, querystring: z.object({ n: z.coerce.number().int().min(1).max(6_000_000) }) },
      config: { access: { kind: 'public' } },
    },
    async (request, reply) => reply.type('application/octet-stream').send(bodyOf(request.query.n)),
  );
};
