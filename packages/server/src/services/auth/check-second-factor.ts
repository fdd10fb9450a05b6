import { AppError } from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { findTwoFactor, useRecoveryCode, useTotpStep } from '../../db/queries/two-factor.js';
import { findUserById } from '../../db/queries/users.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { verifyPassword } from './passwords.js';
import { hashRecoveryCode, matchTotp } from './totp.js';

type Q = Kysely<Database> | Transaction<Database>;

export type SecondFactor = { code: string } | { recoveryCode: string };

/**
 * Checks a code from the app or a recovery code against the user's enabled authenticator. A recovery code is
 * used up; at log-in (`oncePerStep`) an app code is accepted once, so a code seen by someone else is spent.
 * Returns 'ok', 'wrong' or 'reused'.
 */
export async function checkSecondFactor(
  trx: Transaction<Database>,
  userId: string,
  factor: SecondFactor,
  opts: { oncePerStep: boolean },
): Promise<'ok' | 'wrong' | 'reused'> {
  const row = await findTwoFactor(trx, userId);
  if (!row?.enabled_at) return 'wrong';
  if ('recoveryCode' in factor) return (await useRecoveryCode(trx, userId, hashRecoveryCode(factor.recoveryCode), nowIso())) ? 'ok' : 'wrong';
  const step = matchTotp(row.secret, factor.code);
  if (step === null) return 'wrong';
  if (opts.oncePerStep && !(await useTotpStep(trx, userId, step))) return 'reused';
  return 'ok';
}

/** Reads one "code" field as an app code (six digits) or else as a recovery code. */
export function factorFromCode(code: string): SecondFactor {
  const digits = code.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? { code: digits } : { recoveryCode: code };
}

/** For changes to two-factor itself: the account's password, refused on its field. Checked outside transactions (it is slow on purpose). */
export async function confirmPassword(db: Q, userId: string, password: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    throw new AppError('validation_failed', 'Your password is not right.', { fields: { password: 'This is not your password.' } });
  }
}

/** For changes to two-factor itself: a current app code or an unused recovery code (which is used up), refused on its field. */
export async function confirmCode(trx: Transaction<Database>, userId: string, code: string): Promise<void> {
  if ((await checkSecondFactor(trx, userId, factorFromCode(code), { oncePerStep: false })) !== 'ok') {
    throw new AppError('validation_failed', 'That code does not match. Enter the code your app shows now, or an unused recovery code.', {
      fields: { code: 'That code does not match. Enter the current code from your app, or an unused recovery code.' },
    });
  }
}
