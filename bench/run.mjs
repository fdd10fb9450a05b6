// `npm run bench`: the server as its own process on a fresh database, seeded through the API, measured with
// autocannon against a bare route of the same process. `--smoke` runs tiny sizes for `npm test`: it asserts
// that every scenario runs and no request gets a 5xx, never anything about speed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngagement, Person, parallel } from './lib/api.mjs';
import { chromiumPath, initialJs, measureBoardLoad } from './lib/browser.mjs';
import { measureFanout } from './lib/fanout.mjs';
import { measureFloors } from './lib/floor.mjs';
import { firstLoadAfterChange, measure, moveRequests } from './lib/load.mjs';
import { count5xx, engineTable, nonSuccess } from './lib/report.mjs';
import { measureScaleOut } from './lib/scaleout.mjs';
import { seedCards, seedFlow, spreadBoard } from './lib/seed.mjs';
import { rssMb, startServer } from './lib/server.mjs';
import { measureStorage } from './lib/storage.mjs';
import { answerOnTheWire, browserAcceptEncoding, initialJsOnTheWire } from './lib/wire.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const flag = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const profileDir = argv.includes('--profile') ? path.join(root, 'bench/results/profiles') : null;

const sizes = smoke
  ? {
      board: 50,
      bigBoard: 60,
      movesPerCard: 9,
      browserBoard: 50,
      subscribers: 20,
      fanoutMoves: 5,
      movePool: 40,
      floorCalls: 50,
      rebuilds: 3,
      duration: 1,
      warmup: 0,
      browserRuns: 1,
      browserTimeout: 10_000,
      storageCards: 20,
      storageMoves: 60,
      scaleoutSubscribers: 10,
    }
  : {
      board: 500,
      bigBoard: 5000,
      movesPerCard: 9,
      browserBoard: 1000,
      subscribers: 1000,
      fanoutMoves: 50,
      movePool: 100,
      floorCalls: 2000,
      rebuilds: 20,
      duration: 10,
      warmup: 2,
      browserRuns: 3,
      browserTimeout: 15_000,
      storageCards: 100,
      storageMoves: 2000,
      scaleoutSubscribers: 200,
    };

// PostgreSQL when DATABASE_URL is set; the smoke run also uses the tests' PostgreSQL (CI sets TEST_DATABASE_URL).
const pgUrl = process.env.DATABASE_URL || (smoke ? process.env.TEST_DATABASE_URL : undefined) || null;
const engines = (flag('engine')?.split(',') ?? ['sqlite', ...(pgUrl ? ['postgres'] : [])]).filter((e) => e === 'sqlite' || (e === 'postgres' && pgUrl));
const only = flag('only')?.split(',');
const wanted = (name) => !only || only.includes(name);

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const secondsSince = (t) => ((Date.now() - t) / 1000).toFixed(1);

/** Runs one scenario; a failure is recorded (and fails a smoke run) instead of stopping the others. */
async function scenario(results, key, fn) {
  const started = Date.now();
  try {
    results[key] = await fn();
    log(`${key}: done in ${secondsSince(started)} s`);
  } catch (err) {
    results[key] = { error: err.message.split('\n')[0] };
    log(`${key}: ERROR ${err.stack ?? err.message}`);
  }
}

