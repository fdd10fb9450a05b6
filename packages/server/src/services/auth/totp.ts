import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { hashSecret } from '../../lib/ids.js';

const ISSUER = 'Carriage';
const PERIOD = 30;
// One step either side forgives a phone clock a little off and a code typed as it changes.
const WINDOW = 1;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit TOTP secret in base32 (RFC 6238 with SHA-1, what every authenticator app reads). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI for an authenticator app, and its QR code as an SVG data URL. */
export async function enrollmentOf(secretBase32: string, accountLabel: string): Promise<{ otpauthUrl: string; qrCode: string }> {
  const otpauthUrl = totp(secretBase32, accountLabel).toString();
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#111827', light: '#ffffff' } });
  return { otpauthUrl, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** The time step a six-digit code belongs to if it is valid now (within one step), else null. */
export function matchTotp(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

// No 0/o, 1/l/i: recovery codes are read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten fresh recovery codes, each xxxxx-xxxxx (about 49 bits), shown to the person once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The stored hash of a recovery code; case, spaces and dashes do not matter. */
export function hashRecoveryCode(code: string): string {
  return hashSecret(`recovery:${code.toLowerCase().replace(/[\s-]+/g, '')}`);
}
