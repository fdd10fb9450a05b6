import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { freshConfig, MemoryMailer, postgresIsReady, TestClient } from '../../test/harness.js';
import { openDatabase } from '../database.js';
import { migrateUpTo } from './index.js';

/** A database of this engine migrated only up to `name`, as an older Carriage left it. */
async function databaseBefore(engine: 'sqlite' | 'postgres', name: string) {
  const fresh = freshConfig(engine);
  let db: Kysely<any>;
  if (engine === 'sqlite') {
    fs.mkdirSync(fresh.config.dataDir, { recursive: true });
    db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(path.join(fresh.config.dataDir, 'carriage.sqlite')) }) });
  } else {
    const pool = new pg.Pool({ connectionString: fresh.config.databaseUrl ?? '', options: `-c search_path=${fresh.schema}` });
    await pool.query(`CREATE SCHEMA "${fresh.schema}"`);
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  }
  await migrateUpTo(db, engine, name, fresh.schema ?? undefined);
  return { ...fresh, db };
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe.skipIf(engine === 'postgres' && !postgresIsReady)(`migration 011, account hardening [${engine}]`, () => {
    it('hashes the calendar feed tokens stored in plain text, so addresses already subscribed to keep working', async () => {
      const before = await databaseBefore(engine, '010-done-recency');
      const now = new Date().toISOString();
      const plain = crypto.randomBytes(32).toString('base64url');
      await before.db
        .insertInto('users')
        .values({
          id: 'user-before-011',
          email: 'feed.owner@example.com',
          name: 'Feed Owner',
          password_hash: 'x',
          time_zone: 'UTC',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await before.db.insertInto('calendar_feeds').values({ user_id: 'user-before-011', token: plain, created_at: now, last_fetched_at: null }).execute();
      await before.db
        .insertInto('password_resets')
        .values({ id: 'reset-before-011', user_id: 'user-before-011', token_hash: 'h', created_at: now, expires_at: now, used_at: null })
        .execute();
      await before.db.destroy();

      const database = await openDatabase(before.config);
      const app = await buildApp(before.config, { database, mailer: new MemoryMailer(), logger: false });
      try {
        const rows = await database.db.selectFrom('calendar_feeds').selectAll().execute();
        expect(rows).toEqual([
          { user_id: 'user-before-011', token_hash: crypto.createHash('sha256').update(plain).digest('hex'), created_at: now, last_fetched_at: null },
        ]);
        const feed = await new TestClient(app).get(`/api/calendar/${plain}.ics`);
        expect(feed.statusCode).toBe(200);
        expect(feed.body).toMatch(/^BEGIN:VCALENDAR/);
        const reset = await database.db.selectFrom('password_resets').selectAll().executeTakeFirstOrThrow();
        expect(reset).toMatchObject({ id: 'reset-before-011', revoked_at: null });
      } finally {
        await app.close();
        await database.close();
        await before.drop();
      }
    });
  });
}
