import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { registerWritePath } from '../services/events/write-transaction.js';
import { migrateToLatest } from './migrations/index.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** An open database: the query builder, which engine it runs on, and how to close it. */
export interface Db {
  db: Kysely<Database>;
  engine: Engine;
  /** For PostgreSQL, a pool other parts (live updates) can take dedicated clients from. */
  pool: pg.Pool | null;
  close(): Promise<void>;
}

// bigint (count(*), bigserial ids) arrives as a string from pg; our numbers fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/** Opens the configured engine and applies every pending migration. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'databaseSchema' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) {
    const schema = config.databaseSchema;
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
      } finally {
        client.release();
      }
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db, 'postgres', schema ?? undefined);
    registerWritePath(db, 'postgres');
    return { db, engine: 'postgres', pool, close: () => db.destroy() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'carriage.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db, 'sqlite');
  registerWritePath(db, 'sqlite');
  return { db, engine: 'sqlite', pool: null, close: () => db.destroy() };
}

/**
 * better-sqlite3 keeping its prepared statements by SQL text. Kysely prepares every query anew, and
 * preparing costs about as much as running a small indexed query; our queries are a fixed set of shapes.
 * A statement busy in an iterator is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const kept = statements.get(text);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(text);
      // Queries with a varying number of parameters (IN lists) make new texts: keep the cache bounded.
      if (!kept && statements.size < 2000) statements.set(text, statement);
      return statement;
    },
  };
}

/** True when the error is a unique-constraint violation on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export { sql };