async function benchEngine(engine, web) {
  log(`starting the server on ${engine === 'sqlite' ? 'a fresh SQLite database' : 'a fresh PostgreSQL schema'}`);
  const server = await startServer({ engine, databaseUrl: pgUrl, cpuProfileDir: profileDir, webDist: web?.dir });
  const r = { server: { pid: server.pid, rssAtStartMb: rssMb(server.pid) } };
  try {
    const load = (opts) => measure({ server, duration: sizes.duration, warmup: sizes.warmup, ...opts });
    const withRss = async (p) => ({ ...(await p), rssMb: rssMb(server.pid) });

    // Seeding, through the API.
    const t0 = Date.now();
    const coach = await Person.signUp(server.url, 'Casey Coach');
    const coachee = await Person.signUp(server.url, 'Cory Coachee');
    const auth = { authorization: `Bearer ${coach.token}` };
    const seedNotes = [];
    const big = await createEngagement(coach, coachee, 'Leadership programme (large board)');
    const small = await createEngagement(coach, coachee, 'Leadership coaching');
    const writes = await createEngagement(coach, coachee, 'Team coaching (busy board)');
    const live = await createEngagement(coach, coachee, 'Executive coaching (live)');
    let t = Date.now();
    const smallCards = await seedCards({ coach, coachee, engagement: small, count: sizes.board });
    await spreadBoard({ coach, engagement: small, cards: smallCards });
    seedNotes.push(`${sizes.board} cards in ${secondsSince(t)} s`);
    // The large board with its long history serves the 5,000-card loads and the metrics.
    if (wanted('board') || wanted('metrics')) {
      t = Date.now();
      const bigCards = await seedCards({ coach, coachee, engagement: big, count: sizes.bigBoard, prefix: 1000 });
      const createdIn = secondsSince(t);
      t = Date.now();
      await seedFlow({
        coach,
        engagement: big,
        cards: bigCards,
        movesPerCard: sizes.movesPerCard,
        onProgress: (n) => n % 1000 === 0 && log(`  flow: ${n} of ${bigCards.length} cards moved`),
      });
      const flowMoves = bigCards.length * sizes.movesPerCard;
      const movedIn = (Date.now() - t) / 1000;
      seedNotes.push(
        `${sizes.bigBoard} cards in ${createdIn} s, then ${flowMoves} moves in ${movedIn.toFixed(1)} s (${Math.round(flowMoves / movedIn)}/s, 24 in parallel)`,
      );
      r.flowEvents = bigCards.length + flowMoves;
    }
    const pool = (await seedCards({ coach, coachee, engagement: writes, count: sizes.movePool, prefix: 9000 })).map((c) => ({
      id: c.id,
      version: c.version,
      columnId: writes.columns.todo.id,
    }));
    // Cards the floor moves straight through the database, apart from the ones the load moves.
    const floorPool = (await seedCards({ coach, coachee, engagement: writes, count: 20, prefix: 9800 })).map((c) => ({
      id: c.id,
      version: c.version,
      columnId: writes.columns.todo.id,
    }));
    // Two instances on one PostgreSQL database: one engagement, a pool of cards to move through each instance.
    let twoInstances = null;
    if (engine === 'postgres' && wanted('scaleout')) {
      const engagement = await createEngagement(coach, coachee, 'Team coaching (two instances)');
      const cards = await seedCards({ coach, coachee, engagement, count: sizes.movePool * 2, prefix: 40000 });
      const asPool = (list) => list.map((c) => ({ id: c.id, version: c.version, columnId: engagement.columns.todo.id }));
      twoInstances = { engagement, pools: [asPool(cards.slice(0, sizes.movePool)), asPool(cards.slice(sizes.movePool))] };
    }
    const liveCard = (await seedCards({ coach, coachee, engagement: live, count: 2, prefix: 9500 }))[1];
    liveCard.columnId = live.columns.todo.id;
    // The page load hardly depends on the engine: the smoke run opens it once, on the first engine only.
    const withBrowser = web && fs.existsSync(chromiumPath) && wanted('browser') && !(smoke && engine !== engines[0]);
    let browserBoard = null;
    if (withBrowser) {
      browserBoard = await createEngagement(coach, coachee, 'Leadership coaching (browser)');
      t = Date.now();
      const cards = await seedCards({ coach, coachee, engagement: browserBoard, count: sizes.browserBoard, prefix: 20000 });
      await spreadBoard({ coach, engagement: browserBoard, cards });
      seedNotes.push(`${sizes.browserBoard} cards for the browser in ${secondsSince(t)} s`);
    }
    r.seeding = `${seedNotes.join('; ')}; ${secondsSince(t0)} s in all.`;
    log(`seeded: ${r.seeding}`);

    // Measurements, all against the same server process. Other work on a shared machine comes and goes, so each
    // load scenario is preceded by a short run of the baseline and its ratio is taken against that one.
    const baselines = [];
    const loadScenario = async (key, fn) => {
      const near = smoke ? null : await measure({ server, path: '/api/bench/baseline', duration: 3 });
      if (near) baselines.push(near);
      await scenario(r, key, fn);
      if (near && r[key] && !r[key].error && !r[key].unavailable)
        r[key].adjacentBaseline = { rps: near.rps, p50: near.p50, p99: near.p99, serverCpuMsPerRequest: near.serverCpuMsPerRequest };
    };
    const boardPath = `/api/engagements/${small.id}/board`;
    await scenario(r, 'baseline', () => withRss(load({ path: '/api/bench/baseline' })));
    // Live fan-out first, while the server's memory reflects the data and the subscribers, not the big responses of the load runs.
    if (wanted('fanout')) {
      await scenario(r, 'fanout', () =>
        measureFanout({
          server,
          engagement: live,
          coach,
          tokens: [coach.token, coachee.token],
          card: liveCard,
          subscribers: sizes.subscribers,
          moves: sizes.fanoutMoves,
        }),
      );
    }
    // Board loads ask as Chromium does (Accept-Encoding), so they measure what a browser is sent.
    const browserAuth = { ...auth, 'accept-encoding': browserAcceptEncoding };
    if (wanted('board')) {
      await scenario(r, 'wire', async () => ({
        board500: await answerOnTheWire(server, coach.token, boardPath),
        board5000: r.flowEvents ? await answerOnTheWire(server, coach.token, `/api/engagements/${big.id}/board`) : null,
        initialJs: web ? await initialJsOnTheWire(server, web.files) : null,
      }));
      await loadScenario('board500', () => withRss(load({ path: boardPath, headers: browserAuth })));
      // The cost of sending as many bytes as the board answer, from a bare route: what a board read from its cache is measured against.
      if (r.wire?.board500?.br)
        await scenario(r, 'board500Bytes', () => load({ path: `/api/bench/bytes?n=${r.wire.board500.br}`, duration: smoke ? 1 : 5, warmup: smoke ? 0 : 1 }));
      await loadScenario('board500NotModified', async () => {
        const first = await coach.request('GET', boardPath);
        const etag = first.headers.get('etag');
        if (!etag) throw new Error('The board answered without an ETag');
        const res = await withRss(load({ path: boardPath, headers: { ...browserAuth, 'if-none-match': etag } }));
        const ok304 = res.statuses[304] ?? 0;
        if (ok304 !== res.requests) res.note = `only ${ok304} of ${res.requests} answered 304`;
        return { ...res, expected: [304] };
      });
      await scenario(r, 'board500AfterChange', () => firstLoadAfterChange(server, coach, small, sizes.rebuilds));
      await loadScenario('board5000', () => withRss(load({ path: `/api/engagements/${big.id}/board`, headers: browserAuth })));
      await scenario(r, 'board5000AfterChange', () => firstLoadAfterChange(server, coach, big, sizes.rebuilds));
    }
    if (wanted('metrics')) {
      await loadScenario('metrics', async () => {
        const metricsPath = `/api/engagements/${big.id}/metrics`;
        let started = Date.now();
        const probe = await coach.request('GET', metricsPath, undefined, { expect: [200, 404] });
        const firstMs = Date.now() - started;
        if (probe.status === 404) return { unavailable: `the server has no ${metricsPath.replace(big.id, ':id')} route yet` };
        // The load repeats one version's read; the first computation after a change is measured on its own below.
        started = Date.now();
        await coach.request('GET', metricsPath);
        const probeMs = Date.now() - started;
        if (probeMs < 250)
          return { ...(await withRss(load({ path: metricsPath, headers: auth }))), note: `the first request took ${(firstMs / 1000).toFixed(1)} s` };
        // Too slow for 20 connections to finish anything within the run: one at a time, long enough for several.
        const duration = Math.max(sizes.duration, Math.ceil((probeMs * 5) / 1000));
        const res = await withRss(measure({ server, path: metricsPath, headers: auth, connections: 1, duration }));
        return { ...res, note: `one connection: a single request took ${(probeMs / 1000).toFixed(1)} s` };
      });
      if (!r.metrics?.unavailable)
        await scenario(r, 'metricsAfterChange', () => firstLoadAfterChange(server, coach, big, sizes.rebuilds, `/api/engagements/${big.id}/metrics`));
    }
    if (wanted('moves')) {
      await loadScenario('moves', async () => {
        const movedEvents = async () => {
          const counts = await parallel(
            pool,
            8,
            async (c) => (await coach.get(`/api/cards/${c.id}/history`)).history.filter((h) => h.type === 'card.moved').length,
          );
          return counts.reduce((a, b) => a + b, 0);
        };
        const before = await movedEvents();
        const tally = {};
        const inflight = new Map();
        const requests = moveRequests({ cards: pool, columnIds: [writes.columns.todo.id, writes.columns.verify.id], token: coach.token, tally, inflight });
        const res = await withRss(load({ path: '/api/cards/move', method: 'POST', requests }));
        // Moves still in flight when the run stopped may or may not have committed: their card's version says which.
        await new Promise((resolve) => setTimeout(resolve, 500));
        let cutOff = 0;
        for (const [id, sent] of inflight) if ((await coach.get(`/api/cards/${id}`)).version > sent) cutOff += 1;
        const committed = (await movedEvents()) - before;
        const answered2xx = Object.entries(tally).reduce((s, [code, n]) => s + (Number(code) >= 200 && Number(code) < 300 ? n : 0), 0);
        res.verified = committed === answered2xx + cutOff;
        Object.assign(res, { committed, answered2xx, cutOffCommitted: cutOff, cutOff: inflight.size });
        if (!res.verified)
          res.verifyNote = `${answered2xx} moves answered 2xx (and ${cutOff} cut off by the end of the run committed) but ${committed} card.moved events were recorded`;
        return res;
      });
    }
    if (wanted('create')) {
      await loadScenario('create', () =>
        withRss(
          load({
            path: `/api/engagements/${writes.id}/cards`,
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              columnId: writes.columns.todo.id,
              title: 'Note from the session',
              ownerId: coachee.user.id,
              dueOn: '2026-03-01',
              labels: ['feedback'],
            }),
          }),
        ),
      );
    }
    if (wanted('storage')) {
      await scenario(r, 'storage', async () =>
        measureStorage({
          server,
          coach,
          coachee,
          engagement: await createEngagement(coach, coachee, 'Career coaching (storage)'),
          cards: sizes.storageCards,
          moves: sizes.storageMoves,
        }),
      );
    }
    if (twoInstances) {
      await scenario(r, 'scaleout', async () => {
        const second = await startServer({ engine, databaseUrl: pgUrl, schema: server.schema, webDist: web?.dir });
        try {
          return await measureScaleOut({
            servers: [server, second],
            engagement: twoInstances.engagement,
            token: coach.token,
            tokens: [coach.token, coachee.token],
            pools: twoInstances.pools,
            subscribers: sizes.scaleoutSubscribers,
            duration: sizes.duration,
            warmup: sizes.warmup,
          });
        } finally {
          await second.stop();
        }
      });
    }
    if (wanted('moves') || wanted('board')) {
      await scenario(r, 'floor', () =>
        measureFloors({
          server,
          token: coach.token,
          engagementId: small.id,
          cards: floorPool,
          columnIds: [writes.columns.todo.id, writes.columns.verify.id],
          count: sizes.floorCalls,
        }),
      );
    }
    await scenario(r, 'baselineEnd', () => withRss(load({ path: '/api/bench/baseline' })));
    if (r.baseline?.rps && r.baselineEnd?.rps) {
      // The baseline row is the mean of every run of it, with their spread (how busy the machine was).
      const all = [r.baseline, ...baselines, r.baselineEnd];
      const mean = (f) => all.reduce((sum, b) => sum + f(b), 0) / all.length;
      const rates = all.map((b) => b.rps);
      r.baselineRuns = all.map((b) => Math.round(b.rps));
      r.baseline = {
        ...r.baseline,
        rps: mean((b) => b.rps),
        p50: mean((b) => b.p50),
        p99: mean((b) => b.p99),
        serverCpuMsPerRequest: mean((b) => b.serverCpuMsPerRequest ?? 0),
        note: `mean of ${all.length} runs (${Math.round(Math.min(...rates))} to ${Math.round(Math.max(...rates))} req/s)${smoke ? '' : '; each ratio below is to the run just before that scenario'}`,
      };
    }
    if (withBrowser) {
      await scenario(r, 'browser', async () => {
        const board = await coach.get(`/api/engagements/${browserBoard.id}/board`);
        const titles = board.columns.filter((c) => c.cards.length > 0).map((c) => c.cards[0].title);
        try {
          return await measureBoardLoad({
            server,
            person: coach,
            engagementId: browserBoard.id,
            titles,
            runs: sizes.browserRuns,
            timeoutMs: sizes.browserTimeout,
          });
        } catch (err) {
          // Until the board page draws cards there is nothing to time; a page that draws them but can't be used is an error.
          if (/showed no usable cards/.test(err.message)) {
            const html = await (await fetch(`${server.url}/e/${browserBoard.id}/board`)).text();
            if (html.includes('<div id="root">')) return { unavailable: err.message };
          }
          throw err;
        }
      });
    } else if (wanted('browser') && !(smoke && engine !== engines[0]))
      r.browser = { unavailable: web ? `no Chromium at ${chromiumPath}` : 'the web app is not built (packages/web/dist)' };
  } finally {
    const exited = server.exited();
    const ended = await server.stop();
    // An abort (SIGABRT from a native addon at a garbage collection, say) or any non-zero exit on SIGTERM is a failure.
    r.server.exit = { code: ended.code, signal: ended.signal };
    const warnings = server
      .log()
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l));
    r.server.warnings = warnings.length;
    if (warnings.length) log(`the server logged ${warnings.length} warnings or errors; first: ${warnings[0].slice(0, 300)}`);
    if (exited) r.server.exitedEarly = exited;
  }
  return r;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
