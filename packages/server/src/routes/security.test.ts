import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { describeEachEngine, errorOf, signUpClient, TestClient } from '../test/harness.js';
import { problemWith } from '../test/hostile-input.js';
import { extraParams, resourceFixtures } from '../test/resource-fixtures.js';
import { runToCommitments, schedule } from '../test/session-helpers.js';
import { buildWorld, type World } from '../test/world.js';

/**
 * What a person at another engagement, or a page on another site, could try: ids of someone else's
 * engagement inside a request body, cookie-authenticated writes without the CSRF token, guessing
 * reset links, and the public verify page.
 */
describeEachEngine('security', (ctx) => {
  const columnsOf = async (w: World) =>
    (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns as { id: string; kind: string; cards: { id: string }[] }[];

  it('ids from another engagement inside a body are refused, and that engagement is untouched', async () => {
    const { app } = ctx();
    const mine = await buildWorld(app, 'Mine');
    // Another coach's engagement, with none of mine's people in it.
    const theirCoach = await signUpClient(app, 'Other Coach');
    const theirEngagement = await theirCoach.post('/api/engagements', { title: 'Theirs', clientType: 'individual' });
    const theirs = { coach: theirCoach, engagementId: theirEngagement.json().id as string } as World;
    const [myTodo] = await columnsOf(mine);
    const theirColumns = await columnsOf(theirs);
    const theirTodo = theirColumns[0];
    const theirCard = (await theirs.coach.post(`/api/engagements/${theirs.engagementId}/cards`, { columnId: theirTodo.id, title: 'Their card' })).json().id;
    const myCard = (await mine.coach.post(`/api/engagements/${mine.engagementId}/cards`, { columnId: myTodo.id, title: 'My card' })).json();
    const before = JSON.stringify(await columnsOf(theirs));
    const stranger = theirCoach.user?.id as string;

    const [session] = await schedule(mine, { startsAt: '2026-05-05T09:00:00+02:00' });
    await runToCommitments(mine, session.id);
    const myColumn = (await mine.coach.post(`/api/engagements/${mine.engagementId}/columns`, { name: 'Mine too', kind: 'todo' })).json().id;

    const attempts: [string, string, string, Record<string, unknown>][] = [
      ['commit to their card in my session', 'POST', `/api/sessions/${session.id}/commitments`, { cardId: theirCard }],
      ['put my column after theirs by editing it', 'PATCH', `/api/columns/${myColumn}`, { afterColumnId: theirTodo.id }],
      ['create a card in their column', 'POST', `/api/engagements/${mine.engagementId}/cards`, { columnId: theirTodo.id, title: 'Planted' }],
      ['create a card under their goal', 'POST', `/api/engagements/${mine.engagementId}/cards`, { columnId: myTodo.id, title: 'Child', parentId: theirCard }],
      [
        'create a card after their card',
        'POST',
        `/api/engagements/${mine.engagementId}/cards`,
        { columnId: myTodo.id, title: 'After', afterCardId: theirCard },
      ],
      [
        'give a card an owner from elsewhere',
        'POST',
        `/api/engagements/${mine.engagementId}/cards`,
        { columnId: myTodo.id, title: 'Owned', ownerId: stranger },
      ],
      ['move my card into their column', 'POST', `/api/cards/${myCard.id}/move`, { columnId: theirTodo.id, version: myCard.version }],
      ['move my card next to theirs', 'POST', `/api/cards/${myCard.id}/move`, { columnId: myTodo.id, afterCardId: theirCard, version: myCard.version }],
      ['hang my card under their goal', 'PATCH', `/api/cards/${myCard.id}`, { version: myCard.version, parentId: theirCard }],
      ['put my column after theirs', 'POST', `/api/engagements/${mine.engagementId}/columns`, { name: 'Sneaky', kind: 'todo', afterColumnId: theirTodo.id }],
      ['name a stranger as signer', 'POST', `/api/engagements/${mine.engagementId}/contracts`, { template: 'individual', signers: [{ userId: stranger }] }],
      ['remove a stranger as member', 'DELETE', `/api/engagements/${mine.engagementId}/members/${stranger}`, {}],
    ];
    const failures: string[] = [];
    for (const [what, method, url, body] of attempts) {
      const res = await mine.coach.request(method as 'POST', url, method === 'DELETE' ? undefined : body);
      const problem = problemWith(res) ?? (res.statusCode < 400 ? `accepted with ${res.statusCode}: ${res.body.slice(0, 200)}` : null);
      if (problem) failures.push(`${what}: ${problem}`);
    }
    expect(failures).toEqual([]);
    expect(JSON.stringify(await columnsOf(theirs))).toBe(before);
    expect((await mine.coach.get(`/api/cards/${theirCard}`)).statusCode).toBe(404);
  });

  it('every cookie-authenticated write without the CSRF token is refused before it does anything', async () => {
    const { app } = ctx();
    const failures: string[] = [];
    let writes = 0;
    for (const route of app.routeTable) {
      if (['GET', 'HEAD', 'OPTIONS'].includes(route.method) || route.access?.kind === 'public') continue;
      const w = await buildWorld(app, `Csrf ${route.method} ${route.url}`);
      const access = route.access;
      const params: Record<string, string> = {};
      if (access?.kind === 'engagement') params[access.param ?? 'id'] = await resourceFixtures[access.resource](w);
      for (const name of (route.url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1))) {
        params[name] ??= extraParams[name] ? await extraParams[name](w) : 'someid1234567890abcdefghij';
      }
      const url = route.url.replace(/:(\w+)/g, (_, k: string) => params[k]);
      const before = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().lastEventId;
      for (const header of [{}, { 'x-csrf-token': 'forged' }] as Record<string, string>[]) {
        // A page on another site can send the cookie but can't read it, so the header is missing or wrong.
        const forged = new TestClient(app);
        forged.cookies = { carriage_session: w.coach.cookies.carriage_session };
        const res = await forged.request(route.method as 'POST', url, route.method === 'DELETE' ? undefined : {}, header);
        writes += 1;
        if (res.statusCode !== 403 || errorOf(res).code !== 'csrf_failed')
          failures.push(`${route.method} ${route.url}: ${res.statusCode} ${res.body.slice(0, 150)}`);
      }
      const after = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().lastEventId;
      if (after !== before) failures.push(`${route.method} ${route.url}: the engagement changed (${before} → ${after})`);
    }
    expect(failures).toEqual([]);
    expect(writes).toBeGreaterThan(40);
  }, 120_000);

  it('password reset requests and confirmations are rate-limited', async () => {
    const { app, config } = ctx();
    const email = `reset.target.${Date.now()}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i <= config.loginMaxAttempts; i++) statuses.push((await new TestClient(app).post('/api/auth/password-reset', { email })).statusCode);
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const guesses: number[] = [];
    for (let i = 0; i <= config.loginMaxAttempts; i++) {
      guesses.push(
        (await new TestClient(app).post('/api/auth/password-reset/confirm', { token: `guess-${i}-aaaaaaaaaaaaaaaaaaaaaaaa`, password: 'a fine new password' }))
          .statusCode,
      );
    }
    expect(guesses.at(-1)).toBe(429);
  });

  it('the public verify page says nothing about drafts, and only what the signed document itself shows', async () => {
    const { app } = ctx();
    const w = await buildWorld(app, 'Verified engagement');
    const draft = await w.coach.post(`/api/engagements/${w.engagementId}/contracts`, {
      template: 'individual',
      title: 'Secret draft terms',
      startsOn: '2030-01-01',
      endsOn: '2030-03-31',
      rate: { amountMinor: 90000, currency: 'EUR', unit: 'fixed' },
      deliverables: [{ description: 'Something' }],
      signers: [{ userId: w.coach.user?.id }, { userId: w.coachee.user?.id }],
    });
    const hash = draft.json().contentSha256 as string;
    const anyone = new TestClient(app);
    const res = await anyone.post('/api/contracts/verify', { sha256: hash });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ match: false, contract: null });
    expect(res.body).not.toContain('Secret draft terms');

    const sent = await w.coach.post(`/api/contracts/${draft.json().id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    for (const who of [w.coachee, w.coach]) {
      const signed = await who.post(`/api/contracts/${draft.json().id}/sign`, { typedName: who.user?.name, consent: true });
      expect(signed.statusCode, signed.body).toBe(200);
    }
    const signed = await w.coach.get(`/api/contracts/${draft.json().id}`);
    const found = await anyone.post('/api/contracts/verify', { sha256: signed.json().contentSha256 });
    expect(found.json().match).toBe(true);
    // What a holder of the signed PDF already reads on it: title, version, signers and dates; no terms, ids of people or engagement.
    expect(Object.keys(found.json().contract).sort()).toEqual(['contentSha256', 'id', 'signedAt', 'signers', 'status', 'title', 'version']);
    expect(found.body).not.toContain(w.engagementId);
    expect(found.body).not.toContain(w.coach.user?.email as string);
  });

  it('sends no script permission beyond its own files', async () => {
    const res = await new TestClient(ctx().app).get('/api/health');
    const csp = res.headers['content-security-policy'] as string;
    const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(script.trim()).toBe("'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
  });

  it('serves the web app’s files but never its source maps', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js.map'), '{"version":3,"sources":["../src/secret-source.tsx"]}');
    const app = await buildApp({ ...ctx().config, webDist: dist }, { database: ctx().database, logger: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/board/123' })).body).toContain('<script');
      for (const url of ['/assets/app.js.map', '/assets/app.js.map?x=1', '/assets/other.js.map']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('secret-source');
        expect(problemWith(res)).toBeNull();
      }
    } finally {
      await app.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
