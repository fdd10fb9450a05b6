import { AppError } from '@carriage/core';
import type { FastifyInstance } from 'fastify';

/** The path of the first string (value or key) holding a NUL character, or null. */
export function nulPath(value: unknown, root = ''): string | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: root }];
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path || '_';
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (k.includes('\u0000')) return path || '_';
        stack.push({ v: child, path: childPath });
      }
    }
  }
  return null;
}

/**
 * Refuses text holding NUL characters before any route (or the access check) reads it: PostgreSQL
 * can't store them, and no person types one, so they only ever arrive from broken or hostile clients.
 * Runs as the first preValidation hook, so it must be registered before the access plugin.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['address', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const path = nulPath(value);
      if (path === null) continue;
      const message = 'Text can’t contain NUL characters (\\0). Remove them and try again.';
      throw new AppError('validation_failed', part === 'body' ? message : `The ${part} contains a NUL character (%00). Check the link and try again.`, {
        fields: { [path]: message },
      });
    }
  });
}
