import { type Action, AppError, type EngagementSettings, type Membership, mayTakeInEngagement, notFound, type Role, refusalMessage } from '@carriage/core';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import type { Kysely } from 'kysely';
import { findEngagementRow, findMembership } from '../db/queries/engagements.js';
import type { Database, EngagementsTable } from '../db/schema.js';
import { requireUser } from './auth.js';

/**
 * How a route is reached. Every /api route declares one in its config; the server refuses to start
 * with a route that doesn't, and the authorization matrix test reads these declarations.
 */
export type Access = { kind: 'public' } | { kind: 'user' } | { kind: 'engagement'; action: Action; resource: ResourceType; param?: string };

/** Resource types whose id in the URL leads to an engagement. */
export type ResourceType = string;

/** Finds the engagement a resource belongs to, by the resource's id. */
export type ResourceResolver = (db: Kysely<Database>, id: string) => Promise<string | undefined>;

const resolvers = new Map<ResourceType, ResourceResolver>();

/** Registers how to find the engagement of a resource type (cards, contracts, sessions…). */
export function registerResource(type: ResourceType, resolve: ResourceResolver): void {
  resolvers.set(type, resolve);
}

registerResource('engagement', async (_db, id) => id);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set for engagement routes once the member's right has been checked. */
    access: EngagementAccess | null;
  }
}

export interface EngagementAccess {
  engagement: EngagementsTable;
  membership: Membership;
  settings: EngagementSettings;
  userId: string;
}

/** Every route as declared, for the authorization matrix test and the docs. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
  /** The route's zod schemas (params, querystring, body), so tests can aim input at every declared field. */
  schema?: FastifySchema;
}

export function parseSettings(raw: string): EngagementSettings {
  try {
    const s = JSON.parse(raw) as Partial<EngagementSettings>;
    return { coacheeMayAcceptToDone: s.coacheeMayAcceptToDone === true };
  } catch {
    return { coacheeMayAcceptToDone: false };
  }
}

/** Loads the engagement and the asker's membership, or answers 404 as if it did not exist. */
export async function loadAccess(db: Kysely<Database>, userId: string, engagementId: string): Promise<EngagementAccess> {
  const [engagement, member] = await Promise.all([findEngagementRow(db, engagementId), findMembership(db, engagementId, userId)]);
  if (!engagement || !member) throw notFound('That engagement');
  return { engagement, membership: { userId, role: member.role as Role }, settings: parseSettings(engagement.settings), userId };
}

/**
 * Refuses with 403 and a sentence when the member may not take the action: their role (the policy table)
 * or a rule of the engagement itself (invoices are the coach's and the billed party's).
 */
export function ensureRole(access: EngagementAccess, action: Action): void {
  if (!mayTakeInEngagement(access.membership, action, { clientType: access.engagement.client_type })) {
    throw new AppError('forbidden', refusalMessage(action, access.membership.role));
  }
}

/** Authorization in one place: every engagement route is checked here before its handler runs. */
export function registerAccess(app: FastifyInstance, routeTable: RouteEntry[]): void {
  app.decorateRequest('access', null);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || url === '/api/openapi.json' || url === '/api/health') return;
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== 'HEAD') routeTable.push({ method: m, url, access, schema: route.schema });
    if (!access) throw new Error(`Route ${methods.join(',')} ${url} declares no access policy (config.access).`);
    if (access.kind === 'engagement' && !resolvers.has(access.resource))
      throw new Error(`Route ${url} uses resource "${access.resource}" with no registered resolver.`);
  });

  // preValidation, so a non-member gets 404 even for a malformed body (nothing about the engagement leaks).
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const access = request.routeOptions.config?.access;
    if (!access || access.kind === 'public') return;
    const user = requireUser(request);
    if (access.kind === 'user') return;
    const id = (request.params as Record<string, string>)[access.param ?? 'id'];
    const resolve = resolvers.get(access.resource);
    const engagementId = id && resolve ? await resolve(app.db, id) : undefined;
    if (!engagementId) throw notFound(`That ${access.resource}`);
    let loaded: EngagementAccess;
    try {
      loaded = await loadAccess(app.db, user.id, engagementId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') throw notFound(`That ${access.resource}`);
      throw e;
    }
    ensureRole(loaded, access.action);
    request.access = loaded;
  });
}

/** The checked access of an engagement route (set by the preHandler). */
export function accessOf(request: FastifyRequest): EngagementAccess {
  if (!request.access) throw new Error(`Route ${request.routeOptions.url} read access it never declared`);
  return request.access;
}
