// A worker process holding many live (Server-Sent Events) subscriptions to one engagement.
// It tells its parent when all are ready, and for each event id the moment the last subscriber got it.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const subs = [];
const seen = new Map(); // event id → { count, entityId }
let expected = 0;
let failed = false;
let closing = false;

function fail(message) {
  if (failed) return;
  failed = true;
  process.send({ type: 'error', message });
}

function onFrame(sub, frame) {
  if (frame.startsWith('event: ready')) {
    if (!sub.ready) {
      sub.ready = true;
      if (subs.filter((s) => s.ready).length === expected) process.send({ type: 'ready' });
    }
    return;
  }
  const m = /^id: (\d+)\n/.exec(frame);
  if (!m) return;
  const id = Number(m[1]);
  let entry = seen.get(id);
  if (!entry) {
    const entity = /"entityId":"([^"]+)"/.exec(frame);
    const type = /"type":"([^"]+)"/.exec(frame);
    entry = { count: 0, first: now(), entityId: entity?.[1] ?? null, eventType: type?.[1] ?? null };
    seen.set(id, entry);
  }
  entry.count += 1;
  if (entry.count === expected) {
    process.send({ type: 'event', id, first: entry.first, all: now(), entityId: entry.entityId, eventType: entry.eventType });
    seen.delete(id);
  }
}

function open({ url, token }) {
  return new Promise((resolve) => {
    const sub = { ready: false, buffer: '' };
    subs.push(sub);
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        fail(`A subscriber got HTTP ${res.statusCode}`);
        res.resume();
        return resolve();
      }
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        sub.buffer += chunk;
        let cut = sub.buffer.indexOf('\n\n');
        while (cut >= 0) {
          onFrame(sub, sub.buffer.slice(0, cut));
          sub.buffer = sub.buffer.slice(cut + 2);
          cut = sub.buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => {
        if (!closing) fail('The server closed a live stream');
      });
      resolve();
    });
    req.on('error', (err) => fail(`A subscriber could not connect: ${err.message}`));
    sub.req = req;
  });
}

process.on('message', async (msg) => {
  if (msg.type === 'open') {
    expected = msg.count;
    // Connect in waves, as people opening the board would, rather than all in one tick.
    for (let i = 0; i < msg.count; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, msg.count - i) }, (_, k) => open({ url: msg.url, token: msg.tokens[(i + k) % msg.tokens.length] })));
    }
  } else if (msg.type === 'close') {
    closing = true;
    for (const s of subs) s.req.destroy();
    agent.destroy();
    process.send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
