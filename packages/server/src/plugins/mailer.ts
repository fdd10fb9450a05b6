import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends email through SMTP when configured; otherwise writes the message to the log for a self-hoster to read. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string | null; from: string; log: FastifyBaseLogger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      async send(mail) {
        opts.log.info({ mail: { to: mail.to, subject: mail.subject } }, `Email not sent (SMTP_URL is not set). To ${mail.to}: ${mail.subject}\n\n${mail.text}`);
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (err) {
        // A mail outage must not lose the user's action; it is logged for the operator.
        opts.log.error({ err: (err as Error).message, to: mail.to, subject: mail.subject }, 'Sending email failed');
      }
    },
    close() {
      transport.close();
    },
  };
}
