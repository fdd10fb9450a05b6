import {
  AppError,
  apiTokenCreatedSchema,
  apiTokenSchema,
  changePasswordBody,
  errorBodySchema,
  idSchema,
  loginBody,
  loginResultSchema,
  meSchema,
  okSchema,
  passwordChangedSchema,
  passwordResetBody,
  passwordResetConfirmBody,
  profileBody,
  signupBody,
  tokenCreateBody,
  userSchema,
} from '@carriage/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { insertApiToken, listApiTokens, presentApiToken, revokeApiToken } from '../../db/queries/api-tokens.js';
import { deleteAuthSession } from '../../db/queries/auth-sessions.js';
import { hasTwoFactorEnabled } from '../../db/queries/two-factor.js';
import { findUserById, presentUser, updateUser } from '../../db/queries/users.js';
import { hashSecret, newId, newSecret, nowIso } from '../../lib/ids.js';
import { addressLimit } from '../../plugins/address-limit.js';
import { clearSessionCookies, requireUser } from '../../plugins/auth.js';
import { changePassword } from '../../services/auth/change-password.js';
import { logIn } from '../../services/auth/log-in.js';
import { confirmPasswordReset, requestPasswordReset } from '../../services/auth/password-reset.js';
import { signUp } from '../../services/auth/sign-up.js';
import { startPendingLogin } from '../../services/auth/start-pending-login.js';
import { openSession } from './open-session.js';
import { setPendingLoginCookie, twoFactorRoutes } from './two-factor.js';

const tags = ['accounts'];
const errors = { 409: errorBodySchema };