// The server serves a copy of the web build, so a rebuild in the working tree during the run changes nothing.
const builtWeb = path.join(root, 'packages/web/dist');
const webCopy = fs.existsSync(path.join(builtWeb, 'index.html')) ? fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-bench-web-')) : null;
let web = null;
for (let attempt = 0; webCopy && !web; attempt += 1) {
  fs.cpSync(builtWeb, webCopy, { recursive: true });
  // A copy taken in the middle of a rebuild misses files index.html names: take it again.
  const html = fs.readFileSync(path.join(webCopy, 'index.html'), 'utf8');
  const complete = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].every((m) => fs.existsSync(path.join(webCopy, m[1])));
  if (complete) web = { ...initialJs(webCopy), dir: webCopy };
  else if (attempt >= 10) throw new Error('packages/web/dist is incomplete (is a build running?)');
  else {
    fs.rmSync(webCopy, { recursive: true, force: true });
    fs.mkdirSync(webCopy);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
process.on('exit', () => webCopy && fs.rmSync(webCopy, { recursive: true, force: true }));
const report = {
  date: new Date().toISOString(),
  commit,
  smoke,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg(),
  },
  sizes,
  web: web && { raw: web.raw, gzip: web.gzip, files: web.files },
  engines: {},
};
for (const engine of engines) report.engines[engine] = await benchEngine(engine, web);

