import {
  errorBodySchema,
  meSchema,
  okSchema,
  recoveryCodesSchema,
  twoFactorDisableBody,
  twoFactorEnableBody,
  twoFactorLoginBody,
  twoFactorSetupSchema,
  twoFactorStatusSchema,
} from '@carriage/core';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { countRecoveryCodesLeft, findTwoFactor } from '../../db/queries/two-factor.js';
import { presentUser } from '../../db/queries/users.js';
import { requireUser } from '../../plugins/auth.js';
import { disableTwoFactor } from '../../services/auth/disable-two-factor.js';
import { enableTwoFactor } from '../../services/auth/enable-two-factor.js';
import { finishTwoFactorLogin, pendingLoginUserId } from '../../services/auth/finish-two-factor-login.js';
import { regenerateRecoveryCodes } from '../../services/auth/regenerate-recovery-codes.js';
import { setUpTwoFactor } from '../../services/auth/set-up-two-factor.js';
import { PENDING_LOGIN_TTL_MS } from '../../services/auth/start-pending-login.js';
import { openSession } from './open-session.js';

export const PENDING_LOGIN_COOKIE = 'carriage_pending_login';
// Sent only to the log-in routes, so the pending secret travels nowhere else.
const PENDING_LOGIN_PATH = '/api/auth/login';

/** Hands the browser the pending-login secret for the code step: HttpOnly, five minutes, log-in routes only. */
export function setPendingLoginCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(PENDING_LOGIN_COOKIE, token, {
    path: PENDING_LOGIN_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: PENDING_LOGIN_TTL_MS / 1000,
  });
}

function clearPendingLoginCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(PENDING_LOGIN_COOKIE, { path: PENDING_LOGIN_PATH, httpOnly: true, sameSite: 'strict', secure });
}

const tags = ['accounts'];
const errors = { 409: errorBodySchema };

/** Two-factor authentication: enrolling an authenticator app, recovery codes, turning it off, and the code step of logging in. */
export const twoFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app;
  // Password and code guesses on a logged-in account are limited like log-in attempts.
  const byAccount = {
    max: config.loginMaxAttempts,
    timeWindow: config.loginWindowMs,
    keyGenerator: (req: { ip: string; user: { id: string } | null }) => `2fa|${req.user?.id ?? req.ip}`,
  };

  app.get(
    '/api/auth/two-factor',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Whether two-factor authentication is on, and how many recovery codes are left',
        response: { 200: twoFactorStatusSchema },
      },
    },
    async (request) => {
      const me = requireUser(request);
      const row = await findTwoFactor(app.db, me.id);
      const enabledAt = row?.enabled_at ?? null;
      return { enabled: enabledAt !== null, enabledAt, recoveryCodesLeft: enabledAt ? await countRecoveryCodesLeft(app.db, me.id) : 0 };
    },
  );

  app.post(
    '/api/auth/two-factor/setup',
    {
      config: { access: { kind: 'user' } },
      schema: {
        tags,
        summary: 'Start setting up an authenticator app: a new secret, its otpauth:// URI and QR code',
        description: 'Nothing changes for logging in until POST /api/auth/two-factor/enable confirms a code from the app.',
        response: { 200: twoFactorSetupSchema, ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      return setUpTwoFactor(app.db, me);
    },
  );

  app.post(
    '/api/auth/two-factor/enable',
    {
      config: { access: { kind: 'user' }, rateLimit: byAccount },
      schema: {
        tags,
        summary: 'Turn two-factor on with a current code from the app; answers ten recovery codes, shown once',
        body: twoFactorEnableBody,
        response: { 200: recoveryCodesSchema, ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      return { recoveryCodes: await enableTwoFactor(app.db, me.id, request.body.code) };
    },
  );

  app.post(
    '/api/auth/two-factor/disable',
    {
      config: { access: { kind: 'user' }, rateLimit: byAccount },
      schema: {
        tags,
        summary: 'Turn two-factor off with the password and a code from the app (or a recovery code)',
        body: twoFactorDisableBody,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      await disableTwoFactor(app.db, me.id, request.body.password, request.body.code);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/two-factor/recovery-codes',
    {
      config: { access: { kind: 'user' }, rateLimit: byAccount },
      schema: {
        tags,
        summary: 'Replace the recovery codes with ten new ones (the password and a code are needed); the old ones stop working',
        body: twoFactorDisableBody,
        response: { 200: recoveryCodesSchema, ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      return { recoveryCodes: await regenerateRecoveryCodes(app.db, me.id, request.body.password, request.body.code) };
    },
  );

  app.post(
    '/api/auth/login/two-factor',
    {
      config: {
        access: { kind: 'public' },
        rateLimit: {
          max: config.loginMaxAttempts,
          timeWindow: config.loginWindowMs,
          // Counted per account while the log-in is pending, so new pending log-ins do not buy more guesses.
          keyGenerator: async (req: { ip: string; cookies: Record<string, string | undefined> }) => {
            const userId = await pendingLoginUserId(app.db, req.cookies[PENDING_LOGIN_COOKIE]);
            return userId ? `2fa-login|${userId}` : `2fa-login|${req.ip}`;
          },
        },
      },
      schema: {
        tags,
        summary: 'Finish logging in with a code from the app, or a recovery code',
        description: 'Needs the pending log-in cookie that POST /api/auth/login set when it answered { twoFactorRequired: true }.',
        body: twoFactorLoginBody,
        response: { 200: meSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { code, recoveryCode } = request.body;
      const factor = code !== undefined ? { code } : { recoveryCode: recoveryCode ?? '' };
      const user = await finishTwoFactorLogin(app.db, request.cookies[PENDING_LOGIN_COOKIE], factor);
      clearPendingLoginCookie(reply, config.secureCookies);
      return { user: presentUser(user), csrfToken: await openSession(app, request, reply, user.id) };
    },
  );
};
