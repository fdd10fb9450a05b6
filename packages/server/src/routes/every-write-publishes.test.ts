import fs from 'node:fs';
import { policyTable, type Role } from '@carriage/core';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import type { RouteEntry } from '../plugins/access.js';
import { describeEachEngine, type TestClient } from '../test/harness.js';
import { sample } from '../test/hostile-input.js';
import { draftInvoiceIn } from '../test/invoices.js';
import { measuredGoal } from '../test/measures.js';
import { extraParams, resourceFixtures } from '../test/resource-fixtures.js';
import { openStream } from '../test/sse.js';
import { buildWorld, type World } from '../test/world.js';

/**
 * Generated from the route table: every write to an engagement that succeeds appends to the activity log
 * and reaches a live subscriber. The board, its ETag, the caches and the results all follow the log, so a
 * write that skipped it would leave every screen stale. Routes that change nothing anyone sees of the
 * engagement are listed below with the reason.
 */

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const trelloBoard = JSON.parse(fs.readFileSync(new URL('../test/fixtures/trello-board.json', import.meta.url), 'utf8'));

/** Writes that may succeed without an event, and why. */
const quiet: Record<string, string> = {
  'POST /api/invitations/:id/resend': 'resending mails the same link again; nothing on the engagement changes',
  'POST /api/invitations/:id/link': 'like resending, a fresh link for the coach to share themselves; nothing on the engagement changes',
  'POST /api/contracts/:id/viewed': 'a member opening a contract is noted in its audit trail only, as before (live: false)',
  'POST /api/engagements/:id/import/trello/preview': 'a preview runs the import and rolls it back; nothing changes',
  'POST /api/engagements/:id/import/csv/preview': 'a preview runs the import and rolls it back; nothing changes',
};

/** Writes that cannot be taken on the world's real engagement, and where they are tested instead. */
const elsewhere: Record<string, string> = {
  'DELETE /api/engagements/:id/sample':
    'only a sample engagement can be deleted, and it goes with its activity log and stream (routes/engagements/sample.test.ts)',
};

/** Bodies for the routes whose body needs ids from the world; the schema's sample otherwise. */
async function bodyFor(route: RouteEntry, w: World, id: string): Promise<unknown> {
  const key = `${route.method} ${route.url}`;
  const columns = async () => (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns as { id: string; kind: string }[];
  const cardVersion = async () => (await w.coach.get(`/api/cards/${id}`)).json().version as number;
  switch (key) {
    case 'POST /api/engagements/:id/cards':
      return { columnId: (await columns())[0].id, type: 'task', title: 'Published card' };
    case 'POST /api/cards/:id/move':
      return { columnId: (await columns()).find((c) => c.kind === 'verify')?.id, version: await cardVersion() };
    case 'PATCH /api/cards/:id':
      return { version: await cardVersion(), title: 'Renamed card' };
    case 'POST /api/contracts/:id/sign':
      return { typedName: w.coach.user?.name, consent: true };
    case 'POST /api/engagements/:id/contracts':
      return {
        template: 'organization',
        startsOn: '2030-01-01',
        endsOn: '2030-03-31',
        rate: { amountMinor: 120000, currency: 'EUR', unit: 'fixed' },
        deliverables: [{ description: 'A deliverable' }],
        signers: [{ userId: w.coach.user?.id }],
      };
    case 'POST /api/engagements/:id/invitations':
      return { email: `published-${Math.random().toString(36).slice(2)}@example.com`, role: 'coachee' };
    case 'POST /api/engagements/:id/columns':
      return { name: 'Someday', kind: 'backlog' };
    case 'PATCH /api/columns/:id':
      return { name: 'Renamed column' };
    case 'POST /api/sessions/:id/commitments': {
      const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: (await columns())[0].id, type: 'task', title: 'Committed' });
      return { cardId: card.json().id };
    }
    case 'PUT /api/cards/:id/sharing':
      return { shared: true };
    case 'POST /api/cards/:id/check-ins':
      return { value: 2, on: '2026-09-08', note: 'Two evenings' };
    case 'POST /api/check-ins/:id/corrections':
      return { value: 3 };
    case 'PATCH /api/engagements/:id':
      return { title: 'Renamed engagement' };
    case 'PATCH /api/contracts/:id':
      return { title: 'Renamed contract' };
    case 'PATCH /api/sessions/:id':
      return { place: 'The corner office' };
    case 'POST /api/invoices/:id/lines':
      return { description: 'Workshop materials', quantity: 1, unitMinor: 4500 };
    case 'PATCH /api/invoices/:id':
      return { notes: 'Thank you.' };
    case 'PATCH /api/invoice-lines/:id':
      return { quantity: 2 };
    case 'POST /api/invoices/:id/payments':
      return { paidOn: '2099-01-01', amountMinor: 100, method: 'bank_transfer' };
    case 'PUT /api/sessions/:id/notes':
      return { shared: 'We agreed on two steps.' };
    case 'PUT /api/sessions/:id/focus': {
      const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: (await columns())[0].id, type: 'task', title: 'In focus' });
      return { stage: 'wifle', cardId: card.json().id };
    }
    case 'POST /api/sessions/:id/send-back':
    case 'POST /api/sessions/:id/pull': {
      const cols = await columns();
      const kind = key.endsWith('send-back') ? 'verify' : 'todo';
      const goal = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: cols[0].id, type: 'goal', title: 'A goal' });
      const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
        columnId: cols.find((c) => c.kind === kind)?.id,
        type: 'task',
        title: 'Ready card',
        ownerId: w.coachee.user?.id,
        dueOn: '2030-04-20',
        definitionOfDone: [{ text: 'Done means done' }],
        parentId: goal.json().id,
      });
      return { cardId: card.json().id, version: card.json().version, ...(kind === 'verify' ? { reason: 'The summary is missing' } : {}) };
    }
    case 'PUT /api/sessions/:id/agreement':
      return { agreed: true };
    case 'POST /api/sessions/:id/addenda':
      return { body: 'Found the draft after all.' };
    case 'POST /api/engagements/:id/import/trello':
    case 'POST /api/engagements/:id/import/trello/preview':
      return { board: trelloBoard };
    case 'POST /api/engagements/:id/import/csv':
    case 'POST /api/engagements/:id/import/csv/preview':
      return { csv: 'title,column\nImported card,To Do' };
    default: {
      const schema = route.schema?.body as z.ZodType | undefined;
      return schema ? sample(schema) : undefined;
    }
  }
}

