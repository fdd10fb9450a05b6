import {
  AppError,
  createEngagementBody,
  engagementSchema,
  errorBodySchema,
  idSchema,
  invitationBody,
  invitationSchema,
  memberSchema,
  okSchema,
  updateEngagementBody,
} from '@carriage/core';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  coacheeNames,
  findEngagementRow,
  findInvitation,
  listEngagementsForUser,
  listInvitations,
  listMembers,
  onboardingFacts,
  presentInvitation,
  updateInvitation,
} from '../../db/queries/engagements.js';
import { findUserById } from '../../db/queries/users.js';
import type { EngagementsTable } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { accessOf, registerResource } from '../../plugins/access.js';
import { requireUser } from '../../plugins/auth.js';
import { acceptInvitation, approveJoinRequest, askToJoinInstead, openInvitation } from '../../services/engagements/accept-invitation.js';
import { createEngagement } from '../../services/engagements/create-engagement.js';
import { createSampleEngagement } from '../../services/engagements/create-sample-engagement.js';
import { deleteSampleEngagement } from '../../services/engagements/delete-sample-engagement.js';
import { engagementPulses, pulseAs } from '../../services/engagements/engagement-pulse.js';
import { createInvitation, refreshInvitation } from '../../services/engagements/invite-member.js';
import { otherPartyFor, presentEngagement } from '../../services/engagements/present-engagement.js';
import { removeMember } from '../../services/engagements/remove-member.js';
import { updateEngagement } from '../../services/engagements/update-engagement.js';
import { recordEvent, writeTransaction } from '../../services/events/record-event.js';

registerResource('invitation', async (db, id) => (await findInvitation(db, id))?.engagement_id);

const tags = ['engagements'];
const idParams = z.object({ id: idSchema });
const errors = { 409: errorBodySchema };
const invitationCreated = invitationSchema.extend({
  token: z.string(),
  url: z.string(),
  emailed: z.boolean().describe('Whether the link was emailed: false when the server has no SMTP_URL, so the coach shares it'),
});
const invitationLink = invitationSchema.extend({ token: z.string(), url: z.string() });

