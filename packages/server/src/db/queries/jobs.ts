import type { Kysely, Transaction } from 'kysely';
import type { Engine } from '../database.js';
import type { Database, JobsTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Adds a job row (inside the caller's transaction when given one). */
export async function insertJob(db: Q, row: JobsTable): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** Adds the one row of a periodic job unless it is there already. */
export async function insertPeriodicJob(db: Q, row: JobsTable): Promise<void> {
  await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .execute();
}

/**
 * Claims the next due job of these kinds for one worker: a pending job whose time came, or a running
 * one whose worker's lock ran out (the worker died). On PostgreSQL the candidate row is locked with
 * FOR UPDATE SKIP LOCKED, so workers of several instances never claim the same job; SQLite runs one
 * writer at a time, so the single UPDATE … RETURNING is the claim. Returns the claimed row.
 */
export async function claimDueJob(
  db: Kysely<Database>,
  engine: Engine,
  args: { kinds: string[]; now: string; workerId: string; lockedUntil: string },
): Promise<JobsTable | undefined> {
  if (args.kinds.length === 0) return undefined;
  const due = (q: Kysely<Database>) =>
    q
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'in', args.kinds)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', args.now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', args.now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(1);
  // A read first: an idle poll takes no write lock.
  if (!(await due(db).executeTakeFirst())) return undefined;
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: args.workerId,
      locked_until: args.lockedUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: args.now,
    }))
    .where(
      'id',
      'in',
      due(db).$if(engine === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Records how a claimed job ended; only the worker holding the claim may. Returns whether it still held it. */
export async function finishJob(db: Q, id: string, workerId: string, patch: Partial<JobsTable>): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ ...patch, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Jobs of an engagement that failed for good, or whose last attempt failed and will be tried again; newest first. */
export function listTroubledJobs(db: Q, engagementId: string, limit = 50) {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', 'in', ['pending', 'running']), eb('last_error', 'is not', null)])]))
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** Removes jobs that finished well before `before` (done ones; failed ones stay visible longer). */
export async function deleteFinishedJobs(db: Q, doneBefore: string, failedBefore: string): Promise<number> {
  const r = await db
    .deleteFrom('jobs')
    .where('unique_key', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'done'), eb('finished_at', '<', doneBefore)]),
        eb.and([eb('status', '=', 'failed'), eb('finished_at', '<', failedBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
