import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
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
