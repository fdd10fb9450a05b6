// Starts the built server as its own process on a fresh database and reads its CPU time and memory.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The server's own PostgreSQL driver, to drop the benchmark's schema afterwards.
const pg = createRequire(path.join(root, 'packages/server/package.json'))('pg');
export const serverMain = path.join(root, 'packages/server/dist/main.js');
const CLK_TCK = 100; // Linux reports utime/stime in USER_HZ, which is 100 on every mainstream build.

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Server CPU time in milliseconds: the nanosecond on-CPU time of each of its threads from
 * /proc/<pid>/task/<tid>/schedstat, or the 10 ms ticks of /proc/<pid>/stat where that is missing.
 */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {}
    }
    if (ns > 0) return ns / 1e6;
  } catch {}
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

/**
 * Starts `node packages/server/dist/main.js` on a fresh SQLite directory or a fresh PostgreSQL schema (or,
 * with `schema`, another instance on an existing one), waits until it answers, and returns its URL, pid and a
 * stop() that also removes the database it created.
 */
export async function startServer({ engine, databaseUrl, cpuProfileDir, dataDir: keepDataDir, webDist, schema: sharedSchema }) {
  if (!fs.existsSync(serverMain)) throw new Error(`${path.relative(process.cwd(), serverMain)} is missing: run \`npm run build\` first.`);
  const port = await freePort();
  const suffix = crypto.randomBytes(5).toString('hex');
  // A given data directory is kept (for profiling against the same data again); a fresh one is removed.
  const dataDir = keepDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'carriage-bench-'));
  // A second instance joins the first one's PostgreSQL schema (`sharedSchema`), which the first one drops.
  const schema = engine === 'postgres' ? (sharedSchema ?? `bench_${suffix}`) : null;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOGIN_MAX_ATTEMPTS: '1000000',
    LOGIN_ADDRESS_MAX_ATTEMPTS: '1000000',
    NODE_ENV: 'production',
  };
  if (webDist) env.WEB_DIST = webDist;
  if (engine === 'postgres') {
    env.DATABASE_URL = databaseUrl;
    env.DATABASE_SCHEMA = schema;
  } else {
    delete env.DATABASE_URL;
    delete env.DATABASE_SCHEMA;
  }
  const args = [];
  if (cpuProfileDir) args.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`);
  args.push(serverMain);
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`The server exited during start-up (${exited.code ?? exited.signal}):\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid,
    engine,
    // Where its data lives, for the floor measured on the same database (bench/lib/floor.mjs).
    dataDir,
    schema,
    databaseUrl: engine === 'postgres' ? databaseUrl : null,
    /** Problems the server logged (warn level and above), for the report. */
    log: () => log,
    exited: () => exited,
    /** Stops the server and answers how it ended: a clean stop is `{ code: 0, signal: null }`. */
    async stop() {
      const before = exited;
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      if (!keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema && !sharedSchema) {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
      return { early: before, ...exited };
    },
  };
}
