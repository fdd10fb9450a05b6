import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/database.js';
import { describeEachEngine, MemoryMailer, signUpClient, TestClient } from '../test/harness.js';

describeEachEngine('rate limits across instances', (ctx) => {
  it('attempts counted by one instance count on the other: the limit holds for the pair, also under parallel attempts', async () => {
    const config = { ...ctx().config, loginMaxAttempts: 4 };
    const instances: FastifyInstance[] = [];
    for (let i = 0; i < 2; i++) instances.push(await buildApp(config, { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false }));
    const [a, b] = instances;
    try {
      const person = await signUpClient(a, 'Limited Person');
      const email = person.user?.email as string;
      const wrong = (app: FastifyInstance, address = email) => new TestClient(app).post('/api/auth/login', { email: address, password: 'not the password' });

      const statuses: number[] = [];
      for (const app of [a, b, a, b, a, b]) statuses.push((await wrong(app)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      const refused = await wrong(b);
      expect(refused.json().error).toEqual({ code: 'too_many_requests', message: 'Too many attempts. Wait a few minutes and try again.' });
      // The right password is refused too while the window lasts, on either instance.
      expect((await new TestClient(a).post('/api/auth/login', { email, password: 'correct horse battery' })).statusCode).toBe(429);

      // Twelve attempts at once on another address, half through each instance: exactly four get through.
      const other = `parallel-${Date.now()}@example.com`;
      const parallel = await Promise.all(Array.from({ length: 12 }, (_, i) => wrong(i % 2 ? a : b, other)));
      expect(parallel.map((r) => r.statusCode).sort()).toEqual([...Array(4).fill(401), ...Array(8).fill(429)]);

      // Counters are kept per route and key, and only as hashes.
      const rows = await a.db.selectFrom('rate_limits').select(['key', 'hits']).execute();
      expect(rows.some((r) => r.key.includes('@') || r.key.includes('127.0.0.1'))).toBe(false);
      expect(rows.map((r) => r.hits).sort((x, y) => y - x)[0]).toBeGreaterThanOrEqual(12);
    } finally {
      for (const app of instances) {
        await app.close();
        await app.database.close();
      }
    }
  });
});
