// The floor: the same SQL work as a route, run in the bench process straight against the server's database
// with the server's own query and service functions (packages/server/dist), without HTTP. A route's server CPU
// per request is then read as a multiple of (its bare route + this floor): what is left is the framework,
// the plugins and the route's own code.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/server/dist');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);

/** CPU milliseconds of this process (user + system). */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs `fn` `count` times one after another (after a warm-up) and answers its CPU and wall time per call. */
async function perCall(count, fn) {
  for (let i = 0; i < Math.min(50, count); i += 1) await fn(i);
  const cpu = cpuNow();
  const wall = performance.now();
  for (let i = 0; i < count; i += 1) await fn(i);
  return { calls: count, cpuMsPerCall: (cpuNow() - cpu) / count, wallMsPerCall: (performance.now() - wall) / count };
}

/**
 * Measures the floors on the server's database while the server is idle: the checks every engagement read
 * makes (API token, engagement, membership, the last event id — all a 304 or a board read from its cache
 * does in SQL), and a move (the same checks for a card, then the move's transaction through moveCard).
 */
export async function measureFloors({ server, token, engagementId, cards, columnIds, count }) {
  const [{ loadConfig }, { openDatabase }, { findApiTokenUser }, { hashSecret }, { loadAccess }, { findCard }, { moveCard }] = await Promise.all([
    load('config.js'),
    load('db/database.js'),
    load('db/queries/api-tokens.js'),
    load('lib/ids.js'),
    load('plugins/access.js'),
    load('db/queries/board.js'),
    load('services/board/move-card.js'),
  ]);
  const config = loadConfig(
    {},
    server.engine === 'postgres'
      ? { databaseUrl: server.databaseUrl, databaseSchema: server.schema, logLevel: 'silent', webDist: null }
      : { dataDir: server.dataDir, databaseUrl: null, logLevel: 'silent', webDist: null },
  );
  const database = await openDatabase(config);
  const { db } = database;
  try {
    // What authentication and access read for GET /api/engagements/:id/board, then the board's version.
    const readCheck = await perCall(count, async () => {
      const user = await findApiTokenUser(db, hashSecret(token));
      await loadAccess(db, user.id, engagementId);
      await db.selectFrom('events').select(db.fn.max('id').as('max')).where('engagement_id', '=', engagementId).executeTakeFirst();
    });
    // What POST /api/cards/:id/move reads and writes: the token, the card's engagement, access, the move itself.
    const pool = cards.map((c) => ({ ...c }));
    const move = await perCall(count, async (i) => {
      const card = pool[i % pool.length];
      const user = await findApiTokenUser(db, hashSecret(token));
      const row = await findCard(db, card.id);
      const access = await loadAccess(db, user.id, row.engagement_id);
      const to = card.columnId === columnIds[0] ? columnIds[1] : columnIds[0];
      const actor = { engagementId: access.engagement.id, membership: access.membership, settings: access.settings };
      const { card: moved } = await moveCard(db, card.id, actor, { columnId: to, version: card.version });
      card.version = moved.version;
      card.columnId = moved.columnId;
    });
    return { readCheck, move };
  } finally {
    await database.close();
  }
}
