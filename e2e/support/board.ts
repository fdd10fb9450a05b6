import { type APIRequestContext, type Browser, type BrowserContext, expect, type Locator, type Page } from '@playwright/test';
import { type CarriageClient, carriageClient, expectData, type paths } from '../../packages/api-client/src/index.ts';
import { E2E_PORT } from '../playwright.config';
import { PASSWORD, uniqueEmail } from './helpers';

/** fetch over a browser context's request client, so typed API calls share the context's session cookie. */
function contextFetch(request: APIRequestContext): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const res = await request.fetch(req.url, { method: req.method, headers: Object.fromEntries(req.headers), data: body });
    const empty = res.status() === 204 || res.status() === 304;
    return new Response(empty ? null : new Uint8Array(await res.body()), { status: res.status(), headers: res.headers() });
  };
}

/** A signed-in person's API access from their browser context (session cookie + CSRF token). */
export class Api {
  /** The typed client (generated from the API document): paths, bodies and answers checked by the compiler. */
  readonly client: CarriageClient;
  constructor(
    readonly request: APIRequestContext,
    readonly csrf: string,
    readonly userId: string,
  ) {
    this.client = carriageClient(`http://127.0.0.1:${E2E_PORT}`, { csrfToken: csrf, fetch: contextFetch(request) });
  }
  async call<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, data?: unknown): Promise<T> {
    const res = await this.request.fetch(url, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': this.csrf } });
    if (!res.ok()) throw new Error(`${method} ${url} answered ${res.status()}: ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** Signs a new person up through the API inside a browser context, so its pages are logged in too. */
export async function signUpByApi(context: BrowserContext, name: string, email = uniqueEmail(name.split(' ')[0].toLowerCase())): Promise<Api> {
  const res = await context.request.post('/api/auth/signup', { data: { name, email, password: PASSWORD } });
  expect(res.status()).toBe(201);
  const body = await res.json();
  return new Api(context.request, body.csrfToken, body.user.id);
}

export interface Pair {
  coachCtx: BrowserContext;
  coacheeCtx: BrowserContext;
  coach: Page;
  coachee: Page;
  coachApi: Api;
  coacheeApi: Api;
  engagementId: string;
  columns: { id: string; name: string; kind: string }[];
  close(): Promise<void>;
}

/** A coach and a coachee, each in their own browser context, in a fresh engagement joined through its invitation. */
export async function coachAndCoachee(browser: Browser, title = 'Leading the new team'): Promise<Pair> {
  const coachCtx = await browser.newContext();
  const coacheeCtx = await browser.newContext();
  const coachApi = await signUpByApi(coachCtx, 'Clara Coach');
  const coacheeEmail = uniqueEmail('theo');
  const engagement = expectData(
    await coachApi.client.POST('/api/engagements', { body: { title, clientType: 'individual', coachee: { name: 'Theo Coachee', email: coacheeEmail } } }),
  );
  const coacheeApi = await signUpByApi(coacheeCtx, 'Theo Coachee', coacheeEmail);
  const token = engagement.invitations[0]?.token as string;
  expectData(await coacheeApi.client.POST('/api/invitations/{token}/accept', { params: { path: { token } } }));
  const board = expectData(await coachApi.client.GET('/api/engagements/{id}/board', { params: { path: { id: engagement.id } } }));
  return {
    coachCtx,
    coacheeCtx,
    coach: await coachCtx.newPage(),
    coachee: await coacheeCtx.newPage(),
    coachApi,
    coacheeApi,
    engagementId: engagement.id,
    columns: board.columns,
    close: async () => {
      await Promise.all([coachCtx.close(), coacheeCtx.close()]);
    },
  };
}

type NewCard = paths['/api/engagements/{id}/cards']['post']['requestBody']['content']['application/json'];

/** Adds a card through the API (the typed client checks the body against the document). */
export async function addCard(api: Api, engagementId: string, body: NewCard) {
  return expectData(await api.client.POST('/api/engagements/{id}/cards', { params: { path: { id: engagementId } }, body }));
}

/** The board column with this name. */
export function column(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** The control that opens and moves a card: a button named by the card's title, where keyboard focus lands. */
export function cardControl(scope: Page | Locator, title: string): Locator {
  return scope.getByRole('button', { name: title, exact: true });
}

/** A card on the board, by its title: the whole tile, with what it shows, where a pointer grabs it. */
export function card(scope: Page | Locator, title: string): Locator {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('.card').filter({ has: page.getByRole('button', { name: title, exact: true }) });
}

/** Drags with a real mouse in small steps (dnd-kit starts a drag after a few pixels of movement). */
export async function drag(page: Page, from: Locator, to: Locator, where: 'center' | 'top' | 'bottom' = 'center'): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('Both ends of the drag must be visible');
  const startX = a.x + a.width / 2;
  const startY = a.y + Math.min(20, a.height / 2);
  const endX = b.x + b.width / 2;
  const endY = where === 'top' ? b.y + 8 : where === 'bottom' ? b.y + b.height - 8 : b.y + b.height / 2;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  await page.mouse.move(startX + 4, startY + 4, { steps: 4 });
  await page.mouse.move(startX + 12, startY + 12, { steps: 4 });
  await page.mouse.move(endX, endY, { steps: 20 });
  await page.mouse.move(endX, endY + 2, { steps: 4 });
  await page.mouse.up();
}
