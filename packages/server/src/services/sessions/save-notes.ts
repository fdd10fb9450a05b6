import { AppError, can, type Membership, refusalMessage, visibleNoteKinds } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findNote, findSession, upsertNote, upsertParticipant } from '../../db/queries/sessions.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent } from '../events/record-event.js';
import { sessionTransaction } from './session-transaction.js';

export interface NoteView {
  body: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

const empty: NoteView = { body: '', updatedAt: null, updatedBy: null };

/**
 * The notes of a session as this member may read them: shared notes for the coach and coachees, and
 * the private notes only when the member may read them (the coach). Nothing else reads private notes.
 */
export async function readNotes(db: Kysely<Database>, sessionId: string, viewer: Membership): Promise<{ shared: NoteView; private?: NoteView }> {
  const shared = await findNote(db, sessionId, 'shared');
  const out: { shared: NoteView; private?: NoteView } = {
    shared: shared ? { body: shared.body, updatedAt: shared.updated_at, updatedBy: shared.updated_by_name } : empty,
  };
  if (visibleNoteKinds(viewer.role).includes('private')) {
    const own = await findNote(db, sessionId, 'private');
    out.private = own ? { body: own.body, updatedAt: own.updated_at, updatedBy: own.updated_by_name } : empty;
  }
  return out;
}

/** Saves shared and/or private notes; a private-note change is logged for the coach's eyes only. */
export async function saveNotes(db: Kysely<Database>, sessionId: string, viewer: Membership, body: { shared?: string; private?: string }): Promise<void> {
  if (body.private !== undefined && !can(viewer, 'session.notes.private')) {
    throw new AppError('forbidden', refusalMessage('session.notes.private', viewer.role));
  }
  await sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    if (body.shared !== undefined && s.stage === 'recap') {
      throw new AppError('conflict', 'This session is closed and its shared notes are final. Add an addendum instead; the recap shows it as one.');
    }
    const now = nowIso();
    if (body.shared !== undefined) {
      await upsertNote(trx, s.id, 'shared', body.shared, viewer.userId, now);
      await recordEvent(trx, {
        engagementId: s.engagement_id,
        type: 'session.notes_updated',
        actorId: viewer.userId,
        entityId: s.id,
        payload: { sessionId: s.id, visibility: 'shared' },
        createdAt: now,
      });
    }
    if (body.private !== undefined) {
      await upsertNote(trx, s.id, 'private', body.private, viewer.userId, now);
      await recordEvent(trx, {
        engagementId: s.engagement_id,
        type: 'session.private_notes_updated',
        actorId: viewer.userId,
        entityId: s.id,
        payload: { sessionId: s.id, visibility: 'private' },
        createdAt: now,
      });
    }
  });
}

/** Records what a participant expressed in WIFLE (and whether they are done). */
export async function saveWifle(db: Kysely<Database>, sessionId: string, userId: string, body: { note?: string; done?: boolean }): Promise<void> {
  await sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    if (s.stage === 'recap') throw new AppError('conflict', 'This session is closed; its WIFLE can’t change any more.');
    if (s.status === 'cancelled' || s.status === 'no_show') throw new AppError('conflict', 'This session didn’t take place, so it has no WIFLE.');
    const now = nowIso();
    const patch: { wifle_note?: string; wifle_done_at?: string | null } = {};
    if (body.note !== undefined) patch.wifle_note = body.note;
    if (body.done !== undefined) patch.wifle_done_at = body.done ? now : null;
    await upsertParticipant(trx, s.id, userId, patch, now);
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.wifle_updated',
      actorId: userId,
      entityId: s.id,
      payload: { sessionId: s.id, userId, done: body.done ?? null },
      createdAt: now,
    });
  });
}
