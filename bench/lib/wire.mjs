// Bytes on the wire: what the server actually sends for a request, counted on the socket (fetch would
// decompress and hide it).
import http from 'node:http';

/** What Chromium sends as Accept-Encoding. */
export const browserAcceptEncoding = 'gzip, deflate, br, zstd';

/** One GET, answering its status, Content-Encoding, Vary and the body's size as sent, in bytes. */
export function wireBytes(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, encoding: res.headers['content-encoding'] ?? null, vary: res.headers.vary ?? null, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A JSON answer's size as it is, and as brotli and gzip, as the server sends it to clients that take them. */
export async function answerOnTheWire(server, token, path) {
  const url = server.url + path;
  const auth = { authorization: `Bearer ${token}` };
  const [raw, br, gzip] = [
    await wireBytes(url, auth),
    await wireBytes(url, { ...auth, 'accept-encoding': browserAcceptEncoding }),
    await wireBytes(url, { ...auth, 'accept-encoding': 'gzip' }),
  ];
  for (const r of [raw, br, gzip]) if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}`);
  return { raw: raw.bytes, br: br.bytes, brEncoding: br.encoding, gzip: gzip.bytes, gzipEncoding: gzip.encoding };
}

/** The initial JavaScript (entry script and modulepreload links) as the server sends it to Chromium. */
export async function initialJsOnTheWire(server, files) {
  const sent = [];
  for (const f of files) {
    const r = await wireBytes(server.url + f.file, { 'accept-encoding': browserAcceptEncoding });
    if (r.status !== 200) throw new Error(`GET ${f.file} answered ${r.status}`);
    sent.push({ file: f.file, raw: f.raw, sent: r.bytes, encoding: r.encoding });
  }
  return { bytes: sent.reduce((s, f) => s + f.sent, 0), raw: sent.reduce((s, f) => s + f.raw, 0), files: sent };
}
