import { AppError, checkClose, type SessionStage, type SessionStatus, wallClock } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findEngagementRow, listMembers } from '../../db/queries/engagements.js';
import {
  cardEventsBetween,
  deleteCommitment,
  findSession,
  listCommitmentsOfSession,
  listParticipants,
  listReviewedIn,
  nextScheduledSession,
  updateCommitment,
  updateSessionRow,
} from '../../db/queries/sessions.js';
import type { CoachingSessionsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx } from '../events/record-event.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { checkInsSincePreviousSession } from '../measures/recap-check-ins.js';
import { addCommitmentInTransaction } from './manage-commitments.js';
import type { Recap } from './recap.js';
import { sessionTransaction } from './session-transaction.js';

interface CardEventPayload {
  card?: { id: string; title: string };
  columnKind?: string;
  fromColumnId?: string;
  toColumnId?: string;
  fromKind?: string | null;
  toKind?: string;
}

/** Cards pulled into work or created during the session become commitments too, however they were moved. */
async function sweepCommitments(
  trx: WriteTrx,
  s: CoachingSessionsTable,
  events: { type: string; entity_id: string; payload: string }[],
  actorId: string,
  now: string,
) {
  const picked = new Set<string>();
  for (const e of events) {
    const p = JSON.parse(e.payload) as CardEventPayload;
    if (e.type === 'card.created' && p.columnKind !== 'done' && p.columnKind !== 'verify') picked.add(e.entity_id);
    if (e.type === 'card.moved' && p.toKind === 'doing' && (p.fromKind === 'todo' || p.fromKind === 'backlog')) picked.add(e.entity_id);
  }
  for (const cardId of picked) {
    const card = await trx.selectFrom('cards').select(['archived_at']).where('id', '=', cardId).executeTakeFirst();
    if (card && !card.archived_at) await addCommitmentInTransaction(trx, s, cardId, actorId, now);
  }
}

