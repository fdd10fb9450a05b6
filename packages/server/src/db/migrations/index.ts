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

/** A migration written once for both engines; `engine` picks the few types that differ. */
export type NeutralMigration = {
  up(db: Kysely<any>, engine: Engine): Promise<void>;
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
};

function migratorFor(db: Kysely<any>, engine: Engine, schema?: string): Migrator {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (d) => m.up(d, engine) };
      return out;
    },
  };
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
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
  check(await migratorFor(db, engine, schema).migrateToLatest());
}

/** Applies migrations up to and including `name` (tests of a migration start from the database before it). */
export async function migrateUpTo(db: Kysely<any>, engine: Engine, name: string, schema?: string): Promise<void> {
  check(await migratorFor(db, engine, schema).migrateTo(name));
}
