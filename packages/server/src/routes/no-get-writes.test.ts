import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { draft, signedBy } from '../test/contracts.js';
import { describeEachEngine, statusOfStream, TestClient } from '../test/harness.js';
import { extraParams, resourceFixtures } from '../test/resource-fixtures.js';
import { runToCommitments, schedule } from '../test/session-helpers.js';
import { buildWorld } from '../test/world.js';

/**
 * Access bookkeeping a read may update, at most once a minute or an hour: when a login, a personal token
 * or a calendar feed address was last used. Nothing else changes when someone only reads.
 */
const BOOKKEEPING: Record<string, string[]> = {
  auth_sessions: ['last_seen_at', 'expires_at'],
  api_tokens: ['last_used_at'],
  calendar_feeds: ['last_fetched_at'],
};

/** Every row of every table (but bookkeeping columns), in a stable order. */
async function snapshot(app: FastifyInstance): Promise<Record<string, string[]>> {
  const tables =
    app.database.engine === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(app.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(app.db)).rows.map(
          (r) => r.name,
        );
  const out: Record<string, string[]> = {};
  for (const table of tables.filter((t) => !t.startsWith('kysely_')).sort()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(app.db)).rows;
    out[table] = rows
      .map((row) => {
        const kept = { ...row };
        for (const column of BOOKKEEPING[table] ?? []) delete kept[column];
        return JSON.stringify(kept, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
      })
      .sort();
  }
  return out;
}

describeEachEngine('no GET request writes', (ctx) => {
  it('reading every GET route of the route table, as every kind of person, changes no table', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Read-only engagement');

    // Resources of every type, and states in which a read used to write.
    const ids: Record<string, string[]> = {};
    for (const [type, make] of Object.entries(resourceFixtures)) ids[type] = [await make(w)];
    // A contract awaiting signatures that the coachee has not opened yet (opening it recorded "viewed").
    await w.coach.post(`/api/contracts/${ids.contract[0]}/send`);
    // A signed contract whose start date has come since it was signed (opening it activated it).
    const dated = await draft(w);
    await signedBy(w, dated.id);
    await app.db.updateTable('contracts').set({ starts_on: '2020-01-01', ends_on: '2020-06-30' }).where('id', '=', dated.id).execute();
    ids.contract.push(dated.id);
    // A closed session with its recap.
    const [closed] = await schedule(w, { startsAt: '2026-03-03T09:00:00+01:00' });
    await runToCommitments(w, closed.id);
    expect((await w.coach.post(`/api/sessions/${closed.id}/close`)).statusCode).toBe(200);
    const invitationToken = (await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, { email: 'reader@example.com', role: 'sponsor' })).json()
      .token as string;
    const feedToken = (await w.coachee.post('/api/calendar')).json().url.match(/calendar\/([\w-]+)\.ics$/)[1] as string;
    ids.session.push(closed.id);
    const webhookId = (
      await w.coach.post('/api/webhooks', { url: 'https://hooks.example.com/carriage', engagementId: w.engagementId, eventTypes: ['card.created'] })
    ).json().id as string;

    const before = await snapshot(app);
    const people = { anonymous: new TestClient(app), outsider: w.outsider, sponsor: w.sponsor, coachee: w.coachee, coach: w.coach };
    const gets = app.routeTable.filter((r) => r.method === 'GET');
    const answered: string[] = [];
    for (const route of gets) {
      const fill = async (id: string) => {
        let url = route.url;
        for (const name of route.url.match(/:(\w+)/g) ?? []) {
          const key = name.slice(1);
          let value: string;
          if (route.access?.kind === 'engagement' && key === (route.access.param ?? 'id')) value = id;
          else if (key === 'token') value = route.url.startsWith('/api/calendar/') ? feedToken : invitationToken;
          else if (key === 'id' && route.url.startsWith('/api/webhooks/')) value = webhookId;
          else if (extraParams[key]) value = await extraParams[key](w);
          else throw new Error(`No value for :${key} in GET ${route.url}; add one here`);
          url = url.replace(name, value);
        }
        return url;
      };
      const resourceIds = route.access?.kind === 'engagement' ? ids[route.access.resource] : [''];
      for (const id of resourceIds) {
        const url = await fill(id);
        for (const [who, client] of Object.entries(people)) {
          const status = route.url.endsWith('/events') ? await statusOfStream(app, client, url) : (await client.get(url)).statusCode;
          answered.push(`${status} GET ${url} as ${who}`);
          expect(status, `GET ${route.url} as ${who}`).toBeLessThan(500);
        }
      }
    }
    // The walk read real things (not only refusals): the contracts and the recap among them.
    expect(answered.filter((a) => a.startsWith('200 ')).length).toBeGreaterThan(gets.length);
    expect(answered).toContain(`200 GET /api/contracts/${ids.contract[0]} as coachee`);
    expect(answered).toContain(`200 GET /api/contracts/${dated.id} as sponsor`);
    expect(answered).toContain(`200 GET /api/sessions/${closed.id}/recap as coachee`);

    const after = await snapshot(app);
    for (const table of Object.keys(before)) expect(after[table], `table ${table}`).toEqual(before[table]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['events', 'jobs', 'contract_audit', 'contracts', 'calendar_feeds']));
  }, 120_000);
});
