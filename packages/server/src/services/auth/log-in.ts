import { AppError } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findUserByEmail } from '../../db/queries/users.js';
import type { Database, UsersTable } from '../../db/schema.js';
import { dummyHash, verifyPassword } from './passwords.js';

/** Checks credentials; the refusal never says whether the email or the password was wrong. */
export async function logIn(db: Kysely<Database>, email: string, password: string): Promise<UsersTable> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !ok) throw new AppError('invalid_credentials', 'That email and password do not match an account. Check both, or reset your password.');
  return user;
}
