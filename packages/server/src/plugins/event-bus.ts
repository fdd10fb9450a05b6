import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { Db } from '../db/database.js';
import type { EventsTable } from '../db/schema.js';
import { onCommittedEvents } from '../services/events/write-transaction.js';

/** One row of the activity log as it travels to live clients. */
export interface LiveEvent {
  id: number;
  engagementId: string;
  type: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  audience: string;
  payload: unknown;
  createdAt: string;
}

export type Listener = (event: LiveEvent) => void;

/**
 * Fans committed events out to live subscribers. With PostgreSQL the signal crosses instances via
 * LISTEN/NOTIFY; either way each engagement's new rows are read once and handed to every listener.
 */
export interface EventBus {
  /** Signals that events of this engagement committed; `writeTransaction` calls it after every commit that appended some. */
  notify(engagementId: string): void;
  subscribe(engagementId: string, listener: Listener): () => void;
  /** Latest event id of the engagement (0 when none). */
  latestId(engagementId: string): Promise<number>;
  /** Events after `afterId`, in order, from the database. */
  since(engagementId: string, afterId: number, limit?: number): Promise<LiveEvent[]>;
  close(): Promise<void>;
}

const CHANNEL = 'carriage_events';

export async function createEventBus(database: Db, log: FastifyBaseLogger): Promise<EventBus> {
  const { db } = database;
  const listeners = new Map<string, Set<Listener>>();
  const cursors = new Map<string, number>();
  const pending = new Map<string, Promise<void>>();
  let closed = false;

  const toLive = (r: Selectable<EventsTable>): LiveEvent => ({
    id: Number(r.id),
    engagementId: r.engagement_id,
    type: r.type,
    actorId: r.actor_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    audience: r.audience,
    payload: JSON.parse(r.payload),
    createdAt: r.created_at,
  });

  async function since(engagementId: string, afterId: number, limit = 1000): Promise<LiveEvent[]> {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toLive);
  }

  async function latestId(engagementId: string): Promise<number> {
    const r = await db.selectFrom('events').select(db.fn.max('id').as('max')).where('engagement_id', '=', engagementId).executeTakeFirst();
    return Number(r?.max ?? 0);
  }

  // Reads new rows once per engagement and hands them to every local listener, in order.
  function deliver(engagementId: string): void {
    const set = listeners.get(engagementId);
    if (!set || set.size === 0 || closed) return;
    const previous = pending.get(engagementId) ?? Promise.resolve();
    const next = previous.then(async () => {
      let cursor = cursors.get(engagementId);
      if (cursor === undefined) return;
      for (;;) {
        const batch = await since(engagementId, cursor, 500);
        if (batch.length === 0) break;
        for (const ev of batch) {
          cursor = ev.id;
          for (const l of listeners.get(engagementId) ?? []) {
            try {
              l(ev);
            } catch (err) {
              log.warn({ err }, 'A live listener failed');
            }
          }
        }
        cursors.set(engagementId, cursor);
        if (batch.length < 500) break;
      }
    });
    const settled = next.catch((err) => log.error({ err }, 'Delivering live events failed'));
    pending.set(engagementId, settled);
  }

  let listenClient: pg.PoolClient | null = null;
  const pool = database.pool;
  async function connectListener(): Promise<void> {
    if (!pool || closed) return;
    try {
      const client = await pool.connect();
      client.on('notification', (msg) => {
        if (msg.channel === CHANNEL && msg.payload) deliver(msg.payload);
      });
      client.on('error', (err) => {
        log.warn({ err: err.message }, 'Live-update listener lost its connection; reconnecting');
        listenClient = null;
        client.release(true);
        setTimeout(() => {
          void connectListener().then(() => {
            for (const id of listeners.keys()) deliver(id);
          });
        }, 500);
      });
      await client.query(`LISTEN ${CHANNEL}`);
      listenClient = client;
    } catch (err) {
      log.error({ err }, 'Could not listen for live updates; retrying');
      setTimeout(() => void connectListener(), 1000);
    }
  }
  await connectListener();

  const bus: EventBus = {
    notify(engagementId) {
      if (pool) {
        pool.query('SELECT pg_notify($1, $2)', [CHANNEL, engagementId]).catch((err) => {
          log.error({ err }, 'NOTIFY failed; delivering locally');
          deliver(engagementId);
        });
      } else {
        deliver(engagementId);
      }
    },
    subscribe(engagementId, listener) {
      let set = listeners.get(engagementId);
      if (!set) {
        set = new Set();
        listeners.set(engagementId, set);
        // Start the engagement's cursor at the current end; callers replay history themselves.
        const ready = latestId(engagementId).then((id) => {
          if (!cursors.has(engagementId)) cursors.set(engagementId, id);
        });
        pending.set(
          engagementId,
          ready.catch((err) => log.error({ err }, 'Reading the event cursor failed')),
        );
      }
      set.add(listener);
      return () => {
        const s = listeners.get(engagementId);
        if (!s) return;
        s.delete(listener);
        if (s.size === 0) {
          listeners.delete(engagementId);
          cursors.delete(engagementId);
        }
      };
    },
    latestId,
    since,
    async close() {
      closed = true;
      stopPublishing();
      listeners.clear();
      if (listenClient) {
        const c = listenClient;
        listenClient = null;
        try {
          await c.query(`UNLISTEN ${CHANNEL}`);
        } catch {}
        c.release();
      }
    },
  };
  // Publishing follows from committing: the write path hands every committed engagement to the bus.
  const stopPublishing = onCommittedEvents(db, (engagementId) => bus.notify(engagementId));
  return bus;
}