/** The names of a list of titles, e.g. “A”, “B” and “C”. */
function titles(list: string[]): string {
  const q = list.map((t) => `“${t}”`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/**
 * Closes a session that reached its commitments: every commitment needs an owner and a due date;
 * the recap (completed, moved, blocked, new commitments, next session) is written once and the
 * session counts as held.
 */
export async function closeSession(db: Kysely<Database>, sessionId: string, actorId: string): Promise<{ session: CoachingSessionsTable; recap: Recap }> {
  return sessionTransaction(db, sessionId, async (trx) => {
    const s = await findSession(trx, sessionId);
    if (!s) throw new AppError('not_found', 'That session was not found.');
    const check = checkClose(s.stage as SessionStage | null, s.status as SessionStatus);
    if (!check.ok) throw new AppError('illegal_transition', check.message);
    const now = nowIso();
    const events = await cardEventsBetween(trx, s.engagement_id, s.started_at ?? s.starts_at, now);
    await sweepCommitments(trx, s, events, actorId, now);

    let commitments = await listCommitmentsOfSession(trx, s.id);
    for (const c of commitments.filter((c) => c.card_archived_at)) await deleteCommitment(trx, s.id, c.id);
    commitments = commitments.filter((c) => !c.card_archived_at);
    const lacking = commitments.filter((c) => !c.card_owner_id || !c.card_due_on);
    if (lacking.length) {
      throw new AppError(
        'not_ready',
        `Each commitment needs an owner and a due date: complete ${titles(lacking.map((c) => c.card_title))}, then close the session.`,
        {
          details: { cardIds: lacking.map((c) => c.card_id) },
        },
      );
    }
    for (const c of commitments) await updateCommitment(trx, c.id, { title: c.card_title, owner_id: c.card_owner_id, due_on: c.card_due_on });

    const columns = new Map(
      (await trx.selectFrom('board_columns').select(['id', 'name']).where('engagement_id', '=', s.engagement_id).execute()).map((c) => [c.id, c.name]),
    );
    const completed = new Map<string, { cardId: string; title: string }>();
    const moved: Recap['moved'] = [];
    for (const e of events) {
      if (e.type !== 'card.moved') continue;
      const p = JSON.parse(e.payload) as CardEventPayload;
      if (!p.card || p.fromColumnId === p.toColumnId) continue;
      if (p.toKind === 'done') completed.set(p.card.id, { cardId: p.card.id, title: p.card.title });
      else
        moved.push({
          cardId: p.card.id,
          title: p.card.title,
          from: columns.get(p.fromColumnId ?? '') ?? 'another column',
          to: columns.get(p.toColumnId ?? '') ?? 'another column',
        });
    }
    const blocked = await trx
      .selectFrom('cards')
      .select(['id', 'title', 'blocked_reason'])
      .where('engagement_id', '=', s.engagement_id)
      .where('blocked', '=', 1)
      .where('archived_at', 'is', null)
      .orderBy('title')
      .execute();
    const reviewed = await listReviewedIn(trx, s.id);
    const next = await nextScheduledSession(trx, s.engagement_id, s.starts_at, s.id);
    const engagement = await findEngagementRow(trx, s.engagement_id);
    const sentBack = new Map<string, { cardId: string; title: string; reason: string }>();
    const sendBacks = await trx
      .selectFrom('events')
      .select(['payload'])
      .where('engagement_id', '=', s.engagement_id)
      .where('entity_id', '=', s.id)
      .where('type', '=', 'session.card_sent_back')
      .orderBy('id')
      .execute();
    for (const e of sendBacks) {
      const p = JSON.parse(e.payload) as { cardId: string; title: string; reason: string };
      sentBack.set(p.cardId, { cardId: p.cardId, title: p.title, reason: p.reason });
    }
    const agreed = new Map((await listParticipants(trx, s.id)).map((p) => [p.user_id, p.agreed_at]));
    const workers = (await listMembers(trx, s.engagement_id)).filter((m) => m.role !== 'sponsor');
    const nextDay = next ? wallClock(next.starts_at, next.time_zone).date : null;
    const recap: Recap = {
      sessionId: s.id,
      engagementId: s.engagement_id,
      engagementTitle: engagement?.title ?? '',
      startsAt: s.starts_at,
      timeZone: s.time_zone,
      closedAt: now,
      review: {
        kept: reviewed.filter((r) => r.review_result === 'kept').length,
        missed: reviewed.filter((r) => r.review_result === 'missed').length,
        items: reviewed.map((r) => ({
          cardId: r.card_id,
          title: r.title,
          ownerName: r.owner_name,
          dueOn: r.due_on,
          result: r.review_result as 'kept' | 'missed',
        })),
      },
      completed: [...completed.values()],
      moved,
      blocked: blocked.map((b) => ({ cardId: b.id, title: b.title, reason: b.blocked_reason })),
      commitments: commitments.map((c) => ({ cardId: c.card_id, title: c.card_title, ownerName: c.owner_name, dueOn: c.card_due_on })),
      nextSession: next ? { id: next.id, startsAt: next.starts_at, timeZone: next.time_zone } : null,
      sentBack: [...sentBack.values()],
      agreements: workers.map((m) => ({ userId: m.userId, name: m.name, agreedAt: agreed.get(m.userId) ?? null })),
      notAShortStep: nextDay ? commitments.filter((c) => c.card_due_on && c.card_due_on > nextDay).map((c) => c.card_id) : [],
      checkIns: await checkInsSincePreviousSession(trx, s, now),
    };
    const patch: Partial<CoachingSessionsTable> = {
      stage: 'recap',
      status: 'held',
      closed_at: now,
      recap: JSON.stringify(recap),
      updated_at: now,
      ics_sequence: s.ics_sequence + 1,
    };
    await updateSessionRow(trx, s.id, patch);
    await recordEvent(trx, {
      engagementId: s.engagement_id,
      type: 'session.closed',
      actorId,
      entityId: s.id,
      // Everyone sees that the session was held; what it produced goes to coach and coachees only.
      payload: { sessionId: s.id, status: 'held', closedAt: now },
      createdAt: now,
    });
    // The recap is emailed by the worker once this commits.
    await enqueueJob(trx, { kind: 'session-recap', payload: { sessionId: s.id }, engagementId: s.engagement_id });
    return { session: { ...s, ...patch }, recap };
  });
}
