// Load generation with autocannon from the bench process, with the server's CPU time per request
// read from /proc so a figure means the same on a busy machine.
import autocannon from 'autocannon';
import { cpuMs } from './server.mjs';

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('error', reject);
  });
}

/** Counts by status code, e.g. { 200: 1234, 409: 2 }. */
function statusCounts(result) {
  const out = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) out[code] = count;
  return out;
}

/**
 * Runs one scenario: an optional warm-up, then the measured run. Returns throughput, latency
 * percentiles, status counts, connection errors and the server's CPU milliseconds per request.
 */
export async function measure({ server, path, method = 'GET', headers = {}, body, requests, duration, warmup = 0, connections = 20 }) {
  const base = { url: server.url + path, method, headers, body, requests, connections, timeout: 30 };
  if (warmup > 0) await run({ ...base, duration: warmup });
  const cpuBefore = cpuMs(server.pid);
  const result = await run({ ...base, duration });
  const cpu = cpuMs(server.pid) - cpuBefore;
  const total = result.requests.total;
  const statuses = statusCounts(result);
  return {
    requests: total,
    seconds: result.duration,
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpuMsPerRequest: total > 0 ? cpu / total : null,
    bytesPerResponse: total > 0 ? Math.round(result.throughput.total / total) : null,
  };
}

/**
 * Requests that move cards back and forth between two columns, each connection taking a card from the pool
 * and sending its current version, so every request is a real committed write (never a stale no-op).
 * `inflight` keeps the version sent for each card whose answer has not arrived (those cut off when the run ends).
 */
export function moveRequests({ cards, columnIds, token, tally, inflight }) {
  const free = [...cards];
  const [a, b] = columnIds;
  return [
    {
      method: 'POST',
      setupRequest(req, context) {
        const card = free.pop();
        if (!card) throw new Error('The pool of cards to move ran dry; give it more cards than connections.');
        context.card = card;
        inflight.set(card.id, card.version);
        const to = card.columnId === a ? b : a;
        return {
          ...req,
          path: `/api/cards/${card.id}/move`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ columnId: to, version: card.version }),
        };
      },
      onResponse(status, body, context) {
        const card = context.card;
        inflight.delete(card.id);
        tally[status] = (tally[status] ?? 0) + 1;
        try {
          const parsed = JSON.parse(body);
          const current = status === 200 ? parsed : parsed?.error?.current;
          if (current?.version) {
            card.version = current.version;
            card.columnId = current.columnId;
          }
        } catch {}
        free.unshift(card);
      },
    },
  ];
}

/**
 * The load that follows a change: a card moves, then the board (or `path`) is loaded once, so it is read and
 * computed anew. Sequential, one connection; the server CPU of the loads alone is summed from /proc around each.
 */
export async function firstLoadAfterChange(server, coach, engagement, rounds, path = `/api/engagements/${engagement.id}/board`) {
  const board = await coach.get(`/api/engagements/${engagement.id}/board`);
  const source = board.columns.find((c) => c.kind === 'todo');
  const card = { ...source.cards[0] };
  const latencies = [];
  let cpu = 0;
  for (let i = 0; i < rounds; i += 1) {
    const to = card.columnId === engagement.columns.todo.id ? engagement.columns.verify.id : engagement.columns.todo.id;
    Object.assign(card, await coach.post(`/api/cards/${card.id}/move`, { columnId: to, version: card.version }));
    const before = cpuMs(server.pid);
    const started = performance.now();
    await coach.request('GET', path);
    latencies.push(performance.now() - started);
    cpu += cpuMs(server.pid) - before;
  }
  latencies.sort((a, b) => a - b);
  return { rounds, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies.at(-1), serverCpuMsPerRequest: cpu / rounds };
}
