// A small client of the Carriage API, used the way an integration would: sign up, then a Bearer token.
import crypto from 'node:crypto';

/** Runs fn over items with at most `concurrency` in flight; rejects on the first failure. */
export async function parallel(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export class ApiError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}

/** A person using the API with a personal token (no cookies, so no CSRF). */
export class Person {
  constructor(base, user, token, cookies) {
    this.base = base;
    this.user = user;
    this.token = token;
    this.cookies = cookies;
  }

  /** Signs a new person up, then creates a personal API token with the session cookie and CSRF header. */
  static async signUp(base, name) {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${crypto.randomBytes(4).toString('hex')}@example.com`;
    const password = 'correct horse battery staple';
    const res = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, password }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new ApiError('POST', '/api/auth/signup', res.status, text);
    const { user, csrfToken } = JSON.parse(text);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const tokenRes = await fetch(`${base}/api/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'Benchmark' }),
    });
    const tokenText = await tokenRes.text();
    if (tokenRes.status !== 201) throw new ApiError('POST', '/api/auth/tokens', tokenRes.status, tokenText);
    const person = new Person(base, { ...user, email, password }, JSON.parse(tokenText).token, cookies);
    return person;
  }

  get authHeaders() {
    return { authorization: `Bearer ${this.token}` };
  }

  async request(method, path, body, { expect } = {}) {
    const headers = { ...this.authHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const ok = expect ? expect.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) throw new ApiError(method, path, res.status, text);
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }
  async get(path) {
    return (await this.request('GET', path)).body;
  }
  async post(path, body = {}) {
    return (await this.request('POST', path, body)).body;
  }
  async patch(path, body = {}) {
    return (await this.request('PATCH', path, body)).body;
  }
}

/** A coach's engagement with one coachee who has joined, and its board's columns by kind. */
export async function createEngagement(coach, coachee, title) {
  const e = await coach.post('/api/engagements', {
    title,
    clientType: 'organization',
    organizationName: 'Northwind Traders',
    startsOn: '2026-01-05',
    endsOn: '2026-06-30',
  });
  const inv = await coach.post(`/api/engagements/${e.id}/invitations`, { email: coachee.user.email, role: 'coachee' });
  await coachee.post(`/api/invitations/${inv.token}/accept`);
  const board = await coach.get(`/api/engagements/${e.id}/board`);
  const columns = Object.fromEntries(board.columns.map((c) => [c.kind, c]));
  return { id: e.id, title, columns };
}
