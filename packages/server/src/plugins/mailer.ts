import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Files sent with the message (an invoice's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Sends email through SMTP when configured; otherwise writes the message to the log for a self-hoster to
 * read. Only the job worker calls it (requests enqueue an `email` job): a failure throws, and the job is
 * tried again later with its error kept on the row.
 */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string | null; from: string; log: FastifyBaseLogger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      async send(mail) {
        opts.log.info(
          { mail: { to: mail.to, subject: mail.subject, attachments: mail.attachments?.map((a) => a.filename) } },
          `Email not sent (SMTP_URL is not set). To ${mail.to}: ${mail.subject}\n\n${mail.text}`,
        );
      },
      close() {},
    };
  }
  // Bounded waits, so a stalled mail server fails an attempt (retried later) well inside the job's lock.
  const transport = nodemailer.createTransport(
    new SMTPTransport({ url: opts.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }),
  );
  return {
    async send(mail) {
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
    },
    close() {
      transport.close();
    },
  };
}
