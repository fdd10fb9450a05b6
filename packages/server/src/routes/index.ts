import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/index.js';
import { benchRoutes } from './bench/index.js';
import { boardRoutes } from './board/index.js';
import { calendarRoutes } from './calendar/index.js';
import { contractRoutes } from './contracts/index.js';
import { engagementRoutes } from './engagements/index.js';
import { eventRoutes } from './events/index.js';
import { importRoutes } from './imports/index.js';
import { invoiceRoutes } from './invoices/index.js';
import { jobRoutes } from './jobs/index.js';
import { measureRoutes } from './measures/index.js';
import { resultRoutes } from './results/index.js';
import { sessionRoutes } from './sessions/index.js';
import { webhookRoutes } from './webhooks/index.js';

/** Every route module of the API. Each route declares its access; the matrix test covers them all. */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(engagementRoutes);
  await app.register(boardRoutes);
  await app.register(contractRoutes);
  await app.register(sessionRoutes);
  await app.register(calendarRoutes);
  await app.register(measureRoutes);
  await app.register(resultRoutes);
  await app.register(invoiceRoutes);
  await app.register(eventRoutes);
  await app.register(jobRoutes);
  await app.register(webhookRoutes);
  await app.register(importRoutes);
  await app.register(benchRoutes);
};
