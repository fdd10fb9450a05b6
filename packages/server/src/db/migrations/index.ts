import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { Engine } from '../database.js';
import { accounts } from './001-accounts.js';
import { engagements } from './002-engagements.js';
import { board } from './003-board.js';
import { contracts } from './004-contracts.js';
import { sessions } from './005-sessions.js';
import { metrics } from './006-metrics.js';
import { twoFactor } from './007-two-factor.js';
import { indexes } from './008-indexes.js';
import { jobs } from './009-jobs.js';
import { doneRecency } from './010-done-recency.js';
import { accountHardening } from './011-account-hardening.js';
import { measures } from './012-measures.js';
import { webhooks } from './013-webhooks.js';
import { imports } from './014-imports.js';
import { ratesInMinorUnits } from './015-rates-in-minor-units.js';
import { invoices } from './016-invoices.js';
import { oneRoom } from './017-one-room.js';
import { sampleEngagements } from './018-sample-engagements.js';
import { eventFlowColumns } from './019-event-flow-columns.js';

/**
 * A migration written once for both engines; `engine` picks the few types that differ. PostgreSQL runs
 * each in a transaction, unless it says `transaction: false` (a long backfill that commits in batches,
 * so it never holds a table's lock for its whole length; it must be safe to run again if interrupted).
 */
export type NeutralMigration = {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
  transaction?: false;
};

/** Every migration, in order. Names are numbered so they sort. */
const migrations: Record<string, NeutralMigration> = {
  '001-accounts': accounts,
  '002-engagements': engagements,
  '003-board': board,
  '004-contracts': contracts,
  '005-sessions': sessions,
  '006-metrics': metrics,
  '007-two-factor': twoFactor,
  '008-indexes': indexes,
  '009-jobs': jobs,
  '010-done-recency': doneRecency,
  '011-account-hardening': accountHardening,
  '012-measures': measures,
  '013-webhooks': webhooks,
  '014-imports': imports,
  '015-rates-in-minor-units': ratesInMinorUnits,
  '016-invoices': invoices,
  '017-one-room': oneRoom,
  '018-sample-engagements': sampleEngagements,
  '019-event-flow-columns': eventFlowColumns,
};

function migratorFor(db: Kysely<any>, engine: Engine, schema?: string, disableTransactions = false): Migrator {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (d) => m.up(d, engine) };
      return out;
    },
  };
  return new Migrator({ db, provider, disableTransactions, ...(schema ? { migrationTableSchema: schema } : {}) });
}

function check({ error, results }: MigrationResultSet): void {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
}

/**
 * Applies pending migrations; throws with the failing migration's error. `schema` names the PostgreSQL schema
 * the database lives in: Kysely otherwise takes migration tables in any other schema of the same database
 * (another test file's, a benchmark's) for its own, skips creating them and fails.
 */
export async function migrateToLatest(db: Kysely<any>, engine: Engine, schema?: string): Promise<void> {
  await migrateUpTo(db, engine, Object.keys(migrations).at(-1) as string, schema);
}

/**
 * Applies migrations up to and including `name` (tests of a migration start from the database before it):
 * consecutive ones that take a transaction run together, a `transaction: false` one on its own.
 */
export async function migrateUpTo(db: Kysely<any>, engine: Engine, name: string, schema?: string): Promise<void> {
  const names = Object.keys(migrations);
  const end = names.indexOf(name);
  if (end < 0) throw new Error(`There is no migration ${name}.`);
  // Start after the last one applied: asking Kysely for an earlier one than that would migrate down.
  const applied = (await migratorFor(db, engine, schema).getMigrations()).filter((m) => m.executedAt).length;
  for (let i = applied; i <= end; i += 1) {
    const outside = migrations[names[i]].transaction === false;
    if (!outside && i < end && migrations[names[i + 1]].transaction !== false) continue;
    check(await migratorFor(db, engine, schema, outside).migrateTo(names[i]));
  }
}
