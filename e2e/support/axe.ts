import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules, and axe's best practices (landmarks, one main, headings). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe on the screen as it is now and fails on any serious or critical violation, listing each rule
 * with the elements it found. Journeys call it after every navigation and after opening a dialog, so
 * every screen they visit is checked (and, in a phone-sized window, that the page does not scroll sideways). With AXE_REPORT=path, every violation (of any impact) is appended
 * to that file as JSON lines instead of failing, to survey the app.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Let entry transitions (fades, slide-ins) finish so colours are measured as a person sees them.
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const report = process.env.AXE_REPORT;
  if (report) {
    for (const v of results.violations) {
      fs.appendFileSync(
        report,
        `${JSON.stringify({ screen, url: page.url(), rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) })}\n`,
      );
    }
    return;
  }
  const failing = results.violations
    .filter((v) => FAILING.has(v.impact ?? ''))
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n')}`,
    );
  expect(failing, `axe on “${screen}” (${page.url()})`).toEqual([]);
  await expectNoSidewaysScroll(page, screen);
}

/**
 * On a phone-sized window, the page itself never scrolls sideways: whatever is wider (the board, the tabs, a
 * table) scrolls inside its own box. Checked on every screen a journey checks with axe.
 */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  if (width === 0 || width > 480) return;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `“${screen}” (${page.url()}) is ${scrollWidth} px wide in a ${width} px window`).toBeLessThanOrEqual(width);
}
