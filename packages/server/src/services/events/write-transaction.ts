import { AppError } from '@carriage/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Engine } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

const scopeKey: unique symbol = Symbol('write scope');

interface WriteScope {
  /** The engagements this transaction holds the write lock of. */
  engagementIds: ReadonlySet<string>;
  /** Ids of the events appended so far, per engagement. */
  appended: Map<string, number[]>;
  /** Every event appended so far, in order. */
  events: AppendedEvent[];
}

/** An event a write transaction appended. */
export interface AppendedEvent {
  id: number;
  engagementId: string;
  type: string;
}

/**
 * Work that belongs in the same transaction as the events (an outbox row per event, such as a webhook
 * delivery): it runs after the transaction's own work, still under the lock, and may return what to do
 * once the transaction has committed (wake a worker).
 */
export type BeforeCommit = (trx: WriteTrx, events: readonly AppendedEvent[]) => Promise<(() => void) | undefined>;

/**
 * A transaction that holds the write lock of one (or a few) engagements. Only such a transaction can
 * append to the activity log (`recordEvent` takes nothing else), so no event is written outside the lock
 * and none is committed without being published.
 */
export type WriteTrx = Transaction<Database> & { readonly [scopeKey]: WriteScope };

type Publish = (engagementId: string, eventIds: number[]) => void;
interface WritePath {
  engine: Engine;
  publishers: Set<Publish>;
  beforeCommit: Set<BeforeCommit>;
}
const paths = new WeakMap<Kysely<Database>, WritePath>();

/** Tells the write path which engine a database handle runs on (done once when it is opened). */
export function registerWritePath(db: Kysely<Database>, engine: Engine): void {
  const known = paths.get(db);
  paths.set(db, { engine, publishers: known?.publishers ?? new Set(), beforeCommit: known?.beforeCommit ?? new Set() });
}

/** Adds work that runs inside every write transaction that appended events; returns a function that removes it. */
export function beforeEventsCommit(db: Kysely<Database>, hook: BeforeCommit): () => void {
  const path = paths.get(db);
  if (!path) throw new Error('registerWritePath must run before beforeEventsCommit');
  path.beforeCommit.add(hook);
  return () => {
    path.beforeCommit.delete(hook);
  };
}

/** Sets who hears about committed events (the live bus); returns a function that removes it. */
export function onCommittedEvents(db: Kysely<Database>, publish: Publish): () => void {
  const path = paths.get(db);
  if (!path) throw new Error('registerWritePath must run before onCommittedEvents');
  path.publishers.add(publish);
  return () => {
    path.publishers.delete(publish);
  };
}

// Two-key advisory locks live in their own space; this first key marks ours.
const LOCK_CLASS = 0x43_61_72_72;

/**
 * Runs `fn` in a transaction that first takes the write lock of the engagement(s), so writes to one
 * engagement are serialized: every rule that reads then writes (WIP limits, one running session,
 * signatures, package counts) sees the state the previous writer committed, and an engagement's
 * events commit in id order — the order the live stream's cursor, the board's ETag and the caches rely
 * on. On PostgreSQL the lock is a transaction-scoped advisory lock taken before anything is read; on
 * SQLite the single connection already serializes transactions. After the commit, the events the
 * transaction appended are published; a rolled-back transaction publishes nothing.
 */
export async function writeTransaction<T>(db: Kysely<Database>, engagement: string | readonly string[], fn: (trx: WriteTrx) => Promise<T>): Promise<T> {
  const path = paths.get(db);
  if (!path) throw new Error('This database handle was not opened through openDatabase');
  const ids = [...new Set(typeof engagement === 'string' ? [engagement] : engagement)].sort();
  const scope: WriteScope = { engagementIds: new Set(ids), appended: new Map(), events: [] };
  const afterCommit: (() => void)[] = [];
  const result = await db.transaction().execute(async (trx) => {
    if (path.engine === 'postgres') {
      // In a fixed order, so two transactions locking the same engagements cannot deadlock.
      for (const id of ids) await sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${id}))`.execute(trx);
    }
    Object.defineProperty(trx, scopeKey, { value: scope });
    const out = await fn(trx as WriteTrx);
    if (scope.events.length) {
      for (const hook of path.beforeCommit) {
        const then = await hook(trx as WriteTrx, scope.events);
        if (then) afterCommit.push(then);
      }
    }
    return out;
  });
  for (const [engagementId, eventIds] of scope.appended) for (const publish of path.publishers) publish(engagementId, eventIds);
  for (const then of afterCommit) then();
  return result;
}

/** Notes an appended event in the transaction's scope; refuses an engagement the transaction did not lock. */
export function noteAppended(trx: WriteTrx, engagementId: string, eventId: number, type: string): void {
  const scope = trx[scopeKey];
  if (!scope) throw new Error('Events can only be recorded inside writeTransaction');
  if (!scope.engagementIds.has(engagementId)) {
    throw new AppError('internal', `An event of engagement ${engagementId} was recorded without holding its write lock.`);
  }
  scope.events.push({ id: eventId, engagementId, type });
  const list = scope.appended.get(engagementId);
  if (list) list.push(eventId);
  else scope.appended.set(engagementId, [eventId]);
}

/** Whether a transaction holds an engagement's write lock (for functions that may run inside one). */
export function holdsWriteLock(trx: Transaction<Database>, engagementId: string): trx is WriteTrx {
  return !!(trx as Partial<WriteTrx>)[scopeKey]?.engagementIds.has(engagementId);
}

type OwnedTable = 'contracts' | 'coaching_sessions' | 'commitments' | 'cards' | 'board_columns' | 'invitations' | 'invoices';

/**
 * Runs `fn` under the write lock of the engagement a row belongs to. A row never changes engagement, so
 * reading which one before taking the lock is safe. Answers null (without running `fn`) when there is no such row.
 */
export async function writeTransactionOf<T>(
  db: Kysely<Database>,
  table: OwnedTable,
  id: string,
  fn: (trx: WriteTrx) => Promise<T>,
): Promise<{ result: T } | null> {
  const owner = await db.selectFrom(table).select('engagement_id').where('id', '=', id).executeTakeFirst();
  if (!owner) return null;
  return { result: await writeTransaction(db, owner.engagement_id, fn) };
}
