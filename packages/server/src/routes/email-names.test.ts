// Emails carry people's names exactly, in any script: in the subject, the body and the sender's display
// name, through a real SMTP exchange (nodemailer to an smtp-server receiver, parsed as a mail client would).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { drainJobs, freshDatabase, postgresIsReady, signUpClient } from '../test/harness.js';
import { makeCard, runToCommitments, schedule } from '../test/session-helpers.js';
import { accept } from '../test/world.js';

const COACH = 'Łukasz Wójcik 李明';
const TITLE = 'Leadership 🚀 리더십 — Anne-Marie';
const FROM = 'Équipe Carriage Ελλάδα <no-reply@carriage.test>';

interface Received {
  raw: string;
  parsed: ParsedMail;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe.skipIf(engine === 'postgres' && !postgresIsReady)(`email names [${engine}]`, () => {
    const inbox: Received[] = [];
    let smtp: SMTPServer;
    let app: FastifyInstance;
    let database: Db;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks);
            simpleParser(raw)
              .then((parsed) => {
                inbox.push({ raw: raw.toString('latin1'), parsed });
                callback();
              })
              .catch(callback);
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      const port = (smtp.server.address() as AddressInfo).port;
      const fresh = await freshDatabase(engine);
      database = fresh.database;
      drop = fresh.drop;
      const config = loadConfig({}, { ...fresh.config, smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: FROM });
      app = await buildApp(config, { database, logger: false });
      await app.ready();
    }, 30_000);

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    });

    /** The first message to this address, waiting for it to arrive. */
    async function mailTo(address: string, subject: RegExp): Promise<Received> {
      for (let i = 0; i < 100; i++) {
        // Mail goes out from the jobs table: run what is due (a recap queues its emails, then they are sent).
        await drainJobs(app);
        const m = inbox.find(
          (x) => x.parsed.to && !Array.isArray(x.parsed.to) && x.parsed.to.value[0]?.address === address && subject.test(x.parsed.subject ?? ''),
        );
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`No mail to ${address} matching ${subject}; got ${inbox.map((x) => x.parsed.subject).join(' | ')}`);
    }

    /** Message headers must be 7-bit: non-ASCII words travel as RFC 2047 encoded words. */
    const headersOf = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n'));

    it('sends an invitation whose subject, body and sender name read exactly as typed', async () => {
      const stamp = Math.random().toString(36).slice(2, 8);
      const coach = await signUpClient(app, COACH, `lukasz.${stamp}@example.com`);
      const created = await coach.post('/api/engagements', { title: TITLE, clientType: 'individual', startsOn: '2026-01-05', endsOn: '2026-04-05' });
      expect(created.statusCode, created.body).toBe(201);
      const invited = await coach.post(`/api/engagements/${created.json().id}/invitations`, {
        email: `eleni.${stamp}@example.com`,
        role: 'coachee',
        name: 'Ελένη',
      });
      expect(invited.statusCode, invited.body).toBe(201);
      expect(invited.json().emailed).toBe(true);
      expect((await coach.get(`/api/engagements/${created.json().id}/invitations`)).json().emailConfigured).toBe(true);

      const mail = await mailTo(`eleni.${stamp}@example.com`, /invited you/);
      expect(mail.parsed.subject).toBe(`${COACH} invited you to “${TITLE}” on Carriage`);
      expect(mail.parsed.from?.value).toEqual([{ address: 'no-reply@carriage.test', name: 'Équipe Carriage Ελλάδα' }]);
      expect(mail.parsed.text).toContain('Hello Ελένη,');
      expect(mail.parsed.text).toContain(`${COACH} invited you to join the coaching engagement “${TITLE}” as a coachee.`);
      expect(headersOf(mail.raw)).toMatch(/^[\x20-\x7e\r\n\t]*$/);
      expect(headersOf(mail.raw)).toMatch(/^Subject: =\?UTF-8\?/im);
    });

    it('sends the session recap as plain words: names and titles without Markdown escapes', async () => {
      const stamp = Math.random().toString(36).slice(2, 8);
      const coach = await signUpClient(app, COACH, `coach.${stamp}@example.com`);
      const coachee = await signUpClient(app, 'Дмитрий Анна-Мария', `dmitry.${stamp}@example.com`);
      const created = await coach.post('/api/engagements', { title: TITLE, clientType: 'individual', startsOn: '2026-01-05', endsOn: '2026-04-05' });
      const engagementId = created.json().id as string;
      const inv = await coach.post(`/api/engagements/${engagementId}/invitations`, { email: coachee.user?.email, role: 'coachee' });
      await accept(coachee, inv.json().token);
      const w = { coach, coachee, sponsor: coach, outsider: coach, engagementId };
      const board = (await coach.get(`/api/engagements/${engagementId}/board`)).json() as { columns: { id: string; kind: string }[] };
      const todo = board.columns.find((c) => c.kind === 'todo')?.id;
      const [session] = await schedule(w, { startsAt: '2026-03-17T09:00:00+01:00' });
      await runToCommitments(w, session.id);
      await makeCard(w, { columnId: todo, type: 'task', title: 'Re-read “Turn the Ship Around!” 📘', ownerId: coachee.user?.id, dueOn: '2026-03-24' });
      expect((await coach.post(`/api/sessions/${session.id}/close`)).statusCode).toBe(200);

      const mail = await mailTo(`dmitry.${stamp}@example.com`, /Session recap/);
      expect(mail.parsed.subject).toBe(`Session recap · ${TITLE}`);
      expect(mail.parsed.text).toContain(`Session recap — ${TITLE}`);
      expect(mail.parsed.text).toContain('- Re-read “Turn the Ship Around!” 📘 (owner: Дмитрий Анна-Мария, due 2026-03-24)');
      expect(mail.parsed.text).not.toContain('\\');
      expect(headersOf(mail.raw)).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    });
  });
}
