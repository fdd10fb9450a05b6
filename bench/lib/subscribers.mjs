// A worker process holding many live (Server-Sent Events) subscriptions to one engagement.
// It tells its parent when all are ready, and for each event id the moment the last subscriber got it.
// Plain sockets and byte searches keep this side cheap, so the timings are the server's, not the client's.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const ID = Buffer.from('\nid: ');
const READY = Buffer.from('event: ready');
const subs = [];
const seen = new Map(); // event id → { count, first, entityId, eventType }
let expected = 0;
let readyCount = 0;
let failed = false;
let closing = false;

function fail(message) {
  if (failed || closing) return;
  failed = true;
  process.send({ type: 'error', message });
}

function onEvent(id, chunk, at) {
  let entry = seen.get(id);
  if (!entry) {
    const text = chunk.toString('utf8', at, Math.min(chunk.length, at + 8192));
    entry = { count: 0, first: now(), entityId: /"entityId":"([^"]+)"/.exec(text)?.[1] ?? null, eventType: /"type":"([^"]+)"/.exec(text)?.[1] ?? null };
    seen.set(id, entry);
  }
  entry.count += 1;
  if (entry.count === expected) {
    process.send({ type: 'event', id, first: entry.first, all: now(), entityId: entry.entityId, eventType: entry.eventType });
    seen.delete(id);
  }
}

/** In `record` mode: every event id a subscriber receives, in the order it arrives, for checking count and order. */
let record = false;

function onData(sub, data) {
  // Keep a short tail of the previous chunk so an id line split across packets is still found.
  const chunk = sub.tail.length ? Buffer.concat([sub.tail, data]) : data;
  if (!sub.status) {
    const line = chunk.toString('latin1', 0, Math.min(chunk.length, 32));
    const m = /^HTTP\/1\.1 (\d{3})/.exec(line);
    if (!m) return fail(`A subscriber got an unexpected answer: ${line}`);
    sub.status = Number(m[1]);
    if (sub.status !== 200) return fail(`A subscriber got HTTP ${sub.status}`);
  }
  if (!sub.ready && chunk.indexOf(READY) >= 0) {
    sub.ready = true;
    readyCount += 1;
    if (readyCount === expected) process.send({ type: 'ready' });
  }
  const fresh = chunk.length - data.length;
  let at = chunk.indexOf(ID);
  while (at >= 0) {
    let end = at + ID.length;
    let id = 0;
    while (end < chunk.length && chunk[end] >= 48 && chunk[end] <= 57) id = id * 10 + chunk[end++] - 48;
    // An id is complete once the byte after it has arrived, and was read with the earlier chunk if that byte was in its tail.
    if (record) {
      if (end < chunk.length && end >= fresh) sub.ids.push(id);
    } else if (end < chunk.length && id > sub.lastId) {
      sub.lastId = id;
      onEvent(id, chunk, end);
    }
    at = chunk.indexOf(ID, end);
  }
  sub.tail = chunk.subarray(Math.max(0, chunk.length - 24));
}

function open({ host, port, path, token }) {
  return new Promise((resolve) => {
    const sub = { ready: false, status: 0, lastId: 0, tail: Buffer.alloc(0), ids: [], url: `${host}:${port}` };
    subs.push(sub);
    const socket = net.connect(port, host, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
      resolve();
    });
    socket.setNoDelay(true);
    socket.on('data', (data) => onData(sub, data));
    socket.on('error', (err) => {
      fail(`A subscriber's connection failed: ${err.message}`);
      resolve();
    });
    socket.on('close', () => fail('The server closed a live stream'));
    sub.socket = socket;
  });
}

process.on('message', async (msg) => {
  if (msg.type === 'open') {
    expected = msg.count;
    record = msg.record === true;
    // Several URLs (instances of one server) share the subscribers in turn.
    const urls = (msg.urls ?? [msg.url]).map((u) => new URL(u));
    // Connect in waves, as people opening the board would, rather than all in one tick.
    for (let i = 0; i < msg.count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, msg.count - i) }, (_, k) => {
          const url = urls[(i + k) % urls.length];
          return open({ host: url.hostname, port: Number(url.port), path: url.pathname, token: msg.tokens[(i + k) % msg.tokens.length] });
        }),
      );
    }
  } else if (msg.type === 'count') {
    process.send({ type: 'counts', counts: subs.map((s) => s.ids.length) });
  } else if (msg.type === 'verify') {
    // Every subscriber must hold exactly the expected ids, in order.
    const expectedIds = msg.ids;
    const wrong = [];
    subs.forEach((s, i) => {
      const same = s.ids.length === expectedIds.length && s.ids.every((id, k) => id === expectedIds[k]);
      if (!same) {
        const k = s.ids.findIndex((id, j) => id !== expectedIds[j]);
        wrong.push(`subscriber ${i} (${s.url}) got ${s.ids.length} of ${expectedIds.length} events, first difference at ${k < 0 ? s.ids.length : k}`);
      }
    });
    process.send({ type: 'verified', subscribers: subs.length, wrong });
  } else if (msg.type === 'close') {
    closing = true;
    for (const s of subs) s.socket.destroy();
    process.send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
