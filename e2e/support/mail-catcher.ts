import http from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  /** What came attached (an invoice's PDF): name, type and size only. */
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: string;
}

/** A real SMTP receiver for the journeys: it accepts mail (refusing addresses that start with "bounce") and serves what it got over HTTP. */
export async function startMailCatcher(smtpPort: number, httpPort: number): Promise<() => Promise<void>> {
  const inbox: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().startsWith('bounce')) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
          const attachments = parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size }));
          inbox.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', attachments, receivedAt: new Date().toISOString() });
          callback();
        })
        .catch((err) => callback(err));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to')?.toLowerCase();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(to ? inbox.filter((m) => m.to.includes(to)) : inbox));
  });
  await new Promise<void>((resolve) => web.listen(httpPort, '127.0.0.1', resolve));
  return async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await new Promise<void>((r) => web.close(() => r()));
  };
}
