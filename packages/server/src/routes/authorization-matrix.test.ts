import { mayTakeInEngagement } from '@carriage/core';
import { expect, it } from 'vitest';
import { describeEachEngine, statusOfStream, TestClient } from '../test/harness.js';
import { extraParams, resourceFixtures } from '../test/resource-fixtures.js';
import { buildWorld, type World } from '../test/world.js';

/**
 * Generated from the route table itself: every route × (logged out, non-member, sponsor, coachee, coach).
 * A route without a declared policy can't even be registered, and a route whose resource has no
 * fixture fails here, so nothing new slips past authorization.
 */
describeEachEngine('authorization matrix', (ctx) => {
  it('every API route declares its access', () => {
    const missing = ctx().app.routeTable.filter((r) => !r.access);
    expect(missing).toEqual([]);
    expect(ctx().app.routeTable.length).toBeGreaterThan(10);
  });

  it('every route answers each kind of person as its policy says', async () => {
    const { app } = ctx();
    const rows: string[] = [];
    const failures: string[] = [];
    const routes = app.routeTable.filter((r) => r.access?.kind !== 'public');
    for (const route of routes) {
      const access = route.access;
      if (!access) continue;
      const fill = async (w: World, id: string) => {
        let url = route.url;
        for (const name of route.url.match(/:(\w+)/g) ?? []) {
          const key = name.slice(1);
          let value: string;
          if (access.kind === 'engagement' && key === (access.param ?? 'id')) value = id;
          else if (extraParams[key]) value = await extraParams[key](w);
          else if (key === 'id' || key === 'token') value = 'someid123';
          else throw new Error(`No value for :${key} in ${route.method} ${route.url}; add it to extraParams`);
          url = url.replace(name, value);
        }
        return url;
      };
      const call = async (client: TestClient, url: string) => {
        // A live stream stays open until the client goes away, so the matrix hangs up at once.
        if (route.url.endsWith('/events')) return statusOfStream(app, client, url);
        const res = await client.request(route.method as 'GET', url, ['GET', 'DELETE'].includes(route.method) ? undefined : {});
        return res.statusCode;
      };
      const expectStatus = (who: string, got: number, ok: (s: number) => boolean, want: string) => {
        const line = `${route.method} ${route.url} as ${who}: ${got}`;
        rows.push(line);
        if (!ok(got)) failures.push(`${line} (expected ${want})`);
      };

      const w = await buildWorld(app, `Matrix ${route.method} ${route.url}`);
      if (access.kind === 'user') {
        const url = await fill(w, 'someid123');
        expectStatus('logged out', await call(new TestClient(app), url), (s) => s === 401, '401');
        continue;
      }
      if (access.kind !== 'engagement') continue;
      const fixture = resourceFixtures[access.resource];
      if (!fixture) {
        failures.push(`${route.method} ${route.url}: no fixture for resource "${access.resource}" in test/resource-fixtures.ts`);
        continue;
      }
      // The role table and the engagement's own rules (the world is a company's: its sponsor is billed).
      const allowed = (role: 'coach' | 'coachee' | 'sponsor') =>
        mayTakeInEngagement({ userId: w[role].user?.id ?? '', role }, access.action, { clientType: 'organization' });
      expectStatus('logged out', await call(new TestClient(app), await fill(w, await fixture(w))), (s) => s === 401, '401');
      expectStatus('non-member', await call(w.outsider, await fill(w, await fixture(w))), (s) => s === 404, '404');
      for (const role of ['sponsor', 'coachee', 'coach'] as const) {
        const client = w[role];
        const status = await call(client, await fill(w, await fixture(w)));
        if (allowed(role)) expectStatus(role, status, (s) => ![401, 403, 404].includes(s) && s < 500, 'allowed: not 401/403/404/5xx');
        else expectStatus(role, status, (s) => s === 403, '403');
      }
    }
    expect(failures).toEqual([]);
    expect(rows.length).toBeGreaterThan(routes.length);
    // Each of those answers (401, 403, 404 and the allowed ones) is one the API document lists, with its shape.
    expect(ctx().answers.mismatches).toEqual([]);
  }, 120_000);
});
