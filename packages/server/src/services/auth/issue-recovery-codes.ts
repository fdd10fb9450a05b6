import type { Transaction } from 'kysely';
import { replaceRecoveryCodes } from '../../db/queries/two-factor.js';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { hashRecoveryCode, newRecoveryCodes } from './totp.js';

/** Replaces the user's recovery codes with ten new ones; only their hashes are kept. */
export async function issueRecoveryCodes(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  const now = nowIso();
  await replaceRecoveryCodes(
    trx,
    userId,
    codes.map((code) => ({ id: newId(), user_id: userId, code_hash: hashRecoveryCode(code), created_at: now, used_at: null })),
  );
  return codes;
}
