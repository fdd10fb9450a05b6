import crypto from 'node:crypto';

/**
 * Seals secrets the server must read back (webhook signing secrets: a signature needs the secret itself,
 * so it can't be stored as a hash). With a key (WEBHOOK_SECRETS_KEY, 32 bytes in base64) a secret is
 * encrypted with AES-256-GCM, so a copy of the database alone does not reveal it; without one it is kept
 * as it is, marked so, and sealed the next time it is written after a key is set.
 */
export class SecretBox {
  private readonly key: Buffer | null;

  constructor(base64Key: string | null) {
    if (!base64Key) {
      this.key = null;
      return;
    }
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new Error('WEBHOOK_SECRETS_KEY must be 32 bytes in base64 (for example: openssl rand -base64 32).');
    this.key = key;
  }

  seal(secret: string): string {
    if (!this.key) return `plain:${secret}`;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `aes-256-gcm:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${sealed.toString('base64')}`;
  }

  open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
    const [scheme, iv, tag, sealed] = stored.split(':');
    if (scheme !== 'aes-256-gcm' || !iv || !tag || !sealed) throw new Error('A stored secret is in no known form.');
    if (!this.key) throw new Error('A webhook secret is sealed but WEBHOOK_SECRETS_KEY is not set.');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64')), decipher.final()]).toString('utf8');
  }
}
