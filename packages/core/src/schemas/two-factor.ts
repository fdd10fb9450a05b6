import { z } from 'zod';
import { meSchema } from './auth.js';

/** A six-digit code from an authenticator app; spaces people type between the digit groups are ignored. */
export const totpCodeSchema = z
  .string({ error: 'Enter the 6-digit code from your authenticator app.' })
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'));

/** A recovery code as printed (xxxxx-xxxxx); case, spaces and the dash are forgiven. */
export const recoveryCodeSchema = z
  .string({ error: 'Enter one of your recovery codes.' })
  .trim()
  .min(1, 'Enter one of your recovery codes.')
  .max(40, 'That is not a recovery code. They look like ab3cd-7fgh2.');

export const twoFactorStatusSchema = z
  .object({ enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number().int() })
  .meta({ id: 'TwoFactorStatus' });
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const twoFactorSetupSchema = z
  .object({
    secret: z.string().describe('The shared secret in base32, for typing into an authenticator by hand.'),
    otpauthUrl: z.string().describe('The otpauth:// URI the QR code encodes.'),
    qrCode: z.string().describe('The QR code of otpauthUrl as an SVG data URL.'),
  })
  .meta({ id: 'TwoFactorSetup' });

export const twoFactorEnableBody = z.object({ code: totpCodeSchema });

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

/** Turning two-factor off, or making new recovery codes, takes the password and a current code (or a recovery code). */
export const twoFactorDisableBody = z.object({
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'That password is too long.'),
  code: z
    .string({ error: 'Enter a code from your authenticator app, or a recovery code.' })
    .trim()
    .min(1, 'Enter a code from your authenticator app, or a recovery code.')
    .max(40, 'Enter a code from your authenticator app, or a recovery code.'),
});

/** The second log-in step: a code from the app, or one recovery code. */
export const twoFactorLoginBody = z
  .object({ code: totpCodeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() })
  .refine((b) => b.code !== undefined || b.recoveryCode !== undefined, {
    message: 'Enter the 6-digit code from your authenticator app, or a recovery code.',
    path: ['code'],
  });

/** What POST /api/auth/login answers: the session, or a request for the second step. */
export const loginResultSchema = z.union([meSchema, z.object({ twoFactorRequired: z.literal(true) })]);
