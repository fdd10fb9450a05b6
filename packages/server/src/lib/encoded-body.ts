import { promisify } from 'node:util';
import zlib from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The encodings Carriage sends, best first: brotli where the client takes it, gzip otherwise. */
export type WireEncoding = 'br' | 'gzip';
export const wireEncodings: WireEncoding[] = ['br', 'gzip'];

/** Below this many bytes an answer goes out as it is: compressing it would save less than a packet. */
export const compressThreshold = 1024;

/**
 * Brotli at quality 4 for answers compressed per request (@fastify/compress's default: quality 11 costs
 * tens of times more CPU); quality 5 for kept bodies, compressed once per version and sent many times.
 */
export const brotliPerRequest = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
const brotliKept = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding to answer with for an Accept-Encoding header, or null for the bytes as they are. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): WireEncoding | null {
  if (typeof acceptEncoding !== 'string' || acceptEncoding === '') return null;
  // `*` accepts anything and `x-gzip` is gzip's old name (RFC 9110 §12.5.3).
  const header = acceptEncoding.toLowerCase().replace(/\*|x-gzip/g, 'gzip');
  return negotiate(header, wireEncodings);
}

/**
 * A response body kept in memory (a board or metrics version): its bytes, and each encoding made once,
 * on first demand, off the event loop, then shared by every later request for it.
 */
export class EncodedBody {
  readonly #encoded = new Map<WireEncoding, Promise<Buffer>>();

  constructor(readonly raw: Buffer) {}

  /** The body in this encoding; concurrent requests for an encoding not made yet wait for the one compression. */
  encoded(encoding: WireEncoding): Promise<Buffer> {
    let pending = this.#encoded.get(encoding);
    if (!pending) {
      pending = encoding === 'br' ? brotli(this.raw, brotliKept) : gzip(this.raw, { level: 6 });
      this.#encoded.set(encoding, pending);
      pending.catch(() => this.#encoded.delete(encoding));
    }
    return pending;
  }
}

/** Marks an answer as depending on Accept-Encoding, keeping whatever Vary already names. */
export function varyOnEncoding(reply: FastifyReply): FastifyReply {
  const vary = reply.getHeader('vary');
  if (vary === undefined) return reply.header('vary', 'accept-encoding');
  const current = Array.isArray(vary) ? vary.join(', ') : String(vary);
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(current)) return reply;
  return reply.header('vary', `${current}, accept-encoding`);
}

/**
 * Sends a kept body compressed as the client accepts (its encoding made once per body), or as it is.
 * Sets Content-Encoding itself, so @fastify/compress leaves the answer alone.
 */
export async function sendEncoded(request: FastifyRequest, reply: FastifyReply, body: EncodedBody): Promise<FastifyReply> {
  varyOnEncoding(reply);
  const encoding = body.raw.length >= compressThreshold ? chooseEncoding(request.headers['accept-encoding']) : null;
  if (!encoding) return reply.send(body.raw);
  const bytes = await body.encoded(encoding);
  return reply.header('content-encoding', encoding).send(bytes);
}
