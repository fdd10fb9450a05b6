import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresIsReady, TEST_PG_URL } from '../../test/harness.js';
import { listFlowSteps } from '../queries/metrics.js';
import { BACKFILL_BATCH } from './019-event-flow-columns.js';
import { migrateToLatest, migrateUpTo } from './index.js';

/** A database of this engine migrated only up to `name`, as an older Carriage left it. */
async function databaseBefore(engine: 'sqlite' | 'postgres', name: string) {
  const suffix = crypto.randomBytes(6).toString('hex');
  if (engine === 'sqlite') {
    const dataDir = path.join(os.tmpdir(), `carriage-migration-${suffix}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dataDir, 'carriage.sqlite')) }) });
    await migrateUpTo(db, engine, name);
    return { db, schema: undefined, drop: async () => db.destroy() };
  }
  const schema = `m_${suffix}`;
  const pool = new pg.Pool({ connectionString: TEST_PG_URL, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  await migrateUpTo(db, engine, name, schema);
  return {
    db,
    schema,
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** A card as every card event carried it before moves were slimmed. */
const wholeCard = (columnId: string, title = 'Write to three former colleagues') => ({
  id: 'card-1',
  engagementId: 'e1',
  columnId,
  type: 'task',
  title,
  description: 'A long description '.repeat(40),
  labels: ['outreach'],
  version: 1,
});

for (const engine of ['sqlite', 'postgres'] as const) {
  describe.skipIf(engine === 'postgres' && !postgresIsReady)(`migration 019, event flow columns [${engine}]`, () => {
    it('fills where each card event put the card from its stored payload, past a batch boundary, and the metrics read them', async () => {
      const old = await databaseBefore(engine, '016-invoices');
      try {
        const now = '2026-03-02T10:00:00.000Z';
        await old.db
          .insertInto('users')
          .values({ id: 'u1', email: 'c@example.com', name: 'Casey', password_hash: 'x', time_zone: 'UTC', created_at: now, updated_at: now })
          .execute();
        await old.db
          .insertInto('engagements')
          .values({
            id: 'e1',
            title: 'Old',
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
        const event = (type: string, payload: unknown, entityType = 'card') => ({
          engagement_id: 'e1',
          type,
          actor_id: 'u1',
          entity_type: entityType,
          entity_id: entityType === 'card' ? 'card-1' : 'e1',
          audience: 'workers',
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
          created_at: now,
        });
        // Enough unrelated events first that the card's story straddles two batches.
        const filler = Array.from({ length: BACKFILL_BATCH + 5 }, () => event('engagement.updated', { title: 'Old' }, 'engagement'));
        for (let i = 0; i < filler.length; i += 250)
          await old.db
            .insertInto('events')
            .values(filler.slice(i, i + 250))
            .execute();
        const story = [
          event('card.created', { card: wholeCard('col-a'), columnKind: 'todo', overrideReason: null }),
          event('card.updated', { card: wholeCard('col-a'), changes: ['title'] }),
          event('card.moved', {
            card: wholeCard('col-b'),
            fromColumnId: 'col-a',
            toColumnId: 'col-b',
            fromKind: 'todo',
            toKind: 'doing',
            overrideReason: null,
          }),
          // A title cut in half of an emoji, as an older version stored it: PostgreSQL's JSON parser refuses the escape.
          `${JSON.stringify({ card: wholeCard('col-c', 'LONE'), fromColumnId: 'col-b', toColumnId: 'col-c', fromKind: 'doing', toKind: 'done', overrideReason: null })}`.replace(
            'LONE',
            '\\ud800',
          ),
          event('card.archived', { card: wholeCard('col-c'), changes: ['archived'] }),
          event('card.restored', { card: wholeCard('col-c'), changes: ['archived'] }),
        ].map((e) => (typeof e === 'string' ? event('card.moved', e) : e));
        await old.db.insertInto('events').values(story).execute();

        await migrateToLatest(old.db, engine, old.schema);

        const rows = await old.db
          .selectFrom('events')
          .select(['type', 'to_column_id', 'to_kind', 'from_column_id', 'from_kind'])
          .where('entity_type', '=', 'card')
          .orderBy('id')
          .execute();
        expect(rows).toEqual([
          { type: 'card.created', to_column_id: 'col-a', to_kind: 'todo', from_column_id: null, from_kind: null },
          { type: 'card.updated', to_column_id: null, to_kind: null, from_column_id: null, from_kind: null },
          { type: 'card.moved', to_column_id: 'col-b', to_kind: 'doing', from_column_id: 'col-a', from_kind: 'todo' },
          { type: 'card.moved', to_column_id: 'col-c', to_kind: 'done', from_column_id: 'col-b', from_kind: 'doing' },
          { type: 'card.archived', to_column_id: null, to_kind: null, from_column_id: null, from_kind: null },
          { type: 'card.restored', to_column_id: 'col-c', to_kind: null, from_column_id: null, from_kind: null },
        ]);
        const untouched = await old.db
          .selectFrom('events')
          .select(({ fn }) => fn.countAll().as('n'))
          .where('to_column_id', 'is not', null)
          .where('entity_type', '!=', 'card')
          .executeTakeFirst();
        expect(Number(untouched?.n)).toBe(0);

        const steps = await listFlowSteps(old.db, 'e1', { withFrom: true });
        expect(steps.map((s) => [s.type, s.column_id, s.kind, s.from_column_id])).toEqual([
          ['card.created', 'col-a', 'todo', null],
          ['card.moved', 'col-b', 'doing', 'col-a'],
          ['card.moved', 'col-c', 'done', 'col-b'],
          ['card.archived', null, null, null],
          ['card.restored', 'col-c', null, null],
        ]);
        // Run again (as after an interrupted backfill): nothing changes, nothing fails.
        await migrateToLatest(old.db, engine, old.schema);
      } finally {
        await old.drop();
      }
    });
  });
}
