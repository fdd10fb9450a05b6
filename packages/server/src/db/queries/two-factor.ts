import type { Kysely, Transaction } from 'kysely';
import type { Database, TwoFactorRecoveryCodesTable, UserTwoFactorTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The user's authenticator row, enabled or still awaiting its confirming code. */
export function findTwoFactor(db: Q, userId: string) {
  return db.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Whether the user has two-factor turned on. */
export async function hasTwoFactorEnabled(db: Q, userId: string): Promise<boolean> {
  const row = await db.selectFrom('user_two_factor').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
  return Boolean(row?.enabled_at);
}

/** Replaces any earlier unconfirmed enrollment with a new secret. */
export async function putPendingTwoFactor(db: Q, row: UserTwoFactorTable): Promise<void> {
  await db.deleteFrom('user_two_factor').where('user_id', '=', row.user_id).where('enabled_at', 'is', null).execute();
  await db.insertInto('user_two_factor').values(row).execute();
}

/** Turns on an enrollment that is still pending; returns whether this call did it. */
export async function markTwoFactorEnabled(db: Q, userId: string, now: string): Promise<boolean> {
  const r = await db.updateTable('user_two_factor').set({ enabled_at: now }).where('user_id', '=', userId).where('enabled_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the TOTP step a log-in used, only if it is later than the last one: returns whether it was. */
export async function useTotpStep(db: Q, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('user_two_factor')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Removes the authenticator and every recovery code of the user. */
export async function deleteTwoFactor(db: Q, userId: string): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_two_factor').where('user_id', '=', userId).execute();
}

/** Replaces the user's recovery codes with new ones (hashed). */
export async function replaceRecoveryCodes(db: Q, userId: string, rows: TwoFactorRecoveryCodesTable[]): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length) await db.insertInto('two_factor_recovery_codes').values(rows).execute();
}

/** Uses up one unused recovery code of the user; returns whether there was one with this hash. */
export async function useRecoveryCode(db: Q, userId: string, codeHash: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('two_factor_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many recovery codes the user has left. */
export async function countRecoveryCodesLeft(db: Q, userId: string): Promise<number> {
  const r = await db
    .selectFrom('two_factor_recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