/** Accounts: sign up, log in and out, who am I, password reset, personal API tokens, two-factor authentication. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app;
  await app.register(twoFactorRoutes);
  const limitByAddress = addressLimit(app, { max: config.loginAddressMaxAttempts, timeWindowMs: config.loginWindowMs });
  const loginLimit = {
    max: config.loginMaxAttempts,
    timeWindow: config.loginWindowMs,
    keyGenerator: (req: { ip: string; body?: unknown }) => {
      const email = (req.body as { email?: unknown } | undefined)?.email;
      return `${req.ip}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
    },
  };

  app.post(
    '/api/auth/signup',
    {
      schema: { tags, summary: 'Create an account and log in', body: signupBody, response: { 201: meSchema, ...errors } },
      config: { access: { kind: 'public' }, rateLimit: { ...loginLimit, keyGenerator: (req: { ip: string }) => req.ip, max: config.loginMaxAttempts * 3 } },
      preHandler: limitByAddress,
    },
    async (request, reply) => {
      const user = await signUp(app.db, request.body);
      const csrfToken = await openSession(app, request, reply, user.id);
      return reply.status(201).send({ user: presentUser(user), csrfToken });
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with email and password',
        description:
          'With two-factor authentication on, a right password answers { twoFactorRequired: true } and starts no session: ' +
          'a pending log-in cookie (five minutes, single use) lets POST /api/auth/login/two-factor finish with a code.',
        body: loginBody,
        response: { 200: loginResultSchema, ...errors },
      },
      config: { access: { kind: 'public' }, rateLimit: loginLimit },
      preHandler: limitByAddress,
    },
    async (request, reply) => {
      const user = await logIn(app.db, request.body.email, request.body.password);
      if (await hasTwoFactorEnabled(app.db, user.id)) {
        setPendingLoginCookie(reply, await startPendingLogin(app.db, user.id), config.secureCookies);
        return { twoFactorRequired: true as const };
      }
      return { user: presentUser(user), csrfToken: await openSession(app, request, reply, user.id) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { kind: 'public' } },
      schema: { tags, summary: 'End this session (its live streams close too)', response: { 200: okSchema } },
    },
    async (request, reply) => {
      if (request.authSessionHash) {
        await deleteAuthSession(app.db, request.authSessionHash);
        await app.logins.recheck();
      }
      clearSessionCookies(reply, config.secureCookies);
      return { ok: true as const };
    },
  );

  app.get('/api/auth/me', { config: { access: { kind: 'user' } }, schema: { tags, summary: 'Who am I', response: { 200: meSchema } } }, async (request) => {
    const user = requireUser(request);
    return { user, csrfToken: request.csrfToken };
  });

  app.patch(
    '/api/auth/me',
    { config: { access: { kind: 'user' } }, schema: { tags, summary: 'Update my profile', body: profileBody, response: { 200: userSchema, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      const patch: { name?: string; time_zone?: string; updated_at: string } = { updated_at: nowIso() };
      if (request.body.name !== undefined) patch.name = request.body.name;
      if (request.body.timeZone !== undefined) patch.time_zone = request.body.timeZone;
      await updateUser(app.db, me.id, patch);
      const user = await findUserById(app.db, me.id);
      if (!user) throw new AppError('unauthenticated', 'Log in to continue.');
      return presentUser(user);
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change my password',
        description:
          'Logs out every other session of the account and withdraws every reset link not yet used; with endApiTokens: true, ' +
          'revokes every personal API token too (the token making the request included).',
        body: changePasswordBody,
        response: { 200: passwordChangedSchema, ...errors },
      },
      config: { access: { kind: 'user' }, rateLimit: { ...loginLimit, keyGenerator: (req: { ip: string }) => req.ip } },
    },
    async (request) => {
      const me = requireUser(request);
      const ended = await changePassword(app.db, me.id, request.body, request.authSessionHash);
      await app.logins.recheck();
      return { ok: true as const, otherSessionsEnded: ended.sessions, apiTokensRevoked: ended.apiTokens };
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Email a password reset link (queued; the answer is the same whether or not the address has an account)',
        body: passwordResetBody,
        response: { 202: okSchema, ...errors },
      },
      config: { access: { kind: 'public' }, rateLimit: loginLimit },
      preHandler: limitByAddress,
    },
    async (request, reply) => {
      await requestPasswordReset(app.db, request.body.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Choose a new password with a reset token',
        description: 'Ends every session and revokes every personal API token of the account, and withdraws its other reset links.',
        body: passwordResetConfirmBody,
        response: { 200: okSchema, 410: errorBodySchema, ...errors },
      },
      config: { access: { kind: 'public' }, rateLimit: { ...loginLimit, keyGenerator: (req: { ip: string }) => req.ip } },
    },
    async (request) => {
      await confirmPasswordReset(app.db, request.body.token, request.body.password);
      await app.logins.recheck();
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      config: { access: { kind: 'user' } },
      schema: { tags, summary: 'Create a personal API token (shown once)', body: tokenCreateBody, response: { 201: apiTokenCreatedSchema, ...errors } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      const token = `crg_${newSecret()}`;
      const row = {
        id: newId(),
        user_id: me.id,
        name: request.body.name,
        token_hash: hashSecret(token),
        prefix: token.slice(0, 8),
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      };
      await insertApiToken(app.db, row);
      return reply.status(201).send({ ...presentApiToken(row), token });
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      config: { access: { kind: 'user' } },
      schema: { tags, summary: 'List my API tokens', response: { 200: z.object({ tokens: z.array(apiTokenSchema) }) } },
    },
    async (request) => {
      const me = requireUser(request);
      return { tokens: (await listApiTokens(app.db, me.id)).map(presentApiToken) };
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      config: { access: { kind: 'user' } },
      schema: { tags, summary: 'Revoke an API token', params: z.object({ id: idSchema }), response: { 200: okSchema } },
    },
    async (request) => {
      const me = requireUser(request);
      if (!(await revokeApiToken(app.db, me.id, request.params.id, nowIso())))
        throw new AppError('not_found', 'That API token was not found; it may already be revoked.');
      await app.logins.recheck();
      return { ok: true as const };
    },
  );
};