/** Puts the resource where the route does its work (a contract sent or signed, a session running, a goal card). */
async function prepare(route: RouteEntry, w: World, resource: string): Promise<string> {
  if (resource === 'invitation' && route.url.endsWith('/approve')) {
    // Someone logged in under another address asked to join with it (the world's outsider, a member of no other world).
    const inv = await w.coach.post(`/api/engagements/${w.engagementId}/invitations`, {
      email: `asked-${Math.random().toString(36).slice(2)}@example.com`,
      role: 'coachee',
    });
    await w.outsider.post(`/api/invitations/${inv.json().token}/request`);
    return inv.json().id;
  }
  // A draft's own routes work on a draft; the fixture is an issued invoice.
  if (resource === 'invoice' && !/\/(payments|void|send)$/.test(route.url)) return (await draftInvoiceIn(w)).id;
  const id = await resourceFixtures[resource](w);
  if (resource === 'contract') {
    if (/\/(sign|decline)$/.test(route.url) || /\/(renew|cards|versions|invoices)$/.test(route.url)) await w.coach.post(`/api/contracts/${id}/send`);
    if (/\/(renew|cards|versions|invoices)$/.test(route.url))
      for (const who of [w.coach, w.sponsor, w.coachee]) await who.post(`/api/contracts/${id}/sign`, { typedName: who.user?.name, consent: true });
  }
  if (resource === 'session' && /\/(commitments|wifle|notes|close|focus|send-back|pull|agreement|addenda)$/.test(route.url))
    await w.coach.post(`/api/sessions/${id}/stage`, { stage: 'wifle' });
  if (resource === 'session' && /\/(close|agreement|addenda)$/.test(route.url))
    for (const stage of ['verify', 'in_progress', 'pull', 'commitments']) await w.coach.post(`/api/sessions/${id}/stage`, { stage });
  if (resource === 'session' && route.url.endsWith('/addenda')) await w.coach.post(`/api/sessions/${id}/close`);
  // A value is recorded on a contract goal that has a measure.
  if (resource === 'card' && route.url.endsWith('/check-ins')) return (await measuredGoal(w)).cardId;
  if (resource === 'card' && route.url.endsWith('/sharing')) {
    await w.coach.patch(`/api/cards/${id}`, { version: (await w.coach.get(`/api/cards/${id}`)).json().version, type: 'goal' });
  }
  return id;
}

/** The member who may take the route's action (the coach where several may). */
function actorFor(route: RouteEntry, w: World): TestClient {
  const access = route.access as { action: keyof typeof policyTable };
  const allowed = policyTable[access.action] as readonly Role[];
  return allowed.includes('coach') ? w.coach : allowed.includes('coachee') ? w.coachee : w.sponsor;
}

describeEachEngine('every write publishes', (ctx) => {
  it('each engagement write that succeeds appends to the activity log and reaches a live subscriber', async () => {
    const { app } = ctx();
    const writes = app.routeTable.filter((r) => WRITES.has(r.method) && r.access?.kind === 'engagement');
    expect(writes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let published = 0;
    for (const route of writes) {
      const key = `${route.method} ${route.url}`;
      if (elsewhere[key]) continue;
      const access = route.access as { kind: 'engagement'; resource: string; param?: string };
      const w = await buildWorld(app, `Publishes ${key}`);
      const id = await prepare(route, w, access.resource);
      let url = route.url;
      for (const name of route.url.match(/:(\w+)/g) ?? []) {
        const k = name.slice(1);
        url = url.replace(name, k === (access.param ?? 'id') ? id : ((await extraParams[k]?.(w)) ?? 'someid123'));
      }
      const stream = await openStream(app, w.coach, w.engagementId);
      const ready = await stream.waitFor((e) => e.event === 'ready');
      const body = route.method === 'DELETE' ? undefined : ((await bodyFor(route, w, id)) ?? {});
      const res = await actorFor(route, w).request(route.method as 'POST', url, body as never);
      if (res.statusCode >= 300) {
        failures.push(`${key}: could not be driven (${res.statusCode} ${res.body.slice(0, 160)}); give it a body in bodyFor`);
        stream.close();
        continue;
      }
      const appended = await app.db
        .selectFrom('events')
        .select(['id', 'type'])
        .where('engagement_id', '=', w.engagementId)
        .where('id', '>', ready.data.lastEventId)
        .orderBy('id')
        .execute();
      if (appended.length === 0) {
        if (!quiet[key]) failures.push(`${key}: answered ${res.statusCode} but appended nothing to the activity log`);
      } else {
        const last = Number(appended.at(-1)?.id);
        try {
          await stream.waitFor((e) => e.id === last, 10_000);
          published += 1;
        } catch {
          failures.push(`${key}: appended ${appended.map((a) => a.type).join(', ')} but the live stream never delivered it`);
        }
      }
      stream.close();
    }
    expect(failures).toEqual([]);
    expect(published).toBeGreaterThan(writes.length / 2);
  }, 240_000);
});
