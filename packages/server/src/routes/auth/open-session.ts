import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookies } from '../../plugins/auth.js';
import { startSession } from '../../services/auth/start-session.js';

/** Logs the person in on this browser: a new session, and its cookies until it expires. Returns the CSRF token. */
export async function openSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
  const { config } = app;
  const s = await startSession(app.db, userId, {
    userAgent: request.headers['user-agent'],
    ip: request.ip,
    lifetime: { sessionTtlDays: config.sessionTtlDays, sessionMaxDays: config.sessionMaxDays },
  });
  setSessionCookies(reply, s.token, s.csrfToken, s.expiresAt, config.secureCookies);
  return s.csrfToken;
}
