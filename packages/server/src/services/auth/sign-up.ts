import { AppError, type SignupBody } from '@carriage/core';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/database.js';
import { findUserByEmail, insertUser } from '../../db/queries/users.js';
import type { Database, UsersTable } from '../../db/schema.js';
import { newId, nowIso } from '../../lib/ids.js';
import { hashPassword } from './passwords.js';

const emailTaken = () =>
  new AppError('email_taken', 'An account with this email already exists. Log in, or reset your password if you forgot it.', {
    fields: { email: 'An account with this email already exists.' },
  });

/** Creates an account; refuses an email already in use. */
export async function signUp(db: Kysely<Database>, body: SignupBody): Promise<UsersTable> {
  if (await findUserByEmail(db, body.email)) throw emailTaken();
  const now = nowIso();
  const user: UsersTable = {
    id: newId(),
    email: body.email,
    name: body.name,
    password_hash: await hashPassword(body.password),
    time_zone: body.timeZone ?? 'UTC',
    created_at: now,
    updated_at: now,
  };
  try {
    await insertUser(db, user);
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  return user;
}
