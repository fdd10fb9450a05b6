import { notFound } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type WriteTrx, writeTransactionOf } from '../events/write-transaction.js';

/** Runs `fn` under the write lock of the session's engagement; 404 when there is no such session. */
export async function sessionTransaction<T>(db: Kysely<Database>, sessionId: string, fn: (trx: WriteTrx) => Promise<T>): Promise<T> {
  const done = await writeTransactionOf(db, 'coaching_sessions', sessionId, fn);
  if (!done) throw notFound('That session');
  return done.result;
}

/** Runs `fn` under the write lock of the commitment's engagement; 404 when there is no such commitment. */
export async function commitmentTransaction<T>(db: Kysely<Database>, commitmentId: string, fn: (trx: WriteTrx) => Promise<T>): Promise<T> {
  const done = await writeTransactionOf(db, 'commitments', commitmentId, fn);
  if (!done) throw notFound('That commitment');
  return done.result;
}
