// Storage per change: what the database grows by for each card created and each move, measured on the
// server's own database (the activity log with its indexes, and the cards table) around changes made
// through the API.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parallel } from './api.mjs';
import { seedCards } from './seed.mjs';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server/dist');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
// The server's own query builder, for the few size queries below.
const { sql } = createRequire(path.join(dist, '../package.json'))('kysely');

/** Bytes the given tables take with their indexes: SQLite's pages (dbstat), PostgreSQL's relations (with TOAST). */
async function tableBytes(database, engine, tables) {
  const list = sql.join(tables.map((t) => sql.lit(t)));
  if (engine === 'sqlite') {
    const { rows } = await sql`select coalesce(sum(pgsize), 0) as bytes from dbstat
      where name in (${list}) or name in (select name from sqlite_master where type = 'index' and tbl_name in (${list}))`.execute(database.db);
    return Number(rows[0].bytes);
  }
  let total = 0;
  for (const t of tables) {
    const { rows } = await sql`select pg_total_relation_size(${sql.lit(t)}::regclass) as bytes`.execute(database.db);
    total += Number(rows[0].bytes);
  }
  return total;
}

/**
 * Creates `cards` cards in a fresh engagement, then makes about `moves` moves among them (each card moved back
 * and forth with its current version, eight cards at a time), and answers the growth per card (events and cards, with their indexes) and per move
 * (events with their indexes), and the average stored `card.moved` payload.
 */
export async function measureStorage({ server, coach, coachee, engagement, cards, moves }) {
  const [{ loadConfig }, { openDatabase }] = await Promise.all([load('config.js'), load('db/database.js')]);
  const config = loadConfig(
    {},
    server.engine === 'postgres'
      ? { databaseUrl: server.databaseUrl, databaseSchema: server.schema, logLevel: 'silent', webDist: null }
      : { dataDir: server.dataDir, databaseUrl: null, logLevel: 'silent', webDist: null },
  );
  const database = await openDatabase(config);
  try {
    const both = ['events', 'cards'];
    const beforeCards = await tableBytes(database, server.engine, both);
    const pool = await seedCards({ coach, coachee, engagement, count: cards, prefix: 30000 });
    const afterCards = await tableBytes(database, server.engine, both);
    const beforeMoves = await tableBytes(database, server.engine, ['events']);
    const columnIds = [engagement.columns.todo.id, engagement.columns.verify.id];
    const state = pool.map((c) => ({ id: c.id, version: c.version, columnId: columnIds[0] }));
    // Each card moves back and forth, one move after another; eight cards at a time.
    const perCard = Math.ceil(moves / state.length);
    let made = 0;
    await parallel(state, 8, async (card) => {
      for (let k = 0; k < perCard; k += 1) {
        const to = card.columnId === columnIds[0] ? columnIds[1] : columnIds[0];
        const moved = await coach.post(`/api/cards/${card.id}/move`, { columnId: to, version: card.version });
        card.version = moved.version;
        card.columnId = moved.columnId;
        made += 1;
      }
    });
    const afterMoves = await tableBytes(database, server.engine, ['events']);
    const { rows } =
      await sql`select count(*) as n, avg(length(payload)) as bytes from events where engagement_id = ${engagement.id} and type = 'card.moved'`.execute(
        database.db,
      );
    // What a move stored before it kept only what it changed: the whole card, as the API answers it.
    const whole = await parallel(state, 8, async (card) => Buffer.byteLength(JSON.stringify(await coach.get(`/api/cards/${card.id}`))));
    return {
      wholeCardBytes: whole.reduce((a, b) => a + b, 0) / whole.length,
      cards,
      moves: made,
      bytesPerCard: (afterCards - beforeCards) / cards,
      bytesPerMove: (afterMoves - beforeMoves) / made,
      movedPayloadBytes: Number(rows[0].bytes),
      movedEvents: Number(rows[0].n),
    };
  } finally {
    await database.close();
  }
}
