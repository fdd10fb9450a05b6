import type { Kysely, Transaction } from 'kysely';
import type { ApiTokensTable, Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export async function insertApiToken(db: Q, row: ApiTokensTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The unrevoked token with this hash, joined with its user. */
export function findApiTokenUser(db: Q, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as tokenId', 'api_tokens.last_used_at', 'users.id', 'users.name', 'users.email', 'users.time_zone', 'users.created_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function markApiTokenUsed(db: Q, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Which of these token ids are still unrevoked. */
export async function liveApiTokenIds(db: Q, ids: string[]): Promise<Set<string>> {
  const live = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('revoked_at', 'is', null)
      .execute();
    for (const r of rows) live.add(r.id);
  }
  return live;
}

/** Revokes every live token of a user (a password reset, or a change that asks for it); returns how many. */
export async function revokeUserApiTokens(db: Q, userId: string, now: string): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function listApiTokens(db: Q, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
}

/** Revokes a user's token; returns false when the user has no such live token. */
export async function revokeApiToken(db: Q, userId: string, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function presentApiToken(t: ApiTokensTable) {
  return { id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, prefix: t.prefix };
}
