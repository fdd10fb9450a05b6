import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from './auth/index.js';

/** Every route module of the API. A route added here is covered by the authorization matrix test. */
export const registerRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
};
