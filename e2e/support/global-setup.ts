import { MAIL_HTTP_PORT, MAIL_SMTP_PORT } from '../playwright.config';
import { startMailCatcher } from './mail-catcher';

export default async function globalSetup() {
  return startMailCatcher(MAIL_SMTP_PORT, MAIL_HTTP_PORT);
}
