import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { baseUrlOf, describeEachEngine } from '../test/harness.js';
import { type Answer, extremeBodies, extremeValues, problemWith, sample, shapeOf, withValue, workKindOf, workTargets } from '../test/hostile-input.js';
import {
  BODY_METHODS,
  boardColumns,
  bodySchemaOf,
  currentBase,
  fillUrl,
  json,
  keepLoggedIn,
  prepare,
  querySchemaOf,
  send,
  type Target,
} from '../test/route-targets.js';
import type { World } from '../test/world.js';

/**
 * Generated from the route table: every field that sizes work — dates and instants (a span of days to
 * compute), numbers, lists, recurrence rules — in the query and the body, and bodies whose nesting or
 * item count is the attack, get their extreme values. Each must be refused with a 4xx and a sentence
 * within a second, while a plain request sent meanwhile is still answered within a second.
 */

const LIMIT_MS = 1000;
// A cursor names a position in the activity log, not an amount of work: any id past the end replays nothing.
const cursors = new Set(['lastEventId']);

/** A card moved across the board, so results span days and a far `asOf` would cost something. */
async function addActivity(w: World): Promise<void> {
  const columns = await boardColumns(w);
  const card = await w.coach.post(`/api/engagements/${w.engagementId}/cards`, { columnId: columns[0].id, type: 'task', title: 'Moving card' });
  const doing = columns.find((c) => c.kind === 'doing');
  if (doing) await w.coach.post(`/api/cards/${card.json().id}/move`, { columnId: doing.id, version: card.json().version });
}

interface Case {
  what: string;
  url: string;
  body?: { payload: string };
}

/** Sends the case while plain requests are answered one after another; how long each side took. */
async function underLoad(app: FastifyInstance, t: Target, c: Case): Promise<{ res: Answer; ms: number; worstPlainMs: number; plainFailures: number }> {
  let settled = false;
  const started = performance.now();
  const extreme = send(app, t, c.url, c.body)
    .then((res) => ({ res, ms: performance.now() - started }))
    .finally(() => {
      settled = true;
    });
  let worstPlainMs = 0;
  let plainFailures = 0;
  // Never longer than a few limits: a request that hangs is reported by its own time below.
  // Over a real connection, as another person would be served (and so through the event loop's I/O).
  const health = `${await baseUrlOf(app)}/api/health`;
  while (!settled && performance.now() - started < 5 * LIMIT_MS) {
    const s = performance.now();
    const plain = await fetch(health);
    await plain.arrayBuffer();
    worstPlainMs = Math.max(worstPlainMs, performance.now() - s);
    if (plain.status !== 200) plainFailures += 1;
  }
  return { ...(await extreme), worstPlainMs, plainFailures };
}

describeEachEngine('work-sizing input', (ctx) => {
  it('every field that sizes work answers its extreme values with a quick 4xx, and the server keeps serving', async () => {
    const { app } = ctx();
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let requests = 0;

    for (const route of app.routeTable) {
      const t = await prepare(app, route, failures);
      const url = fillUrl(route.url, t.params);
      const withBody = BODY_METHODS.has(route.method);
      const base = withBody ? json(t.base) : undefined;
      const cases: Case[] = [];

      const query = shapeOf(querySchemaOf(route)) ?? {};
      // A valid query to vary one parameter of (a page size needs the page's cursor beside it).
      const validQuery = Object.entries(query).flatMap(([k, f]) => {
        const v = sample(f);
        return v === undefined ? [] : [[k, String(v)] as [string, string]];
      });
      for (const [key, field] of Object.entries(query)) {
        const kind = workKindOf(field);
        if (!kind || cursors.has(key)) continue;
        kinds.set(`query ${kind}`, (kinds.get(`query ${kind}`) ?? 0) + 1);
        const values = extremeValues(kind);
        // The latest date any body takes (an open-ended contract's end) is still too far for a computation.
        if (kind === 'date') values.push({ label: 'the latest date a contract may end', value: '2099-12-31' });
        for (const v of values) {
          const search = new URLSearchParams([...validQuery.filter(([k]) => k !== key), [key, String(v.value)]]);
          cases.push({ what: `?${key}=${v.label}`, url: `${url}?${search}`, body: base });
        }
      }
      if (Object.keys(query).some((k) => workKindOf(query[k]) === 'date')) await addActivity(t.w);

      if (withBody) {
        const schema = bodySchemaOf(route);
        for (const target of workTargets(schema)) {
          kinds.set(`body ${target.kind}`, (kinds.get(`body ${target.kind}`) ?? 0) + 1);
          for (const v of extremeValues(target.kind)) {
            cases.push({ what: `${target.path.join('.')} = ${v.label}`, url, body: json(withValue(await currentBase(t), target.path, v.value, schema)) });
          }
        }
        for (const raw of extremeBodies) cases.push({ what: raw.label, url, body: { payload: raw.payload } });
      }

      for (const c of cases) {
        let run = await underLoad(app, t, c);
        // The machine is shared: a slow answer is tried once more, and only a second slow one counts.
        // Work that grows with the input is slow every time.
        if (run.ms > LIMIT_MS || run.worstPlainMs > LIMIT_MS) run = await underLoad(app, t, c);
        const { res, ms, worstPlainMs, plainFailures } = run;
        requests += 1;
        const where = `${route.method} ${route.url} with ${c.what}`;
        const problem = problemWith(res) ?? (res.statusCode < 400 ? `accepted with ${res.statusCode}` : null);
        if (problem) failures.push(`${where}: ${problem}`);
        if (ms > LIMIT_MS) failures.push(`${where}: answered after ${Math.round(ms)} ms`);
        if (worstPlainMs > LIMIT_MS || plainFailures > 0) {
          failures.push(`${where}: a plain request meanwhile took ${Math.round(worstPlainMs)} ms (${plainFailures} failed)`);
        }
      }
      await keepLoggedIn(app, t);
    }

    console.info(`work-sizing input [${ctx().engine}]: ${requests} requests; fields by kind: ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(failures).toEqual([]);
    // The classes the suite exists for are all found in the route table.
    for (const kind of ['query date', 'query number', 'body date', 'body instant', 'body number', 'body list', 'body recurrence'])
      expect(kinds.get(kind), kind).toBeGreaterThan(0);
  }, 300_000);
});
