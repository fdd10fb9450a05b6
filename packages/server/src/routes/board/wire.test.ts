import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { baseUrlOf, describeEachEngine, freshDatabase } from '../../test/harness.js';
import { buildWorld, type World } from '../../test/world.js';

/** The answer's body as the client reads it, after undoing its Content-Encoding. */
function decoded(res: LightMyRequestResponse): Buffer {
  const raw = res.rawPayload;
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(raw);
  if (encoding === 'gzip') return zlib.gunzipSync(raw);
  expect(encoding).toBeUndefined();
  return raw;
}

/** A board with a dozen cards, a few kilobytes of JSON. */
async function boardWithCards(w: World): Promise<string> {
  const columns = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
  for (let i = 1; i <= 12; i += 1) {
    const res = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, {
      columnId: columns[0].id,
      title: `Prepare the one-to-one agenda with report ${i}`,
      description: 'Agreed in the session. **Why:** it makes the next step visible.',
      definitionOfDone: [{ text: 'Shared with the coach' }, { text: 'Discussed with the team' }],
    });
    expect(res.statusCode).toBe(201);
  }
  return `/api/engagements/${w.engagementId}/board`;
}

describeEachEngine('bytes on the wire', (ctx) => {
  it('sends the board compressed when the client accepts it, the same JSON once decompressed, and plain when it does not', async () => {
    const w = await buildWorld(ctx().app);
    const url = await boardWithCards(w);
    const plain = await w.coach.get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.json().columns[0].cards).toHaveLength(12);

    const br = await w.coach.get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(decoded(br).equals(plain.rawPayload)).toBe(true);

    const gzip = await w.coach.get(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip).equals(plain.rawPayload)).toBe(true);

    // A client that refuses brotli gets gzip; one that wants no encoding gets the bytes as they are.
    expect((await w.coach.get(url, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    const identity = await w.coach.get(url, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.rawPayload.equals(plain.rawPayload)).toBe(true);
  });

  it('sends the version after a change compressed anew, never the previous one', async () => {
    const w = await buildWorld(ctx().app);
    const url = await boardWithCards(w);
    const before = await w.coach.get(url, { 'accept-encoding': 'br' });
    const card = JSON.parse(decoded(before).toString()).columns[0].cards[0];
    const done = JSON.parse(decoded(before).toString()).columns.find((c: { kind: string }) => c.kind === 'done').id;
    expect((await w.coach.post(`/api/cards/${card.id}/move`, { columnId: done, version: card.version })).statusCode).toBe(200);
    const after = JSON.parse(decoded(await w.coach.get(url, { 'accept-encoding': 'br' })).toString());
    expect(after.lastEventId).toBeGreaterThan(JSON.parse(decoded(before).toString()).lastEventId);
    expect(after.columns.find((c: { kind: string }) => c.kind === 'done').cards.map((c: { id: string }) => c.id)).toEqual([card.id]);
  });

  it('answers an unchanged reload with a bodiless 304 whatever the client accepts', async () => {
    const w = await buildWorld(ctx().app);
    const url = await boardWithCards(w);
    const first = await w.coach.get(url, { 'accept-encoding': 'br, gzip' });
    const again = await w.coach.get(url, { 'accept-encoding': 'br, gzip', 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
    expect(again.headers['content-length'] ?? '0').toBe('0');
    expect(again.headers.vary).toMatch(/accept-encoding/i);
  });

  it('compresses the metrics and other JSON answers, but not answers too small to gain', async () => {
    const w = await buildWorld(ctx().app);
    await boardWithCards(w);
    const metricsUrl = `/api/engagements/${w.engagementId}/metrics`;
    const plain = await w.coach.get(metricsUrl);
    const br = await w.coach.get(metricsUrl, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(br).toString())).toEqual(plain.json());
    // Compressed per request by the plugin: the whole engagement as JSON.
    const exportUrl = `/api/engagements/${w.engagementId}/export.json`;
    const gz = await w.coach.get(exportUrl, { 'accept-encoding': 'gzip' });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(gz).toString()).engagement.id).toBe(w.engagementId);
    // A few bytes are sent as they are.
    const me = await w.coach.get('/api/auth/me', { 'accept-encoding': 'br, gzip' });
    expect(me.statusCode).toBe(200);
    expect(me.rawPayload.length).toBeLessThan(1024);
    expect(me.headers['content-encoding']).toBeUndefined();
  });

  it('streams live events uncompressed and at once, even to a client that accepts compression', async () => {
    const { app } = ctx();
    const w = await buildWorld(app);
    const columns = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json().columns;
    const base = new URL(await baseUrlOf(app));
    const chunks: string[] = [];
    let headers: http.IncomingHttpHeaders = {};
    const req = http.get({
      host: base.hostname,
      port: base.port,
      path: `/api/engagements/${w.engagementId}/events`,
      headers: { ...w.coachee.authHeaders(), accept: 'text/event-stream', 'accept-encoding': 'br, gzip' },
    });
    const arrived = (text: string) =>
      new Promise<void>((resolve, reject) => {
        // A compressing stream would hold the frame until the stream ends, so it would never arrive; the bound
        // is generous only for a busy machine.
        const timer = setTimeout(() => reject(new Error(`"${text}" did not arrive within 5 s; got ${JSON.stringify(chunks.join(''))}`)), 5000);
        const check = () => {
          if (chunks.join('').includes(text)) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 10);
        };
        check();
      });
    req.on('response', (res) => {
      headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push(c));
    });
    try {
      await arrived('event: ready');
      expect(headers['content-encoding']).toBeUndefined();
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: columns[0].id, title: 'Seen at once' });
      await arrived('Seen at once');
    } finally {
      req.destroy();
    }
  });
});

describe('the web build on the wire', () => {
  it('sends the precompressed copy of an asset as the client accepts, and index.html compressed too', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-web-'));
    const script = `console.log(${JSON.stringify('the board, drawn '.repeat(200))});\n`;
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets/index-abc.js'), script);
    fs.writeFileSync(path.join(dist, 'assets/index-abc.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dist, 'assets/index-abc.js.gz'), zlib.gzipSync(script));
    const html = `<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(80)}</body></html>`;
    fs.writeFileSync(path.join(dist, 'index.html'), html);
    const fresh = await freshDatabase('sqlite');
    const app = await buildApp({ ...fresh.config, webDist: dist }, { database: fresh.database, logger: false });
    try {
      const get = (url: string, encoding?: string) => app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });
      const br = await get('/assets/index-abc.js', 'gzip, deflate, br');
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.headers['cache-control']).toMatch(/immutable/);
      expect(decoded(br).toString()).toBe(script);
      const gz = await get('/assets/index-abc.js', 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(decoded(gz).toString()).toBe(script);
      const plain = await get('/assets/index-abc.js');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(script);
      // Any path of the single-page app gets index.html, compressed when accepted.
      const page = await get('/e/some-engagement/board', 'br');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-encoding']).toBe('br');
      expect(decoded(page).toString()).toBe(html);
      expect((await get('/e/some-engagement/board')).body).toBe(html);
    } finally {
      await app.close();
      await fresh.database.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
