import { formatInZone, receivesSessionMail, roles } from '@carriage/core';
import type { Kysely } from 'kysely';
import type { Database, RemindersTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { enqueueEmail } from '../jobs/enqueue-job.js';
import { checkInReminders } from './check-in-reminders.js';

/** How long before a session its reminder is issued. */
export const SESSION_LEAD_MS = 24 * 3_600_000;

export interface ReminderDeps {
  db: Kysely<Database>;
  publicUrl: string;
}

export type NewReminder = Omit<RemindersTable, 'id' | 'created_at' | 'emailed_at' | 'dismissed_at'> & { email: string; text: string };

/** Sessions starting within the lead time: a reminder for the coach and each coachee. */
async function sessionReminders(db: Kysely<Database>, now: Date, publicUrl: string): Promise<NewReminder[]> {
  const rows = await db
    .selectFrom('coaching_sessions as s')
    .innerJoin('engagements as e', 'e.id', 's.engagement_id')
    .innerJoin('engagement_members as m', 'm.engagement_id', 's.engagement_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['s.id', 's.engagement_id', 's.starts_at', 's.video_url', 's.place', 'e.title', 'u.id as user_id', 'u.email', 'u.time_zone'])
    .where('s.status', '=', 'scheduled')
    .where('s.stage', 'is', null)
    .where('s.starts_at', '>', now.toISOString())
    .where('s.starts_at', '<=', new Date(now.getTime() + SESSION_LEAD_MS).toISOString())
    .where('m.role', 'in', roles.filter(receivesSessionMail))
    .where('e.archived_at', 'is', null)
    .execute();
  return rows.map((r) => {
    const when = formatInZone(r.starts_at, r.time_zone);
    const link = `${publicUrl}/e/${r.engagement_id}/sessions/${r.id}`;
    return {
      user_id: r.user_id,
      engagement_id: r.engagement_id,
      kind: 'session',
      subject_id: r.id,
      // A rescheduled session is a new reminder.
      remind_key: `session:${r.id}:${r.starts_at}`,
      title: `Coaching session · ${r.title} · ${when}`,
      due_at: r.starts_at,
      email: r.email,
      text: `Your next coaching session for “${r.title}” is on ${when}.\n\n${r.video_url ? `Join the call: ${r.video_url}\n` : r.place ? `Place: ${r.place}\n` : ''}Open it in Carriage: ${link}\n`,
    };
  });
}

/** Commitments due by tomorrow whose card isn't in Verify or Done yet: a reminder for the card's owner. */
async function commitmentReminders(db: Kysely<Database>, now: Date, publicUrl: string): Promise<NewReminder[]> {
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('commitments as c')
    .innerJoin('cards', 'cards.id', 'c.card_id')
    .innerJoin('board_columns as col', 'col.id', 'cards.column_id')
    .innerJoin('engagements as e', 'e.id', 'c.engagement_id')
    .innerJoin('users as u', 'u.id', 'cards.owner_id')
    .innerJoin('engagement_members as m', (j) => j.onRef('m.engagement_id', '=', 'c.engagement_id').onRef('m.user_id', '=', 'cards.owner_id'))
    .select(['c.id', 'c.engagement_id', 'cards.title', 'cards.due_on', 'e.title as engagement_title', 'u.id as user_id', 'u.email'])
    .where('c.review_result', 'is', null)
    .where('cards.due_on', 'is not', null)
    .where('cards.due_on', '<=', tomorrow)
    .where('cards.archived_at', 'is', null)
    .where('col.kind', 'not in', ['verify', 'done'])
    .where('e.archived_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    user_id: r.user_id,
    engagement_id: r.engagement_id,
    kind: 'commitment',
    subject_id: r.id,
    remind_key: `commitment:${r.id}:${r.due_on}`,
    title: `“${r.title}” is due ${r.due_on}`,
    due_at: `${r.due_on}T23:59:59.000Z`,
    email: r.email,
    text: `Your commitment “${r.title}” in “${r.engagement_title}” is due ${r.due_on}.\n\nSee it on the board: ${publicUrl}/e/${r.engagement_id}/board\n`,
  }));
}

/**
 * One pass of the `reminders` periodic job at `now`: issues the reminders that are due (each at most once,
 * whatever the number of passes or server instances) and queues each one's email once, in the same
 * transaction as the reminder (`emailed_at` marks it queued).
 */
export async function remindersTick(deps: ReminderDeps, now: Date = new Date()): Promise<{ issued: number; emailed: number }> {
  const { db } = deps;
  const wanted = [
    ...(await sessionReminders(db, now, deps.publicUrl)),
    ...(await commitmentReminders(db, now, deps.publicUrl)),
    ...(await checkInReminders(db, now, deps.publicUrl)),
  ];
  let issued = 0;
  let emailed = 0;
  const created = now.toISOString();
  for (const w of wanted) {
    const { email, text, ...row } = w;
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('reminders')
        .values({ ...row, id: newId(), created_at: created, emailed_at: null, dismissed_at: null })
        .onConflict((oc) => oc.columns(['user_id', 'remind_key']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) issued += 1;
      // Claim the email with the reminder, so two passes never queue it twice.
      const claim = await trx
        .updateTable('reminders')
        .set({ emailed_at: created })
        .where('user_id', '=', row.user_id)
        .where('remind_key', '=', row.remind_key)
        .where('emailed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) > 0) {
        await enqueueEmail(trx, { to: email, subject: `Reminder: ${row.title}`, text }, { engagementId: row.engagement_id, runAt: created });
        emailed += 1;
      }
    });
  }
  return { issued, emailed };
}

/** A user's reminders that are still relevant (not dismissed, not long past), soonest first. */
export function listReminders(db: Kysely<Database>, userId: string, now: Date = new Date()) {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('dismissed_at', 'is', null)
    .where('due_at', '>=', new Date(now.getTime() - 2 * 86_400_000).toISOString())
    .orderBy('due_at')
    .limit(50)
    .execute();
}
