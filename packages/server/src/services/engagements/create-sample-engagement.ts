import { AppError, type ColumnKind, reviewCommitment, zonedTimeToInstant } from '@carriage/core';
import type { Kysely } from 'kysely';
import { listColumns } from '../../db/queries/board.js';
import { insertEngagement, insertMember } from '../../db/queries/engagements.js';
import { coachTimeZone } from '../../db/queries/metrics.js';
import { insertCommitment, insertSessions, upsertNote } from '../../db/queries/sessions.js';
import { insertUser } from '../../db/queries/users.js';
import { upsertVision } from '../../db/queries/vision.js';
import type { CoachingSessionsTable, Database, EngagementsTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { parseSettings } from '../../plugins/access.js';
import { createCardInTransaction } from '../board/create-card.js';
import { createDefaultBoard } from '../board/create-default-board.js';
import { moveCardInTransaction } from '../board/move-card.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import type { Recap } from '../sessions/recap.js';
import { type SampleCard, sampleCards, sampleGoals, sampleNextSessionDay, sampleSessions, sampleStartDaysAgo } from './sample-story.js';

const DAY = 86_400_000;
export const SAMPLE_TITLE = 'Sample · Leading a growing team';
const COACHEE_NAME = 'Ana Ferreira';

/**
 * Where Ana lives and when the sessions are, from the coach's zone: a coach in Europe, Africa or on UTC
 * meets her in New York at 15:00 their time (09:00 or 10:00 hers), so the screens show two clocks;
 * anyone else meets her at 09:00 in their own zone.
 */
function meetingOf(coachZone: string): { zone: string; hour: number } {
  const eastOfAtlantic = coachZone === 'UTC' || coachZone.startsWith('Europe/') || coachZone.startsWith('Africa/');
  return eastOfAtlantic ? { zone: 'America/New_York', hour: 15 } : { zone: coachZone, hour: 9 };
}

/** The coach's sample engagement, if they have one. */
export function findSampleOf(db: Kysely<Database>, coachId: string) {
  return db.selectFrom('engagements').selectAll().where('coach_id', '=', coachId).where('sample', '=', 1).executeTakeFirst();
}

/** A step of the story at an instant; steps run in time order, so the activity log reads as it happened. */
interface Step {
  at: string;
  run: () => Promise<void>;
}

/**
 * Creates a realistic engagement owned by the coach with eight weeks of history, so every screen has
 * something to show: a fictional coachee (a member who cannot log in and receives no mail), a vision,
 * cards that moved through the board, eight held sessions whose commitments were kept or missed, and the
 * next session scheduled. Everything is written through the services and `recordEvent` a person's
 * changes use, with the story's times, so the metrics read it exactly as real history. One per coach.
 */
export async function createSampleEngagement(db: Kysely<Database>, coach: { id: string; name: string }, now = new Date()): Promise<EngagementsTable> {
  if (await findSampleOf(db, coach.id)) {
    throw new AppError('conflict', 'You already have a sample engagement. Open it from your engagements, or delete it to start a fresh one.');
  }
  const timeZone = await coachTimeZone(db, coach.id);
  const meeting = meetingOf(timeZone);
  const id = newId();
  const day0 = new Date(now.getTime() - sampleStartDaysAgo * DAY).toISOString().slice(0, 10);
  const dateOf = (day: number) => new Date(Date.parse(`${day0}T12:00:00Z`) + day * DAY).toISOString().slice(0, 10);
  const at = (day: number, time: string) => zonedTimeToInstant(dateOf(day), time, timeZone);
  return writeTransaction(db, id, async (trx) => {
    const created = at(-7, '10:00');
    const engagement: EngagementsTable = {
      id,
      title: SAMPLE_TITLE,
      client_type: 'organization',
      organization_name: 'Northwind Logistics (fictional)',
      status: 'active',
      coach_id: coach.id,
      starts_on: dateOf(-7),
      ends_on: dateOf(16 * 7),
      settings: JSON.stringify({ coacheeMayAcceptToDone: false }),
      archived_at: null,
      created_at: created,
      updated_at: created,
      sample: 1,
    };
    await insertEngagement(trx, engagement);
    // Checked again under the coach's new engagement lock: two clicks at once must not make two samples.
    const samples = await trx.selectFrom('engagements').select('id').where('coach_id', '=', coach.id).where('sample', '=', 1).execute();
    if (samples.length > 1) throw new AppError('conflict', 'You already have a sample engagement. Open it from your engagements.');
    await insertMember(trx, id, coach.id, 'coach', created);
    await recordEvent(trx, {
      engagementId: id,
      type: 'engagement.created',
      actorId: coach.id,
      entityId: id,
      payload: { title: engagement.title },
      createdAt: created,
    });
    await createDefaultBoard(trx, id);

    const coacheeId = newId();
    const joined = at(-6, '18:00');
    await insertUser(trx, {
      id: coacheeId,
      // example.org is reserved for examples (RFC 2606); mail to this member is never queued anyway.
      email: `ana.ferreira.${id.toLowerCase()}@example.org`,
      name: COACHEE_NAME,
      // Not an argon2 hash: no password verifies against it, so nobody can log in as the sample's coachee.
      password_hash: '!sample',
      time_zone: meeting.zone,
      created_at: joined,
      updated_at: joined,
      sample_engagement_id: id,
    });
    await insertMember(trx, id, coacheeId, 'coachee', joined);
    await recordEvent(trx, {
      engagementId: id,
      type: 'member.joined',
      actorId: coacheeId,
      entityId: coacheeId,
      payload: { userId: coacheeId, role: 'coachee' },
      createdAt: joined,
    });

    const visionAt = at(-3, '16:00');
    await upsertVision(
      trx,
      {
        engagement_id: id,
        current_situation: 'Ana was promoted to lead a team of eight six months ago. She still reviews every decision and works late most evenings.',
        desired_future: 'The team decides most things without her; she spends two mornings a week on strategy and leaves by six.',
        goals: JSON.stringify([
          { id: 'lead', what: sampleGoals.lead, howMeasured: 'Decisions the team takes without her', target: '8 of 10', byWhen: dateOf(16 * 7) },
          { id: 'time', what: sampleGoals.time, howMeasured: 'Strategy mornings kept', target: '2 a week', byWhen: dateOf(16 * 7) },
        ]),
        quote: null,
        updated_by: coach.id,
        created_at: visionAt,
        updated_at: visionAt,
      },
      false,
    );
    await recordEvent(trx, {
      engagementId: id,
      type: 'vision.updated',
      actorId: coach.id,
      entityId: id,
      payload: { changed: ['currentSituation', 'desiredFuture', 'goals'] },
      createdAt: visionAt,
    });

    await writeStory(trx, {
      id,
      coachId: coach.id,
      coacheeId,
      timeZone,
      at,
      dateOf,
      title: engagement.title,
      settings: engagement.settings,
      hour: meeting.hour,
    });
    return engagement;
  });
}

interface StoryContext {
  id: string;
  coachId: string;
  coacheeId: string;
  timeZone: string;
  title: string;
  settings: string;
  /** The hour sessions start at, in the coach's zone. */
  hour: number;
  at: (day: number, time: string) => string;
  dateOf: (day: number) => string;
}

/** The wall-clock time `minutes` into a session of the story. */
function inSession(c: StoryContext, minutes: number): string {
  return `${String(c.hour).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The board's cards and moves and the sessions, in time order. */
async function writeStory(trx: WriteTrx, c: StoryContext): Promise<void> {
  const columns = new Map((await listColumns(trx, c.id)).map((col) => [col.kind as ColumnKind, col.id]));
  const actor = { engagementId: c.id, membership: { userId: c.coachId, role: 'coach' as const }, settings: parseSettings(c.settings) };
  const cardIds = new Map<string, string>();
  const versions = new Map<string, number>();
  const kinds = new Map<string, ColumnKind>();
  const goalIds = new Map<string, string>();
  const steps: Step[] = [];

  for (const key of Object.keys(sampleGoals) as (keyof typeof sampleGoals)[]) {
    steps.push({
      at: c.at(0, inSession(c, 35)),
      run: async () => {
        const card = await createCardInTransaction(
          trx,
          c.id,
          actor,
          {
            columnId: columns.get('todo') as string,
            type: 'goal',
            title: sampleGoals[key],
            ownerId: c.coacheeId,
            dueOn: c.dateOf(16 * 7),
            definitionOfDone: [{ text: 'Ana and her manager agree it is so', done: false }],
          },
          { at: c.at(0, inSession(c, 35)) },
        );
        goalIds.set(key, card.id);
      },
    });
  }
  const move = (card: SampleCard, kind: ColumnKind, when: string) => async () => {
    const moved = await moveCardInTransaction(
      trx,
      cardIds.get(card.key) as string,
      actor,
      { columnId: columns.get(kind) as string, version: versions.get(card.key) as number },
      { at: when },
    );
    versions.set(card.key, moved.card.version);
    kinds.set(card.key, kind);
  };
  for (const card of sampleCards) {
    const createdAt = c.at(card.created, inSession(c, 40));
    steps.push({
      at: createdAt,
      run: async () => {
        const made = await createCardInTransaction(
          trx,
          c.id,
          actor,
          {
            columnId: columns.get('todo') as string,
            type: 'task',
            title: card.title,
            parentId: goalIds.get(card.goal) ?? null,
            ownerId: c.coacheeId,
            dueOn: c.dateOf((card.verify ?? card.created + 14) + 1),
            // Ticked by the owner before Verify; written at creation, so the story's cards in Verify and Done show it met.
            definitionOfDone: [{ text: 'Agreed with Ana in a session', done: card.verify !== undefined }],
          },
          { at: createdAt },
        );
        cardIds.set(card.key, made.id);
        versions.set(card.key, made.version);
        kinds.set(card.key, 'todo');
      },
    });
    if (card.start !== undefined) steps.push({ at: c.at(card.start, '14:00'), run: move(card, 'doing', c.at(card.start, '14:00')) });
    if (card.verify !== undefined) steps.push({ at: c.at(card.verify, '11:00'), run: move(card, 'verify', c.at(card.verify, '11:00')) });
    if (card.done !== undefined) steps.push({ at: c.at(card.done, inSession(c, 30)), run: move(card, 'done', c.at(card.done, inSession(c, 30))) });
  }

  const sessionIds = [...sampleSessions.map(() => newId()), newId()];
  const sessionRows: CoachingSessionsTable[] = [...sampleSessions.map((s) => s.day), sampleNextSessionDay].map((day, i) => {
    const startsAt = c.at(day, inSession(c, 0));
    const held = i < sampleSessions.length;
    return {
      id: sessionIds[i],
      engagement_id: c.id,
      series_id: null,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 60 * 60_000).toISOString(),
      duration_minutes: 60,
      time_zone: c.timeZone,
      video_url: null,
      place: 'Video call',
      status: held ? 'held' : 'scheduled',
      stage: held ? 'recap' : null,
      focus_card_id: null,
      started_at: held ? startsAt : null,
      closed_at: held ? c.at(day, inSession(c, 55)) : null,
      cancel_reason: null,
      recap: null,
      ics_sequence: 0,
      created_by: c.coachId,
      created_at: c.at(-2, '12:00'),
      updated_at: held ? c.at(day, inSession(c, 55)) : c.at(-2, '12:00'),
    };
  });
  steps.push({
    at: c.at(-2, '12:00'),
    run: async () => {
      await insertSessions(trx, sessionRows);
      await recordEvent(trx, {
        engagementId: c.id,
        type: 'session.scheduled',
        actorId: c.coachId,
        entityId: sessionIds[0],
        payload: { seriesId: null, sessionIds, count: sessionIds.length, firstStartsAt: sessionRows[0].starts_at },
        createdAt: c.at(-2, '12:00'),
      });
    },
  });

  /** Commitments not reviewed yet: made in a held session, reviewed when the next one starts. */
  let open: { id: string; cardKey: string; sessionId: string }[] = [];
  const reviewedIn = new Map<string, Recap['review']['items']>();
  const doneIn = new Map<number, SampleCard[]>();
  for (const card of sampleCards) if (card.done !== undefined) doneIn.set(card.done, [...(doneIn.get(card.done) ?? []), card]);
  for (const [i, s] of sampleSessions.entries()) {
    const sessionId = sessionIds[i];
    const startsAt = c.at(s.day, inSession(c, 0));
    steps.push({
      at: startsAt,
      run: async () => {
        const items: Recap['review']['items'] = [];
        for (const o of open) {
          const kind = kinds.get(o.cardKey) ?? null;
          const result = reviewCommitment(kind);
          await trx
            .updateTable('commitments')
            .set({ review_session_id: sessionId, review_result: result, review_column_kind: kind, reviewed_at: startsAt })
            .where('id', '=', o.id)
            .execute();
          const card = sampleCards.find((x) => x.key === o.cardKey) as SampleCard;
          items.push({
            cardId: cardIds.get(o.cardKey) as string,
            title: card.title,
            ownerName: COACHEE_NAME,
            dueOn: c.dateOf((card.verify ?? card.created + 14) + 1),
            result,
          });
        }
        open = [];
        reviewedIn.set(sessionId, items);
        await recordEvent(trx, {
          engagementId: c.id,
          type: 'session.started',
          actorId: c.coachId,
          entityId: sessionId,
          payload: {
            sessionId,
            from: null,
            to: 'wifle',
            review: { kept: items.filter((x) => x.result === 'kept').length, missed: items.filter((x) => x.result === 'missed').length },
          },
          createdAt: startsAt,
        });
      },
    });
    const committedAt = c.at(s.day, inSession(c, 45));
    steps.push({
      at: committedAt,
      run: async () => {
        for (const key of s.commit) {
          const card = sampleCards.find((x) => x.key === key) as SampleCard;
          const row = {
            id: newId(),
            engagement_id: c.id,
            session_id: sessionId,
            card_id: cardIds.get(key) as string,
            title: card.title,
            owner_id: c.coacheeId,
            due_on: c.dateOf((card.verify ?? card.created + 14) + 1),
            created_by: c.coachId,
            created_at: committedAt,
            review_session_id: null,
            review_result: null,
            review_column_kind: null,
            reviewed_at: null,
          };
          await insertCommitment(trx, row);
          open.push({ id: row.id, cardKey: key, sessionId });
          await recordEvent(trx, {
            engagementId: c.id,
            type: 'session.commitment_added',
            actorId: c.coachId,
            entityId: sessionId,
            payload: { sessionId, cardId: row.card_id },
            createdAt: committedAt,
          });
        }
      },
    });
    const closedAt = c.at(s.day, inSession(c, 55));
    steps.push({
      at: closedAt,
      run: async () => {
        const items = reviewedIn.get(sessionId) ?? [];
        const next = sessionRows[i + 1];
        const recap: Recap = {
          sessionId,
          engagementId: c.id,
          engagementTitle: c.title,
          startsAt,
          timeZone: c.timeZone,
          closedAt,
          review: { kept: items.filter((x) => x.result === 'kept').length, missed: items.filter((x) => x.result === 'missed').length, items },
          completed: (doneIn.get(s.day) ?? []).map((card) => ({ cardId: cardIds.get(card.key) as string, title: card.title })),
          moved: [],
          blocked: [],
          commitments: s.commit.map((key) => {
            const card = sampleCards.find((x) => x.key === key) as SampleCard;
            return { cardId: cardIds.get(key) as string, title: card.title, ownerName: COACHEE_NAME, dueOn: c.dateOf((card.verify ?? card.created + 14) + 1) };
          }),
          nextSession: next ? { id: next.id, startsAt: next.starts_at, timeZone: next.time_zone } : null,
          checkIns: [],
        };
        await trx
          .updateTable('coaching_sessions')
          .set({ recap: JSON.stringify(recap) })
          .where('id', '=', sessionId)
          .execute();
        await upsertNote(trx, sessionId, 'shared', s.note, c.coachId, closedAt);
        await recordEvent(trx, {
          engagementId: c.id,
          type: 'session.closed',
          actorId: c.coachId,
          entityId: sessionId,
          payload: { sessionId, status: 'held', closedAt },
          createdAt: closedAt,
        });
      },
    });
  }
  // Stable: steps at the same instant keep the order they were added in (a goal before its cards).
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const step of steps) await step.run();
}
