import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventCatalog, eventTypes } from './catalog.js';

/** The shape of a payload schema as one line: its top-level fields, `?` marking optional ones. */
function fieldsOf(type: (typeof eventTypes)[number]): string {
  const schema = eventCatalog[type].payload as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> };
  return `{ ${Object.entries(schema.shape)
    .map(([k, v]) => (v.safeParse(undefined).success ? `${k}?` : k))
    .join(', ')} }`;
}

/** The ARCHITECTURE.md table, exactly as the catalog defines it. */
export function catalogTable(): string {
  return eventTypes.map((t) => `| \`${t}\` | ${eventCatalog[t].audience} | \`${fieldsOf(t)}\` — ${eventCatalog[t].about} |`).join('\n');
}

describe('event catalog', () => {
  it('ARCHITECTURE.md lists every event type with its audience and payload fields, as the catalog defines them', () => {
    const doc = fs.readFileSync(new URL('../../../../ARCHITECTURE.md', import.meta.url), 'utf8');
    const start = doc.indexOf('<!-- event-table:start -->');
    const end = doc.indexOf('<!-- event-table:end -->');
    expect(start).toBeGreaterThan(0);
    const table = doc
      .slice(start, end)
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .join('\n');
    // To refresh: UPDATE_DOCS=1 npx vitest run packages/core/src/events/catalog.test.ts
    if (process.env.UPDATE_DOCS === '1') {
      const head = doc.slice(0, start);
      const tail = doc.slice(end);
      fs.writeFileSync(
        new URL('../../../../ARCHITECTURE.md', import.meta.url),
        `${head}<!-- event-table:start -->\n| type | audience | payload |\n|---|---|---|\n${catalogTable()}\n${tail}`,
      );
      return;
    }
    expect(table).toBe(catalogTable());
  });

  it('every payload schema refuses a payload of the wrong shape', () => {
    for (const type of eventTypes) expect(eventCatalog[type].payload.safeParse({ unexpected: true }).success, type).toBe(false);
  });

  it('the web app listens only for prefixes some event type has', () => {
    const prefixes = new Set(eventTypes.map((t) => `${t.split('.')[0]}.`));
    const webSrc = new URL('../../../web/src/', import.meta.url);
    const files = fs.readdirSync(webSrc, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const used = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(new URL(f, webSrc), 'utf8');
      for (const m of text.matchAll(/onLiveEvent\(\s*'([a-z_]+\.)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/for \(const prefix of \[([^\]]+)\]/g)) for (const p of m[1].matchAll(/'([a-z_]+\.)'/g)) used.add(p[1]);
    }
    expect(used.size).toBeGreaterThan(3);
    for (const p of used) expect(prefixes, `the web listens for ${p}`).toContain(p);
  });
});
