import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ContractContent, contractContentHash } from '@carriage/core';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { postgresIsReady, TEST_PG_URL } from '../../test/harness.js';
import { openDatabase } from '../database.js';
import { migrateUpTo } from './index.js';

/** A database of this engine migrated only up to `name`, as an older Carriage left it. */
async function databaseBefore(engine: 'sqlite' | 'postgres', name: string) {
  const suffix = crypto.randomBytes(6).toString('hex');
  if (engine === 'sqlite') {
    const dataDir = path.join(os.tmpdir(), `carriage-migration-${suffix}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dataDir, 'carriage.sqlite')) }) });
    await migrateUpTo(db, engine, name);
    const config = loadConfig({}, { dataDir, databaseUrl: null, webDist: null, logLevel: 'silent' });
    return { db, config, drop: async () => {} };
  }
  const schema = `m_${suffix}`;
  const pool = new pg.Pool({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  await migrateUpTo(db, engine, name, schema);
  const config = loadConfig({}, { databaseUrl: TEST_PG_URL, databaseSchema: schema, webDist: null, logLevel: 'silent' });
  return {
    db,
    config,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** A contract as it was stored before minor units, with the hash the canonical form printed for it then. */
const before = {
  title: 'Coaching agreement',
  clientType: 'individual',
  clientName: 'Cory Coachee',
  coachName: 'Casey Coach',
  startsOn: '2026-03-01',
  endsOn: '2026-05-31',
  goals: [{ id: 'g1', what: 'Lead the team meeting', howMeasured: 'Team survey', target: '4 of 5', byWhen: '2026-05-15' }],
  deliverables: [{ id: 'd1', description: 'Run a retrospective', acceptanceCriteria: 'Held and written up', dueOn: '2026-04-01', goalId: 'g1' }],
  paymentTerms: 'Monthly.',
  cancellationTerms: '24 hours.',
  confidentialityTerms: 'Confidential.',
  signers: [
    { userId: 'u1', name: 'Casey Coach', role: 'coach' },
    { userId: 'u2', name: 'Cory Coachee', role: 'coachee' },
  ],
};
/** A goal's measure (migration 012), signed before money moved to minor units: it must come through untouched. */
const measure = {
  name: 'Evenings without work',
  unit: 'evenings a week',
  baseline: 1,
  baselineOn: '2026-03-01',
  target: 4.5,
  targetOn: '2026-05-15',
  direction: 'up',
  cadence: 'weekly',
};
const oldContracts: { id: string; rate: Record<string, unknown>; sha: string; goals?: unknown[] }[] = [
  {
    id: 'c-measured',
    goals: [{ ...before.goals[0], measure }],
    rate: { amount: 150, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10 },
    sha: '8a16d7b7acd33b02a6bf5ae02790bc42c0089abfe0fede815b360e8689d374de',
  },
  {
    id: 'c-eur',
    rate: { amount: 150, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10 },
    sha: '83486000794d879f2e3062a4980beec0adb21b1574d96123397bf1bffafdf005',
  },
  {
    id: 'c-jpy',
    rate: { amount: 15000.5, currency: 'JPY', unit: 'fixed', sessionsIncluded: null },
    sha: '0bee99ed738efae054164ee42027a69e6a092e65ed8ff10b1c02b92dde23024e',
  },
  {
    id: 'c-kwd',
    rate: { amount: 1.25, currency: 'KWD', unit: 'per_hour', sessionsIncluded: null },
    sha: '2044dbd5ca5cf6b09b353837b0f0e1c1c13a8868bf2350838811696c330246b3',
  },
];

for (const engine of ['sqlite', 'postgres'] as const) {
  describe.skipIf(engine === 'postgres' && !postgresIsReady)(`migration 015, rates in minor units [${engine}]`, () => {
    it('converts every stored rate and quote to minor units exactly, and every signed hash still matches its content', async () => {
      const old = await databaseBefore(engine, '014-imports');
      const now = new Date().toISOString();
      await old.db
        .insertInto('users')
        .values({ id: 'u1', email: 'coach@example.com', name: 'Casey Coach', password_hash: 'x', time_zone: 'UTC', created_at: now, updated_at: now })
        .execute();
      await old.db
        .insertInto('engagements')
        .values({
          id: 'e1',
          title: 'Old engagement',
          client_type: 'individual',
          organization_name: null,
          status: 'active',
          coach_id: 'u1',
          starts_on: null,
          ends_on: null,
          settings: '{}',
          archived_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const c of [...oldContracts, { id: 'c-none', rate: null, sha: 'x' }]) {
        await old.db
          .insertInto('contracts')
          .values({
            id: c.id,
            engagement_id: 'e1',
            kind: 'original',
            version: 1,
            template: 'individual',
            previous_id: null,
            status: 'signed',
            title: 'Coaching agreement',
            starts_on: '2026-03-01',
            ends_on: '2026-05-31',
            content: JSON.stringify({ ...before, ...('goals' in c ? { goals: c.goals } : {}), rate: c.rate }),
            content_sha256: c.sha,
            created_by: 'u1',
            created_at: now,
            updated_at: now,
            sent_at: now,
            signed_at: now,
            declined_by: null,
            declined_at: null,
            declined_reason: null,
            withdrawn_at: null,
          })
          .execute();
      }
      await old.db
        .insertInto('vision_documents')
        .values({
          engagement_id: 'e1',
          current_situation: '',
          desired_future: '',
          goals: '[]',
          quote: JSON.stringify({ amount: 7200.1, currency: 'eur', unit: 'fixed', sessionsIncluded: 8, covers: 'Eight sessions' }),
          updated_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await old.db.destroy();

      const database = await openDatabase(old.config);
      try {
        const rows = await database.db.selectFrom('contracts').select(['id', 'content', 'content_sha256']).orderBy('id').execute();
        const rates = Object.fromEntries(rows.map((r) => [r.id, (JSON.parse(r.content) as ContractContent).rate]));
        expect(rates).toEqual({
          'c-eur': { amountMinor: 15000, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10, instalments: null },
          // Yen have no decimals: the half yen that was signed is kept at a finer scale, not rounded.
          'c-jpy': { amountMinor: 1500050, scale: 2, currency: 'JPY', unit: 'fixed', sessionsIncluded: null, instalments: null },
          // KWD counts thousandths: 1.25 is 1250 fils.
          'c-kwd': { amountMinor: 1250, currency: 'KWD', unit: 'per_hour', sessionsIncluded: null, instalments: null },
          'c-measured': { amountMinor: 15000, currency: 'EUR', unit: 'per_session', sessionsIncluded: 10, instalments: null },
          'c-none': null,
        });
        const measured = JSON.parse(rows.find((r) => r.id === 'c-measured')?.content ?? '{}') as ContractContent;
        expect(measured.goals[0].measure).toEqual(measure);
        for (const r of rows.filter((x) => x.id !== 'c-none')) expect(contractContentHash(JSON.parse(r.content)), r.id).toBe(r.content_sha256);
        const vision = await database.db.selectFrom('vision_documents').select('quote').executeTakeFirstOrThrow();
        expect(JSON.parse(vision.quote ?? 'null')).toEqual({
          amountMinor: 720010,
          currency: 'eur',
          unit: 'fixed',
          sessionsIncluded: 8,
          covers: 'Eight sessions',
        });
      } finally {
        await database.close();
        await old.drop();
      }
    }, 30_000);
  });
}
