import { dateOfDay, dayInZone, receivesCheckInReminders, roles } from '@carriage/core';
import type { Kysely } from 'kysely';
import { coachTimeZone } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';
import { buildGoalMeasures, readMeasureSources } from '../measures/goal-measures.js';
import type { NewReminder } from './send-reminders.js';

/**
 * Check-ins that are due: a goal's measure checked in weekly with a week gone by since its latest value
 * (or since its contract was signed), or checked in at each session with a session held since. One
 * reminder per missed check-in, to each member who records them.
 *
 * This is one source of the reminder pass (`remindersTick`), which issues each reminder once and emails
 * it; when the pass runs as a periodic job, these reminders go out with it unchanged.
 */
export async function checkInReminders(db: Kysely<Database>, now: Date, publicUrl: string): Promise<NewReminder[]> {
  // Only engagements whose signed contracts name a measure are read in full.
  const engagements = await db
    .selectFrom('engagements as e')
    .select(['e.id', 'e.title', 'e.coach_id'])
    .where('e.archived_at', 'is', null)
    .where('e.status', 'in', ['active', 'proposed'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('contracts as c')
          .select('c.id')
          .whereRef('c.engagement_id', '=', 'e.id')
          .where('c.status', 'in', ['signed', 'active', 'ended'])
          .where('c.content', 'like', '%"measure":{%'),
      ),
    )
    .execute();
  const out: NewReminder[] = [];
  for (const e of engagements) {
    const zone = await coachTimeZone(db, e.coach_id);
    const today = dateOfDay(dayInZone(zone)(now.getTime()));
    const { goals } = buildGoalMeasures(await readMeasureSources(db, e.id, zone), today);
    const due = goals.filter((g) => g.progress.due.missed > 0);
    if (due.length === 0) continue;
    const people = await db
      .selectFrom('engagement_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email'])
      .where('m.engagement_id', '=', e.id)
      .where('m.role', 'in', roles.filter(receivesCheckInReminders))
      .execute();
    for (const g of due) {
      const { since, missed, dueOn } = g.progress.due;
      for (const p of people) {
        out.push({
          user_id: p.id,
          engagement_id: e.id,
          kind: 'checkin',
          subject_id: g.cardId,
          // A new reminder for each check-in missed since the latest value.
          remind_key: `checkin:${g.cardId}:${since}:${missed}`,
          title: `Check in: ${g.measure.name} · ${e.title}`,
          due_at: `${dueOn ?? today}T00:00:00.000Z`,
          email: p.email,
          text: `It is time to record “${g.measure.name}” for the goal “${g.title}” in “${e.title}”${g.progress.latest ? ` (latest: ${g.progress.latest.value} on ${g.progress.latest.on})` : ''}.\n\nCheck in: ${publicUrl}/e/${e.id}/check-in\n`,
        });
      }
    }
  }
  return out;
}
