import { z } from 'zod';
import { emailSchema, idSchema } from './common.js';

export const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .min(10, 'Use a password of at least 10 characters.')
  .max(200, 'Use a password of at most 200 characters.');

export const nameSchema = z.string({ error: 'Enter your name.' }).trim().min(1, 'Enter your name.').max(120, 'Use a name of at most 120 characters.');

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Use an IANA time zone such as Europe/Paris.');

export const signupBody = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  timeZone: timeZoneSchema.optional(),
});
export type SignupBody = z.infer<typeof signupBody>;

export const loginBody = z.object({
  email: emailSchema,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(200, 'That password is too long.'),
});

export const passwordResetBody = z.object({ email: emailSchema });
export const passwordResetConfirmBody = z.object({
  token: z.string({ error: 'The reset link is incomplete.' }).min(10, 'The reset link is incomplete.').max(200, 'The reset link is not valid.'),
  password: passwordSchema,
});

export const userSchema = z.object({ id: idSchema, name: z.string(), email: z.string(), timeZone: z.string(), createdAt: z.string() }).meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const meSchema = z.object({ user: userSchema, csrfToken: z.string().nullable() });

export const profileBody = z.object({ name: nameSchema.optional(), timeZone: timeZoneSchema.optional() });

export const tokenCreateBody = z.object({
  name: z.string({ error: 'Give the token a name.' }).trim().min(1, 'Give the token a name.').max(80, 'Use a token name of at most 80 characters.'),
});
export const apiTokenSchema = z
  .object({ id: idSchema, name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), prefix: z.string() })
  .meta({ id: 'ApiToken' });
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });

export const changePasswordBody = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(200),
  newPassword: passwordSchema,
  endApiTokens: z
    .boolean({ error: 'Say true or false for endApiTokens (whether to revoke your API tokens too).' })
    .optional()
    .describe('Also revoke every personal API token of the account (default false; the web app asks, checked)'),
});
/** What a password change ended besides the session it was made from. */
export const passwordChangedSchema = z.object({ ok: z.literal(true), otherSessionsEnded: z.number().int(), apiTokensRevoked: z.number().int() });
