import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A wrong setting stops the server before it starts, with the sentence that names the variable.
  process.stderr.write(`Carriage cannot start: ${err.message}\n`);
  process.exit(1);
}
const app = await buildApp(config);

const shutdown = async (signal: string) => {
  app.log.info(`${signal} received, closing`);
  app.server.closeAllConnections();
  await app.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
app.log.info(`Carriage is running at ${config.publicUrl} (${app.database.engine === 'postgres' ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`);
