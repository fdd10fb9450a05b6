import crypto from 'node:crypto';

/** A new opaque id: 16 URL-safe characters (96 random bits). */
export function newId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** A new secret token for links and API access (256 random bits). */
export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a secret: secrets are stored only as their hash. */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** The current instant as ISO 8601 UTC text, the form every time column stores. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** An instant `ms` milliseconds from now, as ISO text. */
export function isoFromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}
