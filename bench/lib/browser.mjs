// Page load in headless Chromium, and the size of the JavaScript a first visit downloads.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The entry script of the built web app and its modulepreload links, raw and gzipped, in bytes. */
export function initialJs(webDist) {
  const indexPath = path.join(webDist, 'index.html');
  if (!fs.existsSync(indexPath)) return null;
  const html = fs.readFileSync(indexPath, 'utf8');
  const files = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="modulepreload"/g)) files.add(m[1]);
  let raw = 0;
  let gzip = 0;
  const list = [];
  for (const href of files) {
    const file = path.join(webDist, href.replace(/^\//, '').split('?')[0]);
    const bytes = fs.readFileSync(file);
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += gz;
    list.push({ file: href, raw: bytes.length, gzip: gz });
  }
  return { raw, gzip, files: list };
}

/**
 * Opens the board in a fresh browser context (cold cache) with the person's session cookie, and returns the
 * milliseconds from navigation start until the first card of every non-empty column is drawn, focusable,
 * and the topmost element at its centre (so a click would reach it).
 */
async function oneLoad(browser, { origin, url, cookies, titles, timeoutMs }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addCookies(cookies.map((c) => ({ ...c, url: origin })));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'commit' });
    let handle;
    try {
      handle = await page.waitForFunction(
        (wanted) => {
          // Polling starts before the document has a body; a throw here would end the wait.
          if (!document.body) return false;
          for (const title of wanted) {
            const hit = document.evaluate(`//*[normalize-space(text())=${JSON.stringify(title)}]`, document.body, null, 9, null).singleNodeValue;
            if (!hit) return false;
            const card = hit.closest('a[href],button,[tabindex],[role="button"],[draggable="true"]');
            if (!card) return false;
            const r = card.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return false;
            if (r.top < window.innerHeight && r.bottom > 0) {
              const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
              if (!top || !(card === top || card.contains(top))) return false;
            }
            card.focus({ preventScroll: true });
            if (document.activeElement !== card) return false;
          }
          return performance.now();
        },
        titles,
        { polling: 'raf', timeout: timeoutMs },
      );
    } catch (err) {
      if (!/Timeout/i.test(err.message)) throw err;
      const shown = (
        await page
          .locator('main, body')
          .first()
          .textContent()
          .catch(() => '')
      )
        .slice(0, 160)
        .replace(/\s+/g, ' ');
      throw new Error(
        `the board page showed no usable cards within ${timeoutMs / 1000} s (it shows: "${shown}")${errors.length ? `; page errors: ${errors[0]}` : ''}`,
      );
    }
    const usableMs = await handle.jsonValue();
    // Confirm with Playwright's own actionability checks (not timed).
    await page.getByText(titles[0], { exact: true }).first().click({ trial: true, timeout: 5000 });
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return n ? { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd } : null;
    });
    return { usableMs, ...nav };
  } finally {
    await context.close();
  }
}

/** Median of several cold loads of the board until it is drawn and usable. */
export async function measureBoardLoad({ server, person, engagementId, titles, runs = 3, timeoutMs = 15_000 }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const cookies = person.cookies.map((c) => {
      const i = c.indexOf('=');
      return { name: c.slice(0, i), value: c.slice(i + 1) };
    });
    const url = `${server.url}/e/${engagementId}/board`;
    // One visit first, so the server's first-hit costs are not counted against the browser.
    await oneLoad(browser, { origin: server.url, url, cookies, titles, timeoutMs });
    const loads = [];
    for (let i = 0; i < runs; i += 1) loads.push(await oneLoad(browser, { origin: server.url, url, cookies, titles, timeoutMs }));
    const sorted = loads.map((l) => l.usableMs).sort((a, b) => a - b);
    return { usableMs: sorted[Math.floor(sorted.length / 2)], runs: loads };
  } finally {
    await browser.close();
  }
}
