import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './openapi';

export type { components, operations, paths } from './openapi';

/** A typed client of Carriage's API: paths, parameters, bodies and answers are checked at compile time. */
export type CarriageClient = Client<paths>;

/**
 * A client of the API at `baseUrl`. With a personal API token it sends it as a Bearer token; a browser
 * session instead needs its CSRF token on writes (`csrfToken`). `fetch` may be replaced (tests route
 * requests through their own HTTP client).
 */
export function carriageClient(baseUrl: string, opts: { token?: string; csrfToken?: string; fetch?: ClientOptions['fetch'] } = {}): CarriageClient {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
  return createClient<paths>({ baseUrl, headers, fetch: opts.fetch });
}

/** The data of an answer, or an Error with the API's own message (the one error shape). */
export function expectData<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const message = (result.error as { error?: { message?: string } } | undefined)?.error?.message ?? 'no body';
    throw new Error(`${result.response.url} answered ${result.response.status}: ${message}`);
  }
  return result.data;
}
