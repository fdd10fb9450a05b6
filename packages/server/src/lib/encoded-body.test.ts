import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BoardBodyCache } from '../services/board/board-cache.js';
import { chooseEncoding, EncodedBody } from './encoded-body.js';

describe('kept bodies on the wire', () => {
  it('chooses brotli, then gzip, as the Accept-Encoding header allows', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('x-gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('deflate')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
  });

  it('compresses a body once per encoding, however many requests ask for it at once', async () => {
    const raw = Buffer.from(JSON.stringify({ cards: Array.from({ length: 200 }, (_, i) => ({ id: i, title: `Card ${i}` })) }));
    const body = new EncodedBody(raw);
    const [a, b] = await Promise.all([body.encoded('br'), body.encoded('br')]);
    expect(a).toBe(b);
    expect(await body.encoded('br')).toBe(a);
    expect(zlib.brotliDecompressSync(a).equals(raw)).toBe(true);
    const gz = await body.encoded('gzip');
    expect(zlib.gunzipSync(gz).equals(raw)).toBe(true);
    expect(gz.length).toBeLessThan(raw.length / 3);
  });

  it('keeps one board body per version, so its compressed copies are reused until the board changes', async () => {
    const cache = new BoardBodyCache();
    let builds = 0;
    const build = async () => {
      builds += 1;
      return { built: builds };
    };
    const first = await cache.get('e1', 7, build);
    expect(await cache.get('e1', 7, build)).toBe(first);
    const next = await cache.get('e1', 8, build);
    expect(next).not.toBe(first);
    expect(builds).toBe(2);
  });
});
