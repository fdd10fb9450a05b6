import { AppError, type Role, receivesSessionMail } from '@carriage/core';
import type { Kysely } from 'kysely';
import { listMembers } from '../../db/queries/engagements.js';
import { findNote, findSession } from '../../db/queries/sessions.js';
import type { Database } from '../../db/schema.js';
import { enqueueEmail } from '../jobs/enqueue-job.js';
import { type Recap, type RecapView, recapText } from './recap.js';

/** A closed session's recap as shown: the stored recap with the shared notes as they are now (never the private ones). */
export async function loadRecapView(db: Kysely<Database>, sessionId: string): Promise<RecapView> {
  const s = await findSession(db, sessionId);
  if (!s) throw new AppError('not_found', 'That session was not found.');
  if (!s.recap) throw new AppError('conflict', 'This session isn’t closed yet. Its recap appears when the session is closed.');
  // Only the shared notes join the recap (it goes to everyone in the room); private notes have no path into it.
  const shared = await findNote(db, s.id, 'shared');
  const addenda = await db
    .selectFrom('session_addenda')
    .innerJoin('users', 'users.id', 'session_addenda.author_id')
    .select(['session_addenda.id', 'session_addenda.body', 'users.name as authorName', 'session_addenda.created_at as createdAt'])
    .where('session_addenda.session_id', '=', s.id)
    .orderBy('session_addenda.created_at')
    .orderBy('session_addenda.id')
    .execute();
  return { ...(JSON.parse(s.recap) as Recap), sharedNotes: shared?.body ?? '', addenda };
}

/** Run by the worker after a session closes: queues the recap email to the coach and each coachee. */
export async function queueRecapEmails(db: Kysely<Database>, publicUrl: string, sessionId: string, now: Date): Promise<number> {
  const view = await loadRecapView(db, sessionId);
  const members = (await listMembers(db, view.engagementId)).filter((m) => receivesSessionMail(m.role as Role));
  const text = `${recapText(view)}\nOpen it in Carriage: ${publicUrl}/e/${view.engagementId}/sessions/${view.sessionId}\n`;
  await db.transaction().execute(async (trx) => {
    for (const m of members) {
      await enqueueEmail(
        trx,
        { to: m.email, subject: `Session recap · ${view.engagementTitle}`, text },
        { engagementId: view.engagementId, runAt: now.toISOString() },
      );
    }
  });
  return members.length;
}
