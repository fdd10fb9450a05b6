import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/database.js';
import type { Json } from '../../test/contracts.js';
import { baseUrlOf, describeEachEngine, MemoryMailer } from '../../test/harness.js';
import { draftFor, setUpBusiness, signedContract } from '../../test/invoices.js';
import { buildWorld, type World } from '../../test/world.js';

/** Drafts `n` invoices in a world's engagement, each with one line (blank drafts of its signed contract). */
async function drafts(w: World, n: number): Promise<string[]> {
  const c = await signedContract(w, { amountMinor: 10000, currency: 'EUR', unit: 'fixed' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = await draftFor(w, c.id, { blank: true });
    const line = await w.coach.post(`/api/invoices/${d.id}/lines`, { description: `Session pack ${i + 1}`, quantity: 1, unitMinor: 10000 + i });
    expect(line.statusCode, line.body).toBe(201);
    ids.push(d.id);
  }
  return ids;
}

/** Issues an invoice through an app instance as the coach (a real HTTP request, so the instances truly run side by side). */
async function issueThrough(base: string, w: World, id: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}/api/invoices/${id}/issue`, {
    method: 'POST',
    headers: { ...w.coach.authHeaders(), 'x-csrf-token': w.coach.csrf ?? '', 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/**
 * Numbers are sequential per coach without gaps, even when the coach's engagements issue at the same
 * moment through two instances. Each issue takes the coach's counter row with an UPDATE inside its own
 * transaction (PostgreSQL row-locks it until commit): a read-then-write counter would hand out
 * duplicates here, which the unique (coach, number) constraint would turn into failed requests.
 */
describeEachEngine('invoice numbers under concurrent issuing', (ctx) => {
  it('24 invoices of one coach in four engagements, issued at once (two instances on PostgreSQL), are numbered 1 to 24; failed issues take no number', async () => {
    const { app, config, engine } = ctx();
    let second: FastifyInstance | null = null;
    if (engine === 'postgres') second = await buildApp(config, { database: await openDatabase(config), mailer: new MemoryMailer(), logger: false });
    try {
      const worlds = await Promise.all([1, 2, 3, 4].map((i) => buildWorld(app, `Numbering ${i}`)));
      await setUpBusiness(worlds[0].coach, { numberPrefix: 'CC-' });
      const ids: { w: World; id: string }[] = [];
      for (const w of worlds) for (const id of await drafts(w, 6)) ids.push({ w, id });
      // Two drafts that cannot be issued (no lines) run among them.
      const empty = await Promise.all(
        worlds.slice(0, 2).map(async (w) => ({
          w,
          id: (await draftFor(w, (await signedContract(w, { amountMinor: 1, currency: 'EUR', unit: 'fixed' })).id, { blank: true })).id,
        })),
      );

      const bases = [await baseUrlOf(app)];
      if (second) bases.push(await second.listen({ port: 0, host: '127.0.0.1' }));
      const all = [...ids, ...empty].sort(() => Math.random() - 0.5);
      const results = await Promise.all(all.map(({ w, id }, i) => issueThrough(bases[i % bases.length], w, id).then((r) => ({ id, ...r }))));

      const ok = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused.map((r) => [r.status, r.body.error?.message])).toEqual([
        [400, 'Add at least one line before issuing this invoice.'],
        [400, 'Add at least one line before issuing this invoice.'],
      ]);
      expect(ok).toHaveLength(24);
      const year = new Date().getUTCFullYear();
      const numbers = ok.map((r) => r.body.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => `CC-${year}-${String(i + 1).padStart(3, '0')}`));
      const counter = await app.db.selectFrom('invoice_counters').select('last_number').where('series', '=', String(year)).execute();
      expect(counter.map((c) => c.last_number)).toEqual([24]);

      // The next issue continues the series.
      const next = await drafts(worlds[3], 1);
      expect((await issueThrough(bases[0], worlds[3], next[0])).body.number).toBe(`CC-${year}-025`);
    } finally {
      if (second) {
        second.server.closeAllConnections();
        await second.close();
        await second.database.close();
      }
    }
  }, 120_000);
});