const md = [
  `## Benchmark${smoke ? ' (smoke: tiny sizes, no conclusions)' : ''} — ${report.date.slice(0, 16).replace('T', ' ')} UTC, commit ${commit ?? '?'}, ${report.machine.cpus} CPUs, Node ${process.version}`,
  '',
  ...Object.entries(report.engines).flatMap(([engine, e]) => [engineTable(engine, e, web, sizes, { targets: !smoke }), '']),
].join('\n');
console.log(`\n${md}`);
report.markdown = md;

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, smoke ? 'smoke.json' : 'latest.json');
fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${path.relative(root, outFile)}`);

// Failing conditions (never speed): a scenario that errored, a 5xx, moves that were not all committed.
const problems = [];
for (const [engine, e] of Object.entries(report.engines)) {
  for (const [key, v] of Object.entries(e)) {
    if (!v || typeof v !== 'object') continue;
    if (v.error) problems.push(`${engine} ${key}: ${v.error}`);
    if (v.statuses && count5xx(v.statuses) > 0) problems.push(`${engine} ${key}: ${nonSuccess(v.statuses)}`);
    if (v.statuses && (v.errors || v.timeouts)) problems.push(`${engine} ${key}: ${v.errors} connection errors, ${v.timeouts} timeouts`);
    if (v.verified === false) problems.push(`${engine} ${key}: ${v.verifyNote}`);
  }
  if (e.server.exitedEarly) problems.push(`${engine}: the server exited during the run (${JSON.stringify(e.server.exitedEarly)})`);
  else if (e.server.exit && (e.server.exit.code !== 0 || e.server.exit.signal))
    problems.push(`${engine}: the server did not stop cleanly (${JSON.stringify(e.server.exit)})`);
}
if (problems.length) {
  console.error(`\nThe benchmark found problems:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
}
