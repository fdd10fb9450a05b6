import { AppError } from '@carriage/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findApiTokenUser, markApiTokenUsed } from '../db/queries/api-tokens.js';
import { findAuthSession, touchAuthSession } from '../db/queries/auth-sessions.js';
import { presentUser } from '../db/queries/users.js';
import { hashSecret, nowIso } from '../lib/ids.js';
import { type LoginLifetime, oldestLiveSessionStart, sessionExpiry } from '../services/auth/session-lifetime.js';

export const SESSION_COOKIE = 'carriage_session';
export const CSRF_COOKIE = 'carriage_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The signed-in person, as every route sees them. */
export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  createdAt: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    /** How the request authenticated: a browser session cookie or a personal API token. */
    authKind: 'session' | 'token' | null;
    /** Hash of the session id, when authenticated by cookie. */
    authSessionHash: string | null;
    /** The personal API token's id, when authenticated by one. */
    authTokenId: string | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the user from a session cookie or a Bearer token, and checks CSRF on cookie-authenticated writes. */
export function registerAuth(app: FastifyInstance, opts: LoginLifetime & { secureCookies: boolean }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authKind', null);
  app.decorateRequest('authSessionHash', null);
  app.decorateRequest('authTokenId', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      const found = token ? await findApiTokenUser(app.db, hashSecret(token)) : undefined;
      if (!found) throw new AppError('unauthenticated', 'That API token is not valid or has been revoked. Create a new one in Settings.');
      request.user = presentUser(found);
      request.authKind = 'token';
      request.authTokenId = found.tokenId;
      const now = nowIso();
      // Record use at most once a minute so reads stay reads.
      if (!found.last_used_at || Date.parse(now) - Date.parse(found.last_used_at) > 60_000) await markApiTokenUsed(app.db, found.tokenId, now);
      return;
    }
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const idHash = hashSecret(raw);
    const now = nowIso();
    const found = await findAuthSession(app.db, idHash, now, oldestLiveSessionStart(opts));
    if (!found) {
      clearSessionCookies(reply, opts.secureCookies);
      return;
    }
    request.user = presentUser(found);
    request.authKind = 'session';
    request.authSessionHash = idHash;
    request.csrfToken = found.csrf_token;
    // Sliding expiry, written at most once an hour, never past the login's absolute end; the cookies follow.
    if (Date.parse(now) - Date.parse(found.last_seen_at) > 3_600_000) {
      const expiresAt = sessionExpiry(opts, found.sessionCreatedAt, Date.parse(now));
      await touchAuthSession(app.db, idHash, now, expiresAt);
      setSessionCookies(reply, raw, found.csrf_token, expiresAt, opts.secureCookies);
    }
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (sent !== found.csrf_token) {
        throw new AppError('csrf_failed', 'This form is out of date (security check failed). Reload the page and try again.');
      }
    }
  });
}

/** The signed-in user, or a 401 that tells the person to log in. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new AppError('unauthenticated', 'Log in to continue.');
  return request.user;
}

/** Hands the browser the session and CSRF cookies, kept until the session's expiry. */
export function setSessionCookies(reply: FastifyReply, sessionToken: string, csrfToken: string, expiresAt: string, secure: boolean): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  reply.setCookie(SESSION_COOKIE, sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, maxAge });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure });
}
