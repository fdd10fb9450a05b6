// Live fan-out: many subscribers on one engagement (held by a worker process), then timed moves.
import { fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rssMb } from './server.mjs';

const now = () => performance.timeOrigin + performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Opens `subscribers` live streams on the engagement, then makes `moves` moves one after another and times,
 * for each, how long after the move's HTTP response the event had reached every subscriber.
 */
export async function measureFanout({ server, engagement, coach, tokens, card, subscribers, moves, timeoutMs = 60_000 }) {
  const child = fork(path.join(here, 'subscribers.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue = [];
  let waiter = null;
  let problem = null;
  child.on('message', (msg) => {
    if (msg.type === 'error') problem = msg.message;
    queue.push(msg);
    if (waiter) waiter();
  });
  child.on('exit', (code) => {
    if (code && !problem) problem = `The subscriber process exited with ${code}`;
    if (waiter) waiter();
  });
  const next = async (type) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (problem) throw new Error(problem);
      const i = queue.findIndex((m) => m.type === type);
      if (i >= 0) return queue.splice(i, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for the subscribers (${type})`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      waiter = null;
    }
  };

  try {
    const rssBefore = rssMb(server.pid);
    const openedAt = now();
    child.send({ type: 'open', url: `${server.url}/api/engagements/${engagement.id}/events`, tokens, count: subscribers });
    await next('ready');
    const connectSeconds = (now() - openedAt) / 1000;
    // Let the server settle (the connection burst's garbage collected) before reading its memory.
    await new Promise((r) => setTimeout(r, 500));
    const rssConnected = rssMb(server.pid);

    const fromResponse = [];
    const fromRequest = [];
    const firstToLast = [];
    let early = 0;
    const columnIds = [engagement.columns.todo.id, engagement.columns.verify.id];
    for (let i = 0; i < moves; i += 1) {
      const to = card.columnId === columnIds[0] ? columnIds[1] : columnIds[0];
      const sent = now();
      const moved = await coach.post(`/api/cards/${card.id}/move`, { columnId: to, version: card.version });
      const answered = now();
      card.version = moved.version;
      card.columnId = moved.columnId;
      const ev = await next('event');
      if (ev.entityId !== card.id || ev.eventType !== 'card.moved') throw new Error(`Subscribers got ${ev.eventType} for ${ev.entityId}, not the move`);
      // The event can reach the subscribers before the response reaches the mover: count that as 0.
      if (ev.all < answered) early += 1;
      fromResponse.push(Math.max(0, ev.all - answered));
      fromRequest.push(ev.all - sent);
      firstToLast.push(ev.all - ev.first);
      await new Promise((r) => setTimeout(r, 10));
    }
    const rssAfter = rssMb(server.pid);
    fromResponse.sort((a, b) => a - b);
    fromRequest.sort((a, b) => a - b);
    firstToLast.sort((a, b) => a - b);
    return {
      subscribers,
      moves,
      connectSeconds,
      p50: percentile(fromResponse, 50),
      p99: percentile(fromResponse, 99),
      max: fromResponse.at(-1),
      fromRequestP50: percentile(fromRequest, 50),
      fromRequestP99: percentile(fromRequest, 99),
      firstToLastP50: percentile(firstToLast, 50),
      firstToLastP99: percentile(firstToLast, 99),
      eventsBeforeResponse: early,
      rssBeforeMb: rssBefore,
      rssConnectedMb: rssConnected,
      rssAfterMb: rssAfter,
    };
  } finally {
    if (child.connected) {
      child.send({ type: 'close' });
      await Promise.race([next('closed').catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
    }
    if (child.exitCode === null) child.kill();
  }
}