/** Engagements, their members and invitations. */
export const engagementRoutes: FastifyPluginAsyncZod = async (app) => {
  const present = async (e: EngagementsTable, userId: string, role: 'coach' | 'coachee' | 'sponsor') => {
    const [coach, names, pulses, onboarding] = await Promise.all([
      findUserById(app.db, e.coach_id),
      coacheeNames(app.db, [e.id]),
      engagementPulses(app.db, [e.id]),
      role === 'coach' ? onboardingFacts(app.db, e.id) : undefined,
    ]);
    const coachName = coach?.name ?? 'Coach';
    return {
      ...presentEngagement(e, { userId, role }, coachName, otherPartyFor(e, role, coachName, names.get(e.id) ?? [])),
      pulse: pulseAs(pulses.get(e.id), e, role),
      ...(onboarding ? { onboarding } : {}),
    };
  };

  app.post(
    '/api/engagements/sample',
    {
      schema: {
        tags,
        summary: 'Create a sample engagement with eight weeks of made-up history (one per coach; never invoiced, no webhooks)',
        response: { 201: engagementSchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      const engagement = await createSampleEngagement(app.db, me);
      return reply.status(201).send(await present(engagement, me.id, 'coach'));
    },
  );

  app.delete(
    '/api/engagements/:id/sample',
    {
      schema: {
        tags,
        summary: 'Delete a sample engagement and everything it holds, in one step (a real engagement is refused: archive it)',
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'engagement.update', resource: 'engagement' } },
    },
    async (request) => {
      await deleteSampleEngagement(app.db, accessOf(request).engagement.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/engagements',
    {
      schema: {
        tags,
        summary: 'Create an engagement (you become its coach) and invite the client’s people',
        body: createEngagementBody,
        response: { 201: engagementSchema.extend({ invitations: z.array(invitationCreated) }), ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      const { engagement, invitations } = await createEngagement(app.db, me, request.body, app.config.publicUrl);
      const emailed = app.config.smtpUrl !== null;
      const now = nowIso();
      return reply.status(201).send({
        ...(await present(engagement, me.id, 'coach')),
        invitations: invitations.map((i) => ({ ...presentInvitation(i.invitation, now), token: i.token, url: i.url, emailed })),
      });
    },
  );

  app.get(
    '/api/engagements',
    {
      schema: {
        tags,
        summary: 'Your engagements, with your role and the other party',
        querystring: z.object({ archived: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ engagements: z.array(engagementSchema) }) },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      const rows = await listEngagementsForUser(app.db, me.id);
      const showArchived = request.query.archived === 'true';
      const visible = rows.filter((r) => (showArchived ? r.archived_at !== null : r.archived_at === null));
      const ids = visible.map((r) => r.id);
      const [names, pulses] = await Promise.all([coacheeNames(app.db, ids), engagementPulses(app.db, ids)]);
      return {
        engagements: visible.map((r) => {
          const role = r.my_role as 'coach' | 'coachee' | 'sponsor';
          return {
            ...presentEngagement(r, { userId: me.id, role }, r.coach_name, otherPartyFor(r, role, r.coach_name, names.get(r.id) ?? [])),
            pulse: pulseAs(pulses.get(r.id), r, role),
          };
        }),
      };
    },
  );

  app.get(
    '/api/engagements/:id',
    {
      schema: { tags, summary: 'One engagement', params: idParams, response: { 200: engagementSchema } },
      config: { access: { kind: 'engagement', action: 'engagement.read', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      return present(a.engagement, a.userId, a.membership.role);
    },
  );

  app.patch(
    '/api/engagements/:id',
    {
      schema: {
        tags,
        summary: 'Edit, change status, settings or archive',
        params: idParams,
        body: updateEngagementBody,
        response: { 200: engagementSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'engagement.update', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      const updated = await updateEngagement(app.db, a.engagement.id, a.userId, request.body);
      return present(updated, a.userId, a.membership.role);
    },
  );

  app.get(
    '/api/engagements/:id/members',
    {
      schema: { tags, summary: 'Members and their roles', params: idParams, response: { 200: z.object({ members: z.array(memberSchema) }) } },
      config: { access: { kind: 'engagement', action: 'member.list', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      const members = await listMembers(app.db, a.engagement.id);
      return { members: members.map((m) => ({ ...m, role: m.role as 'coach' | 'coachee' | 'sponsor' })) };
    },
  );

  app.delete(
    '/api/engagements/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member (they lose access at once)',
        params: z.object({ id: idSchema, userId: idSchema }),
        response: { 200: okSchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'member.remove', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      await removeMember(app.db, a.engagement.id, request.params.userId, a.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/engagements/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite a coachee or sponsor by email',
        params: idParams,
        body: invitationBody,
        response: { 201: invitationCreated, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'engagement' } },
    },
    async (request, reply) => {
      const a = accessOf(request);
      const me = requireUser(request);
      const members = await listMembers(app.db, a.engagement.id);
      if (members.some((m) => m.email === request.body.email)) {
        throw new AppError('already_member', `${request.body.email} is already a member of this engagement.`, {
          fields: { email: 'This person is already a member.' },
        });
      }
      const issued = await writeTransaction(app.db, a.engagement.id, (trx) =>
        createInvitation(trx, {
          engagementId: a.engagement.id,
          engagementTitle: a.engagement.title,
          email: request.body.email,
          name: request.body.name,
          role: request.body.role,
          invitedBy: me.id,
          inviterName: me.name,
          publicUrl: app.config.publicUrl,
        }),
      );
      return reply
        .status(201)
        .send({ ...presentInvitation(issued.invitation, nowIso()), token: issued.token, url: issued.url, emailed: app.config.smtpUrl !== null });
    },
  );

  app.get(
    '/api/engagements/:id/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations of an engagement, pending and past, and whether this server emails them',
        params: idParams,
        response: {
          200: z.object({
            invitations: z.array(invitationSchema),
            emailConfigured: z.boolean().describe('false when the server has no SMTP_URL: invitations are not emailed, so the coach shares their links'),
          }),
        },
      },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'engagement' } },
    },
    async (request) => {
      const a = accessOf(request);
      const now = nowIso();
      return {
        invitations: (await listInvitations(app.db, a.engagement.id)).map((i) => presentInvitation(i, now)),
        emailConfigured: app.config.smtpUrl !== null,
      };
    },
  );

  /** A fresh link for a pending invitation (the old one stops working), emailed or for the coach to share. */
  const reissue = async (request: FastifyRequest<{ Params: { id: string } }>, email: boolean) => {
    const a = accessOf(request);
    const me = requireUser(request);
    const issued = await refreshInvitation(app.db, request.params.id, {
      engagementTitle: a.engagement.title,
      inviterName: me.name,
      publicUrl: app.config.publicUrl,
      email,
    });
    return { ...presentInvitation(issued.invitation, nowIso()), token: issued.token, url: issued.url };
  };

  app.post(
    '/api/invitations/:id/resend',
    {
      schema: { tags, summary: 'Send a pending invitation again with a fresh link', params: idParams, response: { 200: invitationCreated, ...errors } },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'invitation' } },
    },
    async (request) => ({ ...(await reissue(request, true)), emailed: app.config.smtpUrl !== null }),
  );

  app.post(
    '/api/invitations/:id/link',
    {
      schema: {
        tags,
        summary: 'A fresh link for a pending invitation, for the coach to share themselves (nothing is emailed; the earlier link stops working)',
        params: idParams,
        response: { 200: invitationLink, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'invitation' } },
    },
    async (request) => reissue(request, false),
  );

  app.delete(
    '/api/invitations/:id',
    {
      schema: { tags, summary: 'Revoke an invitation', params: idParams, response: { 200: okSchema, ...errors } },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'invitation' } },
    },
    async (request) => {
      const a = accessOf(request);
      const inv = await findInvitation(app.db, request.params.id);
      if (!inv) throw new AppError('not_found', 'That invitation was not found.');
      if (inv.accepted_at) throw new AppError('conflict', 'This invitation was already accepted. Remove the member instead.');
      if (!inv.revoked_at) {
        await writeTransaction(app.db, a.engagement.id, async (trx) => {
          await updateInvitation(trx, inv.id, { revoked_at: nowIso() });
          await recordEvent(trx, {
            engagementId: a.engagement.id,
            type: 'invitation.revoked',
            actorId: a.userId,
            entityId: inv.id,
            payload: { email: inv.email },
          });
        });
      }
      return { ok: true as const };
    },
  );

  app.get(
    '/api/invitations/:token/preview',
    {
      schema: {
        tags,
        summary: 'What an invitation link is for (engagement, role, inviter), before accepting it',
        params: z.object({ token: z.string().min(10).max(200) }),
        response: {
          200: z.object({ engagementTitle: z.string(), role: z.string(), invitedBy: z.string(), email: z.string(), expiresAt: z.string() }),
          410: errorBodySchema,
        },
      },
      config: { access: { kind: 'public' } },
    },
    async (request) => {
      const inv = await openInvitation(app.db, request.params.token);
      const engagement = await findEngagementRow(app.db, inv.engagement_id);
      const inviter = await findUserById(app.db, inv.invited_by);
      return {
        engagementTitle: engagement?.title ?? '',
        role: inv.role,
        invitedBy: inviter?.name ?? 'Your coach',
        email: inv.email,
        expiresAt: inv.expires_at,
      };
    },
  );

  app.post(
    '/api/invitations/:token/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation and join the engagement',
        params: z.object({ token: z.string().min(10).max(200) }),
        response: { 200: z.object({ engagementId: z.string(), role: z.string() }), 410: errorBodySchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request) => {
      const me = requireUser(request);
      return acceptInvitation(app.db, request.params.token, me);
    },
  );

  app.post(
    '/api/invitations/:token/request',
    {
      schema: {
        tags,
        summary: 'Ask the coach to let me join with an invitation made out to another address of mine',
        description: 'Grants nothing by itself: the coach sees the request on the invitation and may approve it (POST /api/invitations/:id/approve).',
        params: z.object({ token: z.string().min(10).max(200) }),
        response: { 202: okSchema, 410: errorBodySchema, ...errors },
      },
      config: { access: { kind: 'user' } },
    },
    async (request, reply) => {
      const me = requireUser(request);
      await askToJoinInstead(app.db, request.params.token, me, app.config.publicUrl);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/invitations/:id/approve',
    {
      schema: {
        tags,
        summary: 'Let the person who asked join with this invitation, though it was made out to another address',
        params: idParams,
        response: { 200: memberSchema, 410: errorBodySchema, ...errors },
      },
      config: { access: { kind: 'engagement', action: 'invitation.manage', resource: 'invitation' } },
    },
    async (request) => {
      const a = accessOf(request);
      const joined = await approveJoinRequest(app.db, a.engagement.id, request.params.id, a.userId);
      const member = (await listMembers(app.db, joined.engagementId)).find((m) => m.userId === joined.userId);
      if (!member) throw new AppError('not_found', 'That person is no longer a member.');
      return { ...member, role: member.role as 'coach' | 'coachee' | 'sponsor' };
    },
  );
};
