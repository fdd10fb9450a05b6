// Scale-out: two server instances on one PostgreSQL database serving one engagement. Moves go through both
// at once, live subscribers are spread over both, and afterwards every subscriber must hold every event of
// the run, once each and in order (their ids, as the activity log has them), or the scenario fails.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measure, moveRequests } from './load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../packages/server/dist');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);

/** A worker process holding the subscribers, and a way to wait for its messages. */
function subscriberProcess() {
  const child = fork(path.join(here, 'subscribers.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue = [];
  let problem = null;
  child.on('message', (msg) => {
    if (msg.type === 'error') problem = msg.message;
    queue.push(msg);
  });
  child.on('exit', (code) => {
    if (code && !problem) problem = `The subscriber process exited with ${code}`;
  });
  const next = async (type, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (problem) throw new Error(problem);
      const i = queue.findIndex((m) => m.type === type);
      if (i >= 0) return queue.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the subscribers (${type})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, next };
}

/**
 * `servers` are two instances on one database; `pools` one pool of cards per instance (so every move sends its
 * card's current version and commits). Subscribers alternate between the instances.
 */
export async function measureScaleOut({ servers, engagement, token, tokens, pools, subscribers, duration, warmup, connections = 10 }) {
  const [{ loadConfig }, { openDatabase }] = await Promise.all([load('config.js'), load('db/database.js')]);
  const database = await openDatabase(
    loadConfig({}, { databaseUrl: servers[0].databaseUrl, databaseSchema: servers[0].schema, logLevel: 'silent', webDist: null }),
  );
  const { db } = database;
  const lastId = async () =>
    Number((await db.selectFrom('events').select(db.fn.max('id').as('max')).where('engagement_id', '=', engagement.id).executeTakeFirst())?.max ?? 0);
  const subs = subscriberProcess();
  try {
    subs.child.send({
      type: 'open',
      urls: servers.map((s) => `${s.url}/api/engagements/${engagement.id}/events`),
      tokens,
      count: subscribers,
      record: true,
    });
    const connectedAt = Date.now();
    await subs.next('ready');
    const connectSeconds = (Date.now() - connectedAt) / 1000;
    const before = await lastId();

    // Moves through both instances at once, each from its own pool of cards.
    const columnIds = [engagement.columns.todo.id, engagement.columns.verify.id];
    const runs = servers.map((server, i) => {
      const tally = {};
      const inflight = new Map();
      const requests = moveRequests({ cards: pools[i], columnIds, token, tally, inflight });
      return { server, tally, inflight, requests };
    });
    const results = await Promise.all(
      runs.map((r) => measure({ server: r.server, path: '/api/cards/move', method: 'POST', requests: r.requests, duration, warmup, connections })),
    );
    // Moves still in flight when the run stopped may or may not have committed: their card's version says which,
    // once the log has stopped growing (a request the load generator gave up on can still commit seconds later).
    let settled = await lastId();
    for (let quiet = 0, waited = 0; quiet < 2 && waited < 30_000; waited += 1000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = await lastId();
      quiet = now === settled ? quiet + 1 : 0;
      settled = now;
    }
    let cutOff = 0;
    for (const r of runs)
      for (const [id, sent] of r.inflight) {
        const row = await db.selectFrom('cards').select('version').where('id', '=', id).executeTakeFirst();
        if (row && row.version > sent) cutOff += 1;
      }
    const ids = (
      await db.selectFrom('events').select(['id', 'type']).where('engagement_id', '=', engagement.id).where('id', '>', before).orderBy('id').execute()
    ).map((e) => ({ id: Number(e.id), type: e.type }));
    const committed = ids.filter((e) => e.type === 'card.moved').length;
    const answered2xx = runs.reduce(
      (sum, r) => sum + Object.entries(r.tally).reduce((s, [code, n]) => s + (Number(code) >= 200 && Number(code) < 300 ? n : 0), 0),
      0,
    );

    // Delivery: wait until every subscriber holds as many events as were committed (or 15 s), then compare id by id.
    const expected = ids.map((e) => e.id);
    const deliveredAt = Date.now();
    let counts = [];
    while (Date.now() - deliveredAt < 15_000) {
      subs.child.send({ type: 'count' });
      counts = (await subs.next('counts')).counts;
      if (counts.every((n) => n >= expected.length)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    subs.child.send({ type: 'verify', ids: expected });
    const check = await subs.next('verified');

    const seconds = Math.max(...results.map((r) => r.seconds));
    const requests = results.reduce((s, r) => s + r.requests, 0);
    const cpu = results.reduce((s, r) => s + (r.serverCpuMsPerRequest ?? 0) * r.requests, 0);
    const statuses = {};
    for (const r of results) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    const problems = [];
    if (committed !== answered2xx + cutOff)
      problems.push(
        `${answered2xx} moves answered 2xx (and ${cutOff} cut off by the end of the run committed) but ${committed} card.moved events were recorded`,
      );
    if (check.wrong.length)
      problems.push(`${check.wrong.length} of ${check.subscribers} subscribers did not get every event in order: ${check.wrong.slice(0, 3).join('; ')}`);
    return {
      instances: servers.length,
      subscribers,
      connectSeconds,
      requests,
      seconds,
      rps: requests / seconds,
      // autocannon keeps a histogram per run: the slower instance's percentile is the one reported.
      p50: Math.max(...results.map((r) => r.p50)),
      p99: Math.max(...results.map((r) => r.p99)),
      perInstance: results.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99, serverCpuMsPerRequest: r.serverCpuMsPerRequest })),
      serverCpuMsPerRequest: requests > 0 ? cpu / requests : null,
      statuses,
      errors: results.reduce((s, r) => s + r.errors, 0),
      timeouts: results.reduce((s, r) => s + r.timeouts, 0),
      committed,
      answered2xx,
      cutOffCommitted: cutOff,
      events: expected.length,
      eventsDeliveredToEach: Math.min(...counts),
      verified: problems.length === 0,
      verifyNote: problems.join('; '),
    };
  } finally {
    if (subs.child.connected) {
      subs.child.send({ type: 'close' });
      await Promise.race([subs.next('closed', 3000).catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
    }
    if (subs.child.exitCode === null) subs.child.kill();
    await database.close();
  }
}
